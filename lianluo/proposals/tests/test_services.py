"""Every write to suggestions: filing, co-signing, review, referral, handling, replies, ratings and reminders."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.models import AuditEvent
from lianluo.proposals import services, workflow
from lianluo.proposals.models import Handling, ProposalEvent, Reply, Signer, Suggestion
from lianluo.proposals.tests.conftest import BODY


def _deputy_account(mandate, username="csx_daibiao2"):
    """A second deputy with an account (the demo has one), to confirm co-signing in the system."""
    from lianluo.accounts.services import assignment_grant, user_create
    from lianluo.deputies.services import person_link_user

    user, _ = user_create(actor=None, username=username, full_name=mandate.person.name, home_region=mandate.region,
                          password="Lianluo-Test-2026x", must_change_password=False)
    assignment_grant(actor=None, user=user, role="deputy", region=mandate.region)
    person_link_user(person=mandate.person, user=user)
    return user


# ---------------------------------------------------------------- filing and co-signing


def test_a_deputy_drafts_and_invites_cosigners_who_confirm_in_the_system(county):
    other = county.others[0]
    other_user = _deputy_account(other)
    suggestion = services.suggestion_create(lead=county.lead, title="关于增设公交站点的建议", body=BODY,
                                            actor=county.deputy_user, cosigners=[other], session=county.session)
    signer = suggestion.signers.get(mandate=other)
    assert suggestion.status == "draft" and signer.status == Signer.Status.INVITED and signer.respond_by
    services.suggestion_cosign(suggestion=suggestion, actor=other_user, accept=True)
    assert suggestion.signers.get(mandate=other).status == Signer.Status.CONFIRMED
    with pytest.raises(ServiceError, match="不能重复"):
        services.suggestion_cosign(suggestion=suggestion, actor=other_user, accept=False)


def test_invitations_nobody_answered_lapse_at_submission(county):
    suggestion = services.suggestion_create(lead=county.lead, title="关于增设公交站点的建议", body=BODY,
                                            actor=county.deputy_user, cosigners=county.others[:2])
    submitted = services.suggestion_submit(suggestion=suggestion, actor=county.deputy_user)
    assert submitted.status == "submitted"
    assert set(submitted.signers.exclude(role="lead").values_list("status", flat=True)) == {"lapsed"}


def test_cosigning_after_the_deadline_is_refused(county):
    other_user = _deputy_account(county.others[0])
    suggestion = services.suggestion_create(lead=county.lead, title="关于增设公交站点的建议", body=BODY,
                                            actor=county.deputy_user, cosigners=[county.others[0]],
                                            respond_by=datetime.date.today())
    with time_machine.travel(datetime.date.today() + datetime.timedelta(days=2)), \
            pytest.raises(ServiceError, match="期限"):
        services.suggestion_cosign(suggestion=suggestion, actor=other_user, accept=True)


def test_the_office_keys_in_a_paper_suggestion_with_signatures_confirmed(county):
    suggestion = services.suggestion_create(lead=county.others[0], title="关于增设公交站点的建议", body=BODY,
                                            actor=county.office, cosigners=county.others[1:3])
    assert set(suggestion.signers.values_list("status", flat=True)) == {"confirmed"}


def test_nobody_else_files_in_a_deputys_name(county):
    with pytest.raises(PermissionDeniedError):
        services.suggestion_create(lead=county.others[0], title="关于增设公交站点的建议", body=BODY,
                                   actor=county.deputy_user)
    with pytest.raises(PermissionDeniedError):
        services.suggestion_create(lead=county.others[0], title="关于增设公交站点的建议", body=BODY,
                                   actor=county.officer)


@pytest.mark.parametrize(("title", "body", "field"), [
    ("", BODY, "title"), ("关于" + "很长" * 60, BODY, "title"), ("关于增设站点的建议", "", "body"),
    ("关于增设站点的建议", "太短了", "body"),
])
def test_bad_text_is_refused_naming_the_field_daibiaofa_art36(county, title, body, field):
    """代表法 Art 36: suggestions must be specific; a title and a body of some substance are required."""
    before = Suggestion.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.suggestion_create(lead=county.lead, title=title, body=body, actor=county.deputy_user)
    assert field in exc.value.message_dict
    assert Suggestion.objects.count() == before


def test_a_lead_whose_mandate_ended_cannot_file(county):
    from lianluo.deputies.models import Mandate

    Mandate.objects.filter(pk=county.others[0].pk).update(status="ended", ended_on=datetime.date.today(),
                                                          end_reason="resigned")
    county.others[0].refresh_from_db()
    with pytest.raises(ValidationError, match="终止"):
        services.suggestion_create(lead=county.others[0], title="关于增设公交站点的建议", body=BODY,
                                   actor=county.office)


def test_an_attachment_is_checked_by_its_content(make, county):
    suggestion = make("draft")
    services.attachment_add(suggestion=suggestion, name="照片.png", data=b"\x89PNG\r\n\x1a\n" + b"0" * 100,
                            actor=county.deputy_user)
    with pytest.raises(ValidationError, match="PDF"):
        services.attachment_add(suggestion=suggestion, name="x.pdf", data=b"MZ\x90\x00evil", actor=county.deputy_user)
    assert suggestion.attachments.count() == 1


# ---------------------------------------------------------------- review


def test_acceptance_numbers_per_session_and_per_year_between_sessions(make, county):
    first = make("accepted")
    second = make("accepted", title="关于加强农村饮水安全的建议")
    assert second.number == first.number + 1 and second.number_label == f"第{second.number}号"
    between = make("accepted", session=None, title="关于改善乡村客运的建议")
    assert between.session_id is None and between.number_label.startswith(f"闭会期间{between.year}年第")


def test_return_needs_a_reason_and_the_deputy_resubmits(make, county):
    suggestion = make("submitted")
    with pytest.raises(ValidationError):
        services.suggestion_return(suggestion=suggestion, actor=county.office, reason=" ")
    returned = services.suggestion_return(suggestion=suggestion, actor=county.office, reason="请补充具体建议。")
    assert returned.status == "returned" and returned.number is None
    services.suggestion_edit(suggestion=returned, actor=county.deputy_user, title=returned.title,
                             body=BODY + "具体建议：一是……二是……", session=returned.session)
    resubmitted = services.suggestion_submit(suggestion=returned, actor=county.deputy_user)
    assert resubmitted.status == "submitted" and resubmitted.return_reason == ""


def test_only_the_office_of_that_congress_or_above_reviews(make, county):
    suggestion = make("submitted")
    with pytest.raises(PermissionDeniedError):
        services.suggestion_accept(suggestion=suggestion, actor=county.deputy_user)
    accepted = services.suggestion_accept(suggestion=suggestion, actor=county.city_office)  # 长沙市 covers 长沙县
    assert accepted.status == "accepted"


def test_merging_keeps_the_link_and_the_masters_reply_reaches_the_merged(make, county):
    master = make("accepted")
    duplicate = make("submitted", title="关于整治小区污水漫溢的建议")
    services.suggestion_merge(master=master, duplicates=[duplicate], actor=county.office, note="内容相同")
    duplicate.refresh_from_db()
    assert duplicate.status == "merged" and duplicate.merged_into_id == master.pk
    services.suggestion_assign(suggestion=master, lead_unit=county.housing, actor=county.office)
    lead = master.handlings.get()
    services.handling_sign(handling=lead, actor=county.officer)
    services.contact_record(handling=lead, actor=county.officer, contacted_on=datetime.date.today(), way="meeting",
                            summary="见面沟通")
    reply = services.reply_submit(handling=lead, actor=county.officer, body="已安排改造。", reply_class="A")
    services.reply_approve(reply=reply, actor=county.leader)
    duplicate.refresh_from_db()
    assert duplicate.replied_on == datetime.date.today() and duplicate.reply_class == "A"
    assert duplicate.events.filter(action="reply").exists()


def test_similar_suggestions_are_found_for_review(make, county):
    from lianluo.proposals.selectors import similar_suggestions

    first = make("accepted", title="关于改造老旧小区雨污管网的建议")
    second = make("submitted", title="关于加快老旧小区雨污管网改造的建议")
    unrelated = make("submitted", title="关于规范校外培训机构收费的建议",
                     body="部分校外培训机构预收费用过高、退费难，建议教育部门加强资金监管并公开收费标准。")
    found = [s.pk for s, _score in similar_suggestions(suggestion=second)]
    assert first.pk in found and unrelated.pk not in found


# ---------------------------------------------------------------- referral


def test_referral_sets_the_deadline_three_or_six_months_daibiaofa_art51(make, county):
    day = datetime.date(2026, 3, 10)
    plain = make("assigned", assigned_on=day)
    complex_ = make("assigned", assigned_on=day, is_complex=True, title="关于统筹城乡供水一体化的建议")
    assert plain.due_on == datetime.date(2026, 6, 10) and complex_.due_on == datetime.date(2026, 9, 10)
    assert plain.handlings.get().status == "pending"


def test_referral_to_a_unit_outside_the_congresss_region_is_refused(make, county):
    suggestion = make("accepted")
    with pytest.raises(ValidationError, match="不是本级或下级"):
        services.suggestion_assign(suggestion=suggestion, lead_unit=county.city_housing, actor=county.office)
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and not suggestion.handlings.exists()


def test_bulk_referral_is_all_or_nothing(make, county):
    good = make("accepted")
    bad = make("accepted", title="关于加强农村饮水安全的建议")
    referrals = [services.Referral(good, county.housing), services.Referral(bad, county.city_housing)]
    with pytest.raises(ValidationError, match="关于加强农村饮水安全的建议"):
        services.suggestions_assign_bulk(referrals=referrals, actor=county.office)
    assert not Handling.objects.filter(suggestion__in=[good, bad]).exists()
    done = services.suggestions_assign_bulk(
        referrals=[services.Referral(good, county.housing),
                   services.Referral(bad, county.education, [(county.housing, "assist")])],
        actor=county.office)
    assert [s.status for s in done] == ["assigned", "assigned"]


def test_a_unit_asks_to_return_within_ten_days_and_the_office_reassigns_rules_d5(make, county):
    """RULES.md D5: the request comes within 10 days of receipt; approving a lead's return names the new lead unit,
    whose 3 months run from the reassignment (代表法 Art 51)."""
    suggestion = make("assigned", assigned_on=datetime.date.today() - datetime.timedelta(days=3))
    lead = suggestion.handlings.get()
    with pytest.raises(ValidationError):
        services.handling_request_return(handling=lead, actor=county.officer, reason="")
    services.handling_request_return(handling=lead, actor=county.officer, reason="属于教育局职责。")
    with pytest.raises(ValidationError, match="新的主办单位"):
        services.handling_decide_return(handling=lead, actor=county.office, approve=True)
    services.handling_decide_return(handling=lead, actor=county.office, approve=True, new_unit=county.education)
    suggestion.refresh_from_db()
    assert lead.__class__.objects.get(pk=lead.pk).status == "returned"
    new_lead = suggestion.handlings.get(role="lead", status="pending")
    assert new_lead.unit == county.education
    assert suggestion.due_on == workflow.reply_due(datetime.date.today(), is_complex=False)


def test_the_return_window_closes_after_ten_days_rules_d5(make, county):
    suggestion = make("assigned", assigned_on=datetime.date.today() - datetime.timedelta(days=11))
    with pytest.raises(ServiceError, match="10 日"):
        services.handling_request_return(handling=suggestion.handlings.get(), actor=county.officer, reason="不归我们")


def test_a_refused_return_goes_back_to_the_unit(make, county):
    suggestion = make("assigned")
    lead = suggestion.handlings.get()
    services.handling_request_return(handling=lead, actor=county.officer, reason="不属于本单位。")
    with pytest.raises(ValidationError):
        services.handling_decide_return(handling=lead, actor=county.office, approve=False)
    services.handling_decide_return(handling=lead, actor=county.office, approve=False, note="属于住建职责，请办理。")
    assert Handling.objects.get(pk=lead.pk).status == "signed"


def test_another_unit_cannot_act_on_a_units_part(make, county):
    suggestion = make("assigned")
    with pytest.raises(PermissionDeniedError):
        services.handling_sign(handling=suggestion.handlings.get(), actor=county.edu_officer)


# ---------------------------------------------------------------- handling and the reply


def test_no_reply_without_contact_with_the_deputy_daibiaofa_art51(make, county):
    """代表法 Art 51 ¶2: 与代表联系沟通，充分听取意见 — the reply is refused until a contact is recorded."""
    suggestion = make("signed")
    lead = suggestion.handlings.get()
    with pytest.raises(ServiceError, match="联系"):
        services.reply_submit(handling=lead, actor=county.officer, body="答复", reply_class="A")
    assert not Reply.objects.filter(suggestion=suggestion).exists()


def test_the_lead_unit_countersigns_the_co_units_opinions_before_replying(make, county):
    suggestion = make("assigned", partners=[(county.education, "assist")])
    lead = suggestion.handlings.get(role="lead")
    partner = suggestion.handlings.get(role="assist")
    services.handling_sign(handling=lead, actor=county.officer)
    services.handling_sign(handling=partner, actor=county.edu_officer)
    services.contact_record(handling=lead, actor=county.officer, contacted_on=datetime.date.today(), way="forum",
                            summary="座谈")
    with pytest.raises(ServiceError, match="长沙县教育局"):
        services.reply_submit(handling=lead, actor=county.officer, body="答复", reply_class="A")
    with pytest.raises(ServiceError, match="主办单位不送"):
        services.handling_send_opinion(handling=lead, actor=county.officer, opinion="x")
    services.handling_send_opinion(handling=partner, actor=county.edu_officer, opinion="同意，配合做好学校周边工作。")
    reply = services.reply_submit(handling=lead, actor=county.officer, body="答复", reply_class="A")
    assert reply.countersigned[0]["unit"] == "长沙县教育局"


def test_the_unit_leader_approves_the_officer_cannot(make, county):
    suggestion = make("awaiting")
    reply = suggestion.replies.get()
    with pytest.raises(PermissionDeniedError):
        services.reply_approve(reply=reply, actor=county.officer)
    services.reply_send_back(reply=reply, actor=county.leader, note="请补充办理时限。")
    lead = suggestion.handlings.get()
    assert lead.status == "signed" and Reply.objects.get(pk=reply.pk).status == "sent_back"
    second = services.reply_submit(handling=lead, actor=county.officer, body="明年六月底前完成。", reply_class="B")
    services.reply_approve(reply=second, actor=county.leader)
    suggestion.refresh_from_db()
    assert suggestion.status == "replied" and suggestion.rate_by == workflow.rate_by(datetime.date.today())


def test_a_contact_date_in_the_future_is_refused(make, county):
    suggestion = make("signed")
    with pytest.raises(ValidationError) as exc:
        services.contact_record(handling=suggestion.handlings.get(), actor=county.officer,
                                contacted_on=datetime.date.today() + datetime.timedelta(days=1), way="phone",
                                summary="x")
    assert "contacted_on" in exc.value.message_dict


# ---------------------------------------------------------------- rating and re-handling


def test_dissatisfied_needs_reasons_and_starts_a_second_round_rules_e5(make, county):
    suggestion = make("replied")
    with pytest.raises(ValidationError) as exc:
        services.suggestion_rate(suggestion=suggestion, actor=county.deputy_user, satisfaction="dissatisfied")
    assert "reasons" in exc.value.message_dict
    services.suggestion_rate(suggestion=suggestion, actor=county.deputy_user, satisfaction="dissatisfied",
                             reasons="计划不具体。")
    suggestion.refresh_from_db()
    assert suggestion.status == "rehandling" and suggestion.round == 2
    assert suggestion.due_on == workflow.rehandle_due(datetime.date.today())
    lead = suggestion.handlings.get()
    assert lead.status == "signed"
    # The second round needs its own contact with the deputy.
    with pytest.raises(ServiceError, match="联系"):
        services.reply_submit(handling=lead, actor=county.officer, body="再次答复", reply_class="A")
    services.contact_record(handling=lead, actor=county.officer, contacted_on=datetime.date.today(), way="meeting",
                            summary="再次见面")
    reply = services.reply_submit(handling=lead, actor=county.officer, body="已开工。", reply_class="A")
    services.reply_approve(reply=reply, actor=county.leader)
    services.suggestion_rate(suggestion=suggestion, actor=county.deputy_user, satisfaction="satisfied")
    suggestion.refresh_from_db()
    assert suggestion.status == "closed" and suggestion.first_satisfaction == "dissatisfied"
    assert suggestion.satisfaction == "satisfied" and suggestion.evaluations.count() == 2


def test_only_the_lead_deputy_rates_unless_the_office_asks_cosigners(make, county, settings):
    other = county.others[0]
    other_user = _deputy_account(other)
    suggestion = make("draft", cosigners=[other])
    services.suggestion_cosign(suggestion=suggestion, actor=other_user, accept=True)
    services.suggestion_submit(suggestion=suggestion, actor=county.deputy_user)
    services.suggestion_accept(suggestion=suggestion, actor=county.office)
    services.suggestion_assign(suggestion=suggestion, lead_unit=county.housing, actor=county.office)
    lead = suggestion.handlings.get()
    services.handling_sign(handling=lead, actor=county.officer)
    services.contact_record(handling=lead, actor=county.officer, contacted_on=datetime.date.today(), way="phone",
                            summary="电话")
    services.reply_approve(reply=services.reply_submit(handling=lead, actor=county.officer, body="答复",
                                                       reply_class="A"), actor=county.leader)
    with pytest.raises(PermissionDeniedError):
        services.suggestion_rate(suggestion=suggestion, actor=other_user, satisfaction="satisfied")
    settings.LIANLUO_PROPOSALS_COSIGNERS_RATE = True
    services.suggestion_rate(suggestion=suggestion, actor=other_user, satisfaction="basically")
    suggestion.refresh_from_db()
    assert suggestion.status == "replied"  # a co-signer's rating is recorded; the lead's decides


def test_the_office_keys_in_the_paper_feedback_form(make, county):
    suggestion = make("replied")
    services.suggestion_rate(suggestion=suggestion, actor=county.office, satisfaction="basically")
    suggestion.refresh_from_db()
    assert suggestion.status == "closed" and "征询意见表" in suggestion.events.filter(action="rate").get().note


def test_rating_twice_is_refused(make, county):
    suggestion = make("replied")
    services.suggestion_rate(suggestion=suggestion, actor=county.deputy_user, satisfaction="satisfied")
    with pytest.raises(ServiceError):
        services.suggestion_rate(suggestion=suggestion, actor=county.deputy_user, satisfaction="satisfied")


# ---------------------------------------------------------------- reminders, history, lineage


def test_reminders_before_and_escalation_after_the_deadline(make, county):
    suggestion = make("assigned", assigned_on=datetime.date(2026, 3, 10))  # due 2026-06-10
    assert services.suggestion_remind(suggestion=suggestion, today=datetime.date(2026, 5, 1)) == ""
    assert services.suggestion_remind(suggestion=suggestion, today=datetime.date(2026, 6, 1)) == "remind"
    assert services.suggestion_remind(suggestion=suggestion, today=datetime.date(2026, 6, 1)) == ""  # once a day
    assert services.suggestion_remind(suggestion=suggestion, today=datetime.date(2026, 6, 10)) == "remind"  # due day
    assert services.suggestion_remind(suggestion=suggestion, today=datetime.date(2026, 6, 11)) == "escalate"
    assert services.suggestion_remind(suggestion=suggestion, today=datetime.date(2026, 6, 12)) == ""
    assert suggestion.events.filter(action="escalate").count() == 1


def test_every_transition_leaves_history_and_audit(make, county):
    before = AuditEvent.objects.count()
    suggestion = make("replied")
    actions = list(suggestion.events.values_list("action", flat=True))
    for action in ("create", "submit", "accept", "assign", "sign", "contact", "submit_reply", "approve", "reply"):
        assert action in actions
    assert AuditEvent.objects.count() - before >= len(actions)
    assert AuditEvent.objects.filter(action="suggestion.reply", object_id=str(suggestion.pk)).exists()


def test_the_reply_answers_the_people_behind_the_constituent_issues(county, casework_draft):
    """Casework lineage: a suggestion made from constituent issues answers every person behind them."""
    from lianluo.casework.models import Issue, SuggestionDraft
    from lianluo.core.models import Notification

    draft = casework_draft
    open_issue_ids = [i.pk for i in draft.issues.filter(status__in=["accepted", "feedback"])]
    told_before = {pk: Notification.objects.filter(object_type="casework.issue", object_id=str(pk)).count()
                   for pk in open_issue_ids}
    suggestion = services.suggestion_create(lead=county.lead, title=draft.title, body=draft.body,
                                            actor=county.deputy_user, draft=draft, session=county.session)
    assert SuggestionDraft.objects.get(pk=draft.pk).status == "taken_up"
    with pytest.raises(ValidationError):  # one draft, one suggestion
        services.suggestion_create(lead=county.lead, title=draft.title, body=draft.body, actor=county.deputy_user,
                                   draft=SuggestionDraft.objects.get(pk=draft.pk))
    services.suggestion_submit(suggestion=suggestion, actor=county.deputy_user)
    services.suggestion_accept(suggestion=suggestion, actor=county.office)
    services.suggestion_assign(suggestion=suggestion, lead_unit=county.housing, actor=county.office)
    lead = suggestion.handlings.get()
    services.handling_sign(handling=lead, actor=county.officer)
    services.contact_record(handling=lead, actor=county.officer, contacted_on=datetime.date.today(), way="meeting",
                            summary="见面")
    reply = services.reply_submit(handling=lead, actor=county.officer, body="已出台物业服务监管办法。",
                                  reply_class="A")
    services.reply_approve(reply=reply, actor=county.leader)
    for issue in Issue.objects.filter(pk__in=open_issue_ids):
        assert issue.status == "answered" and issue.answer == "已出台物业服务监管办法。"
        # ... and each person who asked for an answer gets a text message with their query code.
        wanted = issue.constituents.filter(wants_answer=True).exclude(mobile="").count()
        told = Notification.objects.filter(object_type="casework.issue", object_id=str(issue.pk))
        assert told.count() - told_before[issue.pk] == wanted and all(issue.query_code in n.body for n in told)


def test_withdrawal_before_referral_only(make, county):
    suggestion = make("accepted")
    services.suggestion_withdraw(suggestion=suggestion, actor=county.deputy_user, reason="问题已解决")
    assert Suggestion.objects.get(pk=suggestion.pk).status == "withdrawn"
    assigned = make("assigned", title="关于加强农村饮水安全的建议")
    with pytest.raises(ServiceError):
        services.suggestion_withdraw(suggestion=assigned, actor=county.deputy_user)


def test_events_name_the_unit_for_unit_actions(make, county):
    suggestion = make("signed")
    event = ProposalEvent.objects.filter(suggestion=suggestion, action="sign").get()
    assert event.data["unit"] == "长沙县住房和城乡建设局" and event.actor == county.officer
