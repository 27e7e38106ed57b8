"""Motions (议案): the services (地方组织法 Art 22 and 代表法 Art 15), the selectors' scope, the pages, and the
permission-matrix rows of tests/matrix_motions.py against the demo motions."""

import datetime
from contextlib import contextmanager

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.models import AuditEvent
from lianluo.demo.motions import COUNTY, PROVINCE, load_demo_motions
from lianluo.deputies.models import Mandate
from lianluo.deputies.services import deputy_register
from lianluo.proposals import motion_selectors as selectors
from lianluo.proposals.models import Motion, ProposalCounter, ProposalEvent, Signer, Suggestion
from lianluo.proposals.services import motions as services
from lianluo.regions.models import Delegation, Session, SpecialCommittee

pytestmark = pytest.mark.django_db

BODY = "县城部分路段排水标准偏低，汛期内涝频发，影响群众出行和财产安全，需要统筹规划、分期实施改造。"


# ---------------------------------------------------------------- fixtures and helpers


def latest_session(code: str) -> Session:
    return Session.objects.filter(term__congress__region_id=code).select_related("term__congress").order_by(
        "-start_date").first()


@pytest.fixture
def county_session(db):
    return latest_session("430121")


@pytest.fixture
def province_session(db):
    return latest_session("43")


@pytest.fixture
def deputy(cast, county_session):
    return Mandate.objects.select_related("person").get(person__user=cast("csx_daibiao"), term=county_session.term)


@pytest.fixture
def colleagues(county_session, deputy):
    """Serving 长沙县 deputies other than 黄志勇 (none of them has an account)."""
    return list(Mandate.objects.filter(term=county_session.term, status=Mandate.Status.SERVING)
                .exclude(pk=deputy.pk).select_related("person").order_by("id"))


@pytest.fixture
def paper_motion(cast, county_session, colleagues):
    """paper_motion(signers=N, lead=...) -> a 长沙县 draft keyed in by the office with N signatures in all."""
    def make(signers: int = 10, lead=None, title: str = "关于整治县城内涝点的议案") -> Motion:
        lead = lead or colleagues[0]
        pool = [m for m in colleagues if m.pk != lead.pk]
        return services.motion_create(session=county_session, title=title, body=BODY, actor=cast("csx_lianluo"),
                                      lead=lead, cosigners=pool[:signers - 1])
    return make


@pytest.fixture
def submitted(paper_motion, cast):
    return services.motion_submit(motion=paper_motion(), actor=cast("csx_lianluo"))


@pytest.fixture
def demo(db):
    load_demo_motions()
    return {m.title: m for m in Motion.objects.all()}


def snapshot():
    return (Motion.objects.count(), Signer.objects.filter(motion__isnull=False).count(),
            ProposalEvent.objects.filter(motion__isnull=False).count(), AuditEvent.objects.count(),
            Suggestion.objects.count(), list(ProposalCounter.objects.values_list("kind", "scope", "last")),
            list(Motion.objects.order_by("pk").values_list("status", "number", "committee_id", "review_opinion",
                                                           "withdraw_reason", "result")),
            list(Signer.objects.filter(motion__isnull=False).order_by("pk").values_list("status")))


@contextmanager
def nothing_changes():
    """The block wrote no motion, signer, history, audit, counter or suggestion row."""
    before = snapshot()
    yield
    assert snapshot() == before


def trail(motion):
    """(history rows, audit rows) of the motion."""
    return (ProposalEvent.objects.filter(motion=motion).count(),
            AuditEvent.objects.filter(object_type="proposals.motion", object_id=str(motion.pk)).count())


def township_mandates(n: int) -> list[Mandate]:
    """n deputies of 黄花镇's congress (the demo world has no township deputies)."""
    session = latest_session("430121105")
    return [deputy_register(term=session.term, name=f"乡代表{i}", gender="male", started_on=session.term.start_date)
            for i in range(n)]


# ---------------------------------------------------------------- 地方组织法 Art 22 ¶2: how many deputies


def test_art22_county_motion_needs_10_deputies_counting_the_lead(paper_motion, cast, colleagues):
    """地方组织法 Art 22 ¶2: at county level, a joint motion needs at least 10 deputies (代表十人以上联名); with 9
    signatures submission is refused with a message naming the count, and nothing changes."""
    motion = paper_motion(signers=9)
    with nothing_changes(), pytest.raises(ServiceError) as refused:
        services.motion_submit(motion=motion, actor=cast("csx_lianluo"))
    assert "10 名以上" in str(refused.value) and "已确认 9 名" in str(refused.value)
    assert "第二十二条" in str(refused.value)
    services.motion_invite(motion=motion, mandates=[colleagues[-1]], actor=cast("csx_lianluo"))
    motion = services.motion_submit(motion=motion, actor=cast("csx_lianluo"))
    assert motion.status == "submitted" and motion.number


def test_art22_township_motion_needs_5_deputies(cast):
    """地方组织法 Art 22 ¶2: at township level 5 deputies suffice (代表五人以上联名); 4 are refused."""
    lead, *others = township_mandates(5)
    session = latest_session("430121105")
    office = cast("csx_lianluo")
    motion = services.motion_create(session=session, title="关于修缮镇中心小学校舍的议案", body=BODY, actor=office,
                                    lead=lead, cosigners=others[:3])
    with pytest.raises(ServiceError, match="5 名以上"):
        services.motion_submit(motion=motion, actor=office)
    services.motion_invite(motion=motion, mandates=others[3:], actor=office)
    assert services.motion_submit(motion=motion, actor=office).status == "submitted"


def test_art22_only_confirmed_signatures_count_and_open_invitations_lapse(cast, deputy, colleagues, county_session):
    """地方组织法 Art 22 ¶2 counts deputies who signed: invitations nobody answered do not count, and lapse when
    the motion is submitted."""
    me = cast("csx_daibiao")
    motion = services.motion_create(session=county_session, title="关于建设县城应急避难场所的议案", body=BODY,
                                    actor=me, lead=deputy, cosigners=colleagues[:3])
    assert set(motion.signers.filter(role="cosigner").values_list("status", flat=True)) == {"invited"}
    assert services.confirmed_count(motion) == 1
    with pytest.raises(ServiceError, match="已确认 1 名"):
        services.motion_submit(motion=motion, actor=me)
    services.motion_invite(motion=motion, mandates=colleagues[3:12], actor=cast("csx_lianluo"))  # paper signatures
    motion = services.motion_submit(motion=motion, actor=me)
    assert motion.signers.filter(status="lapsed").count() == 3
    assert motion.signers.filter(status="confirmed").count() == 10


def test_delegation_and_presidium_motions_need_no_signatures(cast, province_session):
    """地方组织法 Art 22 ¶1: the presidium (and, at a session, a delegation) files a motion without co-signers."""
    office = cast("hn_lianluo")
    delegation = Delegation.objects.filter(term=province_session.term).first()
    by_delegation = services.motion_create(session=province_session, title="关于加强洞庭湖生态保护的议案", body=BODY,
                                           actor=office, filer="delegation", delegation=delegation)
    by_presidium = services.motion_create(session=province_session, title="关于召开下次会议的议案", body=BODY,
                                          actor=office, filer="presidium")
    for motion in (by_delegation, by_presidium):
        assert services.cosigners_needed(motion) == 0 and motion.lead_id is None
        assert services.motion_submit(motion=motion, actor=office).status == "submitted"


# ---------------------------------------------------------------- filing


def test_deputy_drafts_and_invites_with_a_deadline(cast, deputy, colleagues, county_session):
    me = cast("csx_daibiao")
    by = timezone.localdate() + datetime.timedelta(days=3)
    motion = services.motion_create(session=county_session, title="关于建设县城应急避难场所的议案", body=BODY,
                                    actor=me, lead=deputy, cosigners=colleagues[:2], cosign_by=by)
    assert motion.status == "draft" and motion.number is None and motion.cosign_by == by
    assert motion.region_id == "430121" and motion.created_by == me
    assert list(motion.signers.filter(role="cosigner").values_list("respond_by", flat=True)) == [by, by]
    later = by + datetime.timedelta(days=2)
    services.motion_invite(motion=motion, mandates=colleagues[2:4], actor=me, cosign_by=later)
    motion.refresh_from_db()
    assert motion.cosign_by == later and motion.signers.filter(status="invited").count() == 4
    assert trail(motion) == (2, 2)


def test_office_keying_in_a_paper_motion_records_signatures_as_confirmed(paper_motion):
    motion = paper_motion(signers=4)
    assert list(motion.signers.values_list("status", flat=True)) == ["confirmed"] * 4
    assert motion.events.get().note == "工作人员依纸质议案代为录入"


@pytest.mark.parametrize(("change", "field"), [
    ({"title": ""}, "title"),
    ({"title": "长" * 101}, "title"),
    ({"body": "太短了"}, "body"),
    ({"cosign_by": datetime.date(2020, 1, 1)}, "cosign_by"),
    ({"lead": None}, "lead"),
])
def test_bad_input_names_the_field_and_changes_nothing(cast, deputy, county_session, change, field):
    kwargs = {"session": county_session, "title": "关于建设县城应急避难场所的议案", "body": BODY,
              "actor": cast("csx_daibiao"), "lead": deputy, **change}
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_create(**kwargs)
    assert field in refused.value.message_dict


def test_the_session_must_belong_to_the_lead_deputys_term(cast, deputy, province_session):
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_create(session=province_session, title="关于某事的议案", body=BODY,
                               actor=cast("csx_daibiao"), lead=deputy)
    assert "session" in refused.value.message_dict


def test_cosigners_come_from_the_same_term(cast, deputy, county_session, province_session):
    stranger = Mandate.objects.filter(term=province_session.term).first()
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_create(session=county_session, title="关于某事的议案", body=BODY, actor=cast("csx_daibiao"),
                               lead=deputy, cosigners=[stranger])
    assert "cosigners" in refused.value.message_dict


def test_nobody_files_in_another_deputys_name(cast, colleagues, county_session, province_session):
    for who in ("csx_daibiao", "csx_zhujian", "hn_zhuanwei"):
        with nothing_changes(), pytest.raises(PermissionDeniedError):
            services.motion_create(session=county_session, title="关于某事的议案", body=BODY, actor=cast(who),
                                   lead=colleagues[0])
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        services.motion_create(session=province_session, title="关于某事的议案", body=BODY,
                               actor=cast("csx_lianluo"), filer="presidium")


def test_a_delegation_of_another_term_is_refused(cast, county_session, province_session):
    delegation = Delegation.objects.filter(term=province_session.term).first()
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_create(session=county_session, title="关于某事的议案", body=BODY, actor=cast("hn_lianluo"),
                               filer="delegation", delegation=delegation)
    assert "delegation" in refused.value.message_dict


# ---------------------------------------------------------------- co-signing


def test_invited_deputy_confirms_or_declines_once(cast, paper_motion, deputy, colleagues):
    me = cast("csx_daibiao")
    motion = paper_motion(signers=5)
    services.motion_invite(motion=motion, mandates=[deputy], actor=cast("csx_lianluo"), on_paper=False)
    signer = services.motion_cosign(motion=motion, actor=me, accept=True)
    assert signer.status == "confirmed" and signer.responded_on == timezone.localdate()
    assert services.confirmed_count(motion) == 6
    with nothing_changes(), pytest.raises(ServiceError, match="已确认"):
        services.motion_cosign(motion=motion, actor=me, accept=False)
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        services.motion_cosign(motion=motion, actor=cast("csx_lianluo"), accept=True)


def test_declining_is_recorded_and_does_not_count(cast, paper_motion, deputy):
    motion = paper_motion(signers=3)
    services.motion_invite(motion=motion, mandates=[deputy], actor=cast("csx_lianluo"), on_paper=False)
    services.motion_cosign(motion=motion, actor=cast("csx_daibiao"), accept=False)
    assert services.confirmed_count(motion) == 3
    assert motion.events.order_by("id").last().action == "decline_cosign"


def test_confirmation_after_the_deadline_is_refused(cast, paper_motion, deputy):
    motion = paper_motion(signers=3)
    by = timezone.localdate() + datetime.timedelta(days=2)
    services.motion_invite(motion=motion, mandates=[deputy], actor=cast("csx_lianluo"), on_paper=False, cosign_by=by)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)), nothing_changes(), \
            pytest.raises(ServiceError, match="期限"):
        services.motion_cosign(motion=motion, actor=cast("csx_daibiao"), accept=True)


def test_invitations_only_while_collecting_signatures(cast, submitted, deputy):
    with nothing_changes(), pytest.raises(ServiceError):
        services.motion_invite(motion=submitted, mandates=[deputy], actor=cast("csx_lianluo"))


# ---------------------------------------------------------------- numbering


def test_motions_are_numbered_per_session_when_submitted(cast, paper_motion, province_session):
    office = cast("csx_lianluo")
    first = services.motion_submit(motion=paper_motion(title="关于甲事项的议案"), actor=office)
    second = services.motion_submit(motion=paper_motion(title="关于乙事项的议案"), actor=office)
    assert second.number == first.number + 1 and first.submitted_on == timezone.localdate()
    counter = ProposalCounter.objects.get(region_id="430121", kind="motion", scope=f"session:{first.session_id}")
    assert counter.last == second.number
    province = ProposalCounter.objects.filter(region_id="43", kind="motion",
                                              scope=f"session:{province_session.pk}").first()
    other = services.motion_create(session=province_session, title="关于丙事项的议案", body=BODY,
                                   actor=cast("hn_lianluo"), filer="presidium")
    numbered = services.motion_submit(motion=other, actor=cast("hn_lianluo")).number
    assert numbered == (province.last if province else 0) + 1  # its own sequence, not 长沙县's
    assert str(second) == f"第{second.number}号议案 关于乙事项的议案"


# ---------------------------------------------------------------- the presidium and the committees


def test_every_transition_leaves_one_history_and_one_audit_row(cast, submitted):
    office = cast("csx_lianluo")
    events, audits = trail(submitted)
    motion = services.motion_dispose(motion=submitted, decision="put_on_agenda", actor=office, note="列入议程")
    assert trail(motion) == (events + 1, audits + 1)
    assert motion.status == "on_agenda" and motion.disposed_on == timezone.localdate()
    motion = services.motion_record_result(motion=motion, adopted=True, result="赞成 268 票", report="报告",
                                           actor=office)
    assert motion.status == "adopted" and motion.result == "赞成 268 票" and motion.report == "报告"
    assert trail(motion) == (events + 2, audits + 2)
    assert ProposalEvent.objects.filter(motion=motion).last().action == "record_result"


def test_a_motion_not_adopted(cast, submitted):
    office = cast("csx_lianluo")
    motion = services.motion_dispose(motion=submitted, decision="put_on_agenda", actor=office)
    motion = services.motion_record_result(motion=motion, adopted=False, result="赞成票未过半数", actor=office)
    assert motion.status == "not_adopted"


def test_the_result_needs_its_text_and_a_vote_needs_the_agenda(cast, submitted):
    with nothing_changes(), pytest.raises(ServiceError):
        services.motion_record_result(motion=submitted, adopted=True, result="通过", actor=cast("csx_lianluo"))
    motion = services.motion_dispose(motion=submitted, decision="put_on_agenda", actor=cast("csx_lianluo"))
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_record_result(motion=motion, adopted=True, result=" ", actor=cast("csx_lianluo"))
    assert "result" in refused.value.message_dict


def test_province_motion_reviewed_by_special_committee_then_referred_and_concluded(cast, province_session):
    """地方组织法 Art 22 ¶2: the presidium may first refer a motion to a special committee for its opinion; ¶1:
    or refer it to the committee for a report (Art 35 (1))."""
    office, staff = cast("hn_lianluo"), cast("hn_zhuanwei")
    committee = SpecialCommittee.objects.get(term=province_session.term, name="财政经济委员会")
    motion = services.motion_create(session=province_session, title="关于加强政府债务管理的议案", body=BODY,
                                    actor=office, filer="presidium")
    motion = services.motion_submit(motion=motion, actor=office)
    motion = services.motion_refer_review(motion=motion, committee=committee, actor=office)
    assert motion.status == "under_review" and motion.committee == committee
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_review(motion=motion, opinion="", actor=staff)
    assert "opinion" in refused.value.message_dict
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        services.motion_review(motion=motion, opinion="同意", actor=cast("hn_changwei"))
    motion = services.motion_review(motion=motion, opinion="建议交本委员会审议后提出报告。", actor=staff)
    assert motion.status == "submitted" and motion.review_opinion and motion.reviewed_on
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        services.motion_dispose(motion=motion, decision="refer", actor=staff)
    motion = services.motion_dispose(motion=motion, decision="refer", actor=office)
    assert motion.status == "referred" and motion.committee == committee  # the reviewing committee by default
    with nothing_changes(), pytest.raises(ValidationError):
        services.motion_conclude(motion=motion, report="", actor=staff)
    motion = services.motion_conclude(motion=motion, report="审议结果报告：建议常委会适时制定相关法规。", actor=staff)
    assert motion.status == "concluded" and motion.report.startswith("审议结果报告")


def test_a_committee_of_another_term_is_refused(cast, submitted, province_session):
    committee = SpecialCommittee.objects.filter(term=province_session.term).first()
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_refer_review(motion=submitted, committee=committee, actor=cast("csx_lianluo"))
    assert "committee" in refused.value.message_dict
    with nothing_changes(), pytest.raises(ValidationError):
        services.motion_dispose(motion=submitted, decision="refer", actor=cast("csx_lianluo"))


def test_only_the_office_keys_in_presidium_decisions(cast, submitted):
    for who in ("csx_daibiao", "hn_zhuanwei", "hn_changwei"):
        with nothing_changes(), pytest.raises(PermissionDeniedError):
            services.motion_dispose(motion=submitted, decision="put_on_agenda", actor=cast(who))
    with nothing_changes(), pytest.raises(ValidationError):
        services.motion_dispose(motion=submitted, decision="adopt", actor=cast("csx_lianluo"))


def test_as_suggestion_opens_an_accepted_suggestion_linked_to_the_motion(cast, submitted):
    """Not put on the agenda (地方组织法 Art 22 ¶2), the motion is handled as a deputy suggestion: led by its lead,
    with its confirmed co-signers, accepted and numbered, and linked both ways."""
    motion = services.motion_dispose(motion=submitted, decision="as_suggestion", actor=cast("csx_lianluo"),
                                     note="作为建议处理")
    suggestion = Suggestion.objects.get(motion=motion)
    assert motion.status == "as_suggestion"
    assert suggestion.lead_id == motion.lead_id and suggestion.session_id == motion.session_id
    assert suggestion.status == "accepted" and suggestion.number and suggestion.title == motion.title
    assert suggestion.signers.filter(status="confirmed").count() == 10
    event = ProposalEvent.objects.filter(motion=motion).last()
    assert event.action == "as_suggestion" and event.data["suggestion"] == suggestion.pk


def test_as_suggestion_needs_a_lead_deputy(cast, province_session):
    office = cast("hn_lianluo")
    motion = services.motion_submit(motion=services.motion_create(
        session=province_session, title="关于某事的议案", body=BODY, actor=office, filer="presidium"), actor=office)
    with nothing_changes(), pytest.raises(ServiceError, match="领衔代表"):
        services.motion_dispose(motion=motion, decision="as_suggestion", actor=office)


# ---------------------------------------------------------------- the text of a draft (代表法 Art 15)


def test_art15_editing_a_draft_asks_the_in_system_cosigners_again_and_keeps_paper_signatures(
        cast, paper_motion, deputy):
    """代表法 Art 15: deputies jointly file one text; a co-signer who confirmed the old one confirms again."""
    office = cast("csx_lianluo")
    motion = paper_motion(signers=5)  # four signatures from the paper motion
    services.motion_invite(motion=motion, mandates=[deputy], actor=office, on_paper=False)
    services.motion_cosign(motion=motion, actor=cast("csx_daibiao"), accept=True)
    assert services.confirmed_count(motion) == 6
    new_body = BODY + "并建立汛期巡查制度。"
    motion = services.motion_edit(motion=motion, title="关于整治县城易涝点的议案", body=new_body, actor=office)
    assert motion.title == "关于整治县城易涝点的议案" and motion.body == new_body and motion.status == "draft"
    mine = Signer.objects.get(motion=motion, mandate=deputy)
    assert mine.status == "invited" and mine.responded_on is None and mine.respond_by >= timezone.localdate()
    assert services.confirmed_count(motion) == 5  # the paper signatures stand
    event = ProposalEvent.objects.filter(motion=motion).last()
    assert event.action == "edit" and event.data == {"changed": ["title", "body"], "reconfirm": 1}
    assert AuditEvent.objects.filter(action="motion.edit", object_id=str(motion.pk)).exists()
    services.motion_cosign(motion=motion, actor=cast("csx_daibiao"), accept=True)  # confirms the new text
    assert services.confirmed_count(motion) == 6


def test_edit_refusals_change_nothing(cast, paper_motion, submitted):
    office = cast("csx_lianluo")
    motion = paper_motion(signers=3)
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_edit(motion=motion, title=motion.title, body=motion.body, actor=office)
    assert "body" in refused.value.message_dict
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_edit(motion=motion, title=motion.title, body="太短", actor=office)
    assert "代表法第十五条" in refused.value.message_dict["body"][0]
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        services.motion_edit(motion=motion, title="关于另一件事的议案", body=BODY, actor=cast("csx_daibiao"))
    with nothing_changes(), pytest.raises(ServiceError):
        services.motion_edit(motion=submitted, title="关于另一件事的议案", body=BODY, actor=office)


def test_the_lead_deputy_edits_a_draft_on_its_page(signed_in, cast, deputy, county_session):
    me = cast("csx_daibiao")
    motion = services.motion_create(session=county_session, title="关于某事的议案", body=BODY, actor=me, lead=deputy)
    client = signed_in("csx_daibiao")
    page = client.get(f"/proposals/motions/{motion.pk}/").content.decode()
    assert "修改内容" in page and 'name="edit-title"' in page
    response = client.post(f"/proposals/motions/{motion.pk}/edit/",
                           {"edit-title": "关于加强某事管理的议案", "edit-body": BODY})
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.title == "关于加强某事管理的议案"
    refused = client.post(f"/proposals/motions/{motion.pk}/edit/", {"edit-title": "", "edit-body": BODY})
    assert refused.status_code == 400 and "案由" in refused.content.decode()


# ---------------------------------------------------------------- withdrawal (地方组织法 Art 22 ¶3)


def test_a_draft_is_withdrawn_by_its_lead(cast, deputy, county_session):
    me = cast("csx_daibiao")
    motion = services.motion_create(session=county_session, title="关于某事的议案", body=BODY, actor=me, lead=deputy)
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        services.motion_withdraw(motion=motion, actor=cast("csx_lianluo"), reason="代为撤回")
    assert services.motion_withdraw(motion=motion, actor=me).status == "withdrawn"


def test_a_delegations_draft_is_withdrawn_by_the_office_that_keyed_it_in(cast, province_session):
    """A draft is not yet filed (地方组织法 Art 22 ¶3 governs only filed motions): a delegation's draft, which has no
    lead deputy, is dropped by the office; another congress's office cannot."""
    office = cast("hn_lianluo")
    delegation = Delegation.objects.filter(term=province_session.term).first()
    motion = services.motion_create(session=province_session, title="关于加强洞庭湖生态保护的议案", body=BODY,
                                    actor=office, filer="delegation", delegation=delegation)
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        services.motion_withdraw(motion=motion, actor=cast("csx_lianluo"))
    motion = services.motion_withdraw(motion=motion, actor=office, reason="代表团决定不再提出")
    assert motion.status == "withdrawn"
    assert ProposalEvent.objects.filter(motion=motion, action="withdraw").last().note == "代表团决定不再提出"


def test_art22_withdrawal_after_filing_needs_the_presidiums_consent_and_a_reason(cast, paper_motion, deputy):
    """地方组织法 Art 22 ¶3: before the vote, withdrawal at the filer's request needs the presidium's consent: the
    lead deputy cannot withdraw alone, the office records the consent with the reason."""
    office = cast("csx_lianluo")
    motion = services.motion_submit(motion=paper_motion(lead=deputy), actor=office)
    with nothing_changes(), pytest.raises(PermissionDeniedError):
        services.motion_withdraw(motion=motion, actor=cast("csx_daibiao"), reason="本人要求撤回")
    with nothing_changes(), pytest.raises(ValidationError) as refused:
        services.motion_withdraw(motion=motion, actor=office, reason="  ")
    assert "reason" in refused.value.message_dict
    motion = services.motion_dispose(motion=motion, decision="put_on_agenda", actor=office)
    motion = services.motion_withdraw(motion=motion, actor=office, reason="领衔代表书面要求撤回")
    assert motion.status == "withdrawn" and motion.withdraw_reason == "领衔代表书面要求撤回"
    assert "经主席团同意" in ProposalEvent.objects.filter(motion=motion).last().note


def test_art22_no_withdrawal_after_the_vote(cast, submitted):
    """地方组织法 Art 22 ¶3 allows withdrawal only before the vote (在交付大会表决前)."""
    office = cast("csx_lianluo")
    motion = services.motion_dispose(motion=submitted, decision="put_on_agenda", actor=office)
    motion = services.motion_record_result(motion=motion, adopted=True, result="通过", actor=office)
    with nothing_changes(), pytest.raises(ServiceError):
        services.motion_withdraw(motion=motion, actor=office, reason="太迟了")


# ---------------------------------------------------------------- demo data


def test_demo_motions_are_idempotent_and_in_several_states(demo):
    load_demo_motions()
    assert Motion.objects.count() == len(demo) == len(COUNTY) + 1
    statuses = {m.status for m in demo.values()}
    assert {"draft", "submitted", "adopted", "as_suggestion", "withdrawn", "under_review"} <= statuses
    own = demo[COUNTY[0][0]]
    assert own.lead.person.name == "黄志勇" and services.confirmed_count(own) < services.cosigners_needed(own)
    assert demo[PROVINCE[0]].region_id == "43" and demo[PROVINCE[0]].filer == "delegation"


# ---------------------------------------------------------------- selectors: who sees which motions


def visible_titles(user) -> set[str]:
    return set(selectors.motions_visible(user=user).values_list("title", flat=True))


def test_liaison_staff_see_their_jurisdiction_drafts_included(cast, demo):
    county = {t for t, *_ in COUNTY}
    assert visible_titles(cast("csx_lianluo")) == county
    assert visible_titles(cast("cs_lianluo")) == county
    assert visible_titles(cast("hn_lianluo")) == county | {PROVINCE[0]}


def test_committee_and_special_committee_staff_see_filed_motions_only(cast, demo):
    filed = {t for t, _, scenario in COUNTY if not scenario.startswith("draft")} | {PROVINCE[0]}
    assert visible_titles(cast("hn_zhuanwei")) == filed
    assert visible_titles(cast("hn_changwei")) == filed


def test_deputies_see_what_they_lead_or_were_invited_to_sign(cast, demo, deputy):
    mine = visible_titles(cast("csx_daibiao"))
    expected = set(Motion.objects.filter(signers__mandate=deputy).values_list("title", flat=True))
    assert mine == expected and COUNTY[0][0] in mine and COUNTY[1][0] in mine and PROVINCE[0] not in mine


def test_others_see_no_motions(cast, demo):
    for who in ("csx_zhujian", "xs_zhanzhang", "csx_xuanju", "hn_xitong", "hn_shenji"):
        assert not visible_titles(cast(who))


def test_motion_get_outside_scope_is_404(cast, demo):
    with pytest.raises(Http404):
        selectors.motion_get(user=cast("csx_lianluo"), pk=demo[PROVINCE[0]].pk)
    with pytest.raises(Http404):
        selectors.motion_get(user=cast("hn_zhuanwei"), pk=demo[COUNTY[0][0]].pk)
    assert selectors.motion_get(user=cast("hn_zhuanwei"), pk=demo[PROVINCE[0]].pk).title == PROVINCE[0]


def test_motion_list_filters_and_pages(cast, demo, county_session):
    office = cast("csx_lianluo")
    rows, after = selectors.motion_list(user=office, filters=selectors.MotionFilters(session=county_session.pk))
    assert len(rows) == len(COUNTY) and after is None
    assert [r.pk for r in rows] == sorted((r.pk for r in rows), reverse=True)
    rows, _ = selectors.motion_list(user=office, filters=selectors.MotionFilters(status="draft"))
    assert {r.title for r in rows} == {COUNTY[0][0], COUNTY[1][0]}
    assert {r.confirmed for r in rows} == {6, 7} and {r.needed for r in rows} == {10}
    rows, _ = selectors.motion_list(user=office, filters=selectors.MotionFilters(query="停车"))
    assert [r.title for r in rows] == [COUNTY[3][0]]
    first, after = selectors.motion_list(user=office, limit=4)
    rest, end = selectors.motion_list(user=office, after=after, limit=4)
    assert len(first) == 4 and after == first[-1].pk and len(rest) == 2 and end is None


# ---------------------------------------------------------------- pages


def test_deputy_drafts_a_motion_on_a_phone_and_sees_the_progress(signed_in, deputy, colleagues, county_session):
    client = signed_in("csx_daibiao")
    page = client.get(reverse("proposals:motion_create"))
    assert page.status_code == 200 and "由您领衔" in page.content.decode()
    response = client.post(reverse("proposals:motion_create"), {
        "session": county_session.pk, "title": "关于增设星沙城区公共停车场的议案", "body": BODY,
        "cosigners": [colleagues[0].pk, colleagues[1].pk]})
    assert response.status_code == 302
    motion = Motion.objects.get(title="关于增设星沙城区公共停车场的议案")
    assert motion.lead == deputy and motion.signers.filter(status="invited").count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "已确认 <strong>1</strong> 人，需 <strong>10</strong> 人" in html and "还差 9 人" in html
    assert 'max="10"' in html and "待确认" in html and "邀请附议" in html


def test_office_keys_in_a_paper_motion_from_the_page(signed_in, colleagues, county_session):
    client = signed_in("csx_lianluo")
    response = client.post(reverse("proposals:motion_create"), {
        "session": county_session.pk, "filer": "deputies", "lead": colleagues[0].pk,
        "title": "关于建设县城应急避难场所的议案", "body": BODY, "cosigners": [m.pk for m in colleagues[1:10]]})
    assert response.status_code == 302
    motion = Motion.objects.get(title="关于建设县城应急避难场所的议案")
    assert services.confirmed_count(motion) == 10 and motion.lead == colleagues[0]
    response = client.post(reverse("proposals:motion_action", args=[motion.pk, "submit"]))
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == "submitted" and motion.number


def test_office_invites_in_the_system_when_no_paper_signature(signed_in, paper_motion, deputy):
    motion = paper_motion(signers=3)
    response = signed_in("csx_lianluo").post(reverse("proposals:motion_action", args=[motion.pk, "invite"]),
                                             {"invite-cosigners": [deputy.pk]})
    assert response.status_code == 302
    assert motion.signers.get(mandate=deputy).status == "invited"


def test_township_motions_are_not_offered_a_special_committee(signed_in, cast):
    """地方组织法 Art 33: township congresses have no special committees, so the page offers no referral."""
    lead, *others = township_mandates(5)
    office = cast("csx_lianluo")
    motion = services.motion_create(session=latest_session("430121105"), title="关于修缮镇中心小学校舍的议案",
                                    body=BODY, actor=office, lead=lead, cosigners=others)
    motion = services.motion_submit(motion=motion, actor=office)
    client = signed_in("csx_lianluo")
    html = client.get(reverse("proposals:motion_detail", args=[motion.pk])).content.decode()
    assert "列入会议议程" in html and "交专门委员会审议" not in html
    with nothing_changes():
        response = client.post(reverse("proposals:motion_action", args=[motion.pk, "refer_review"]))
    assert response.status_code == 409


def test_a_delegation_motion_page_has_no_signature_count(signed_in, demo):
    html = signed_in("hn_lianluo").get(reverse("proposals:motion_detail", args=[demo[PROVINCE[0]].pk])).content
    html = html.decode()
    assert "联名情况" not in html and "长沙市代表团" in html and "专门委员会审议" in html


def test_bad_form_input_is_400_and_changes_nothing(signed_in, county_session):
    client = signed_in("csx_daibiao")
    with nothing_changes():
        response = client.post(reverse("proposals:motion_create"), {"session": county_session.pk, "title": "",
                                                                      "body": "短"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()


def test_deputy_confirms_an_invitation_from_the_page(signed_in, demo, deputy):
    motion = demo[COUNTY[1][0]]
    client = signed_in("csx_daibiao")
    assert "确认附议" in client.get(reverse("proposals:motion_detail", args=[motion.pk])).content.decode()
    response = client.post(reverse("proposals:motion_action", args=[motion.pk, "cosign"]))
    assert response.status_code == 302
    assert motion.signers.get(mandate=deputy).status == "confirmed"


def test_office_keys_in_the_presidiums_decision(signed_in, demo):
    motion = demo[COUNTY[2][0]]
    client = signed_in("csx_lianluo")
    html = client.get(reverse("proposals:motion_detail", args=[motion.pk])).content.decode()
    assert "列入会议议程" in html and "作为代表建议处理" in html
    response = client.post(reverse("proposals:motion_action", args=[motion.pk, "as_suggestion"]),
                           {"as_suggestion-note": "作为建议处理"})
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == "as_suggestion" and Suggestion.objects.filter(motion=motion).exists()
    assert "转为建议" in client.get(reverse("proposals:motion_detail", args=[motion.pk])).content.decode()


def test_special_committee_staff_review_a_province_motion(signed_in, demo):
    motion = demo[PROVINCE[0]]
    client = signed_in("hn_zhuanwei")
    assert "提出审议意见" in client.get(reverse("proposals:motion_detail", args=[motion.pk])).content.decode()
    with nothing_changes():
        bad = client.post(reverse("proposals:motion_action", args=[motion.pk, "review"]), {"review-opinion": ""})
    assert bad.status_code == 400
    response = client.post(reverse("proposals:motion_action", args=[motion.pk, "review"]),
                           {"review-opinion": "建议列入大会议程。"})
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == "submitted" and motion.review_opinion == "建议列入大会议程。"


def test_submitting_short_of_signatures_shows_the_count(signed_in, demo):
    motion = demo[COUNTY[0][0]]
    with nothing_changes():
        response = signed_in("csx_daibiao").post(reverse("proposals:motion_action", args=[motion.pk, "submit"]))
    assert response.status_code == 409 and "已确认 6 名" in response.content.decode()


LIST_PAGES = [("csx_lianluo", "/proposals/motions/", 9), ("csx_daibiao", "/proposals/motions/", 9),
              ("hn_lianluo", "/proposals/motions/?status=submitted&q=议案", 9),
              ("hn_zhuanwei", "/proposals/motions/", 9)]


@pytest.mark.parametrize(("username", "url", "limit"), LIST_PAGES)
def test_list_page_query_count(signed_in, demo, paper_motion, django_assert_max_num_queries, username, url, limit):
    """The list runs a fixed number of queries, however many motions and signers (no N+1)."""
    for n in range(5):
        paper_motion(title=f"关于第{n}件事项的议案")
    client = signed_in(username)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
