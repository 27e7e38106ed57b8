"""Services that write constituent issues: each leaves a history row and an audit row, refuses bad input with a
Chinese message naming the field, and changes nothing when it refuses."""

import datetime
import re
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lianluo.casework import selectors, services
from lianluo.casework.models import Issue, IssueEvent, IssueMonthly, Status, SuggestionDraft
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.models import AuditEvent
from lianluo.regions.models import Organisation, Region

pytestmark = pytest.mark.django_db


def snapshot():
    return (Issue.objects.count(), IssueEvent.objects.count(), AuditEvent.objects.count(),
            list(Issue.objects.order_by("pk").values_list("status", "round", "people_count", "unit_id")),
            list(IssueMonthly.objects.order_by("pk").values_list("received", "closed", "rated")))


@contextmanager
def nothing_changes():
    """Asserts that the block wrote no issue, event, audit or summary row."""
    before = snapshot()
    yield
    assert snapshot() == before


@pytest.fixture
def unchanged():
    with nothing_changes():
        yield


def counts(issue):
    return issue.events.count(), AuditEvent.objects.filter(object_type="casework.issue",
                                                           object_id=str(issue.pk)).count()


def monthly(issue):
    return IssueMonthly.objects.get(month=issue.received_on.replace(day=1), region_id=issue.region_id,
                                    station_id=issue.station_id, category_id=issue.category_id)


# ---------------------------------------------------------------- intake


def test_submit_numbers_the_issue_and_gives_a_query_code(new_issue):
    issue = new_issue()
    year = issue.received_on.year
    assert re.fullmatch(rf"430121-{year}-\d{{6}}", issue.number)
    following = new_issue()
    assert int(following.number[-6:]) == int(issue.number[-6:]) + 1
    assert len(issue.query_code) == 10 and not set(issue.query_code) & set("01OIL")
    assert issue.status == Status.RECEIVED
    assert counts(issue) == (1, 1)
    assert monthly(issue).received >= 1
    assert selectors.issue_by_query_code(issue.query_code.lower()) == issue


def test_personal_data_is_encrypted_at_rest_and_masked_in_the_audit_row(new_issue):
    """个人信息保护法 Art 51: names and phone numbers are encrypted in the table and masked in audit summaries."""
    issue = new_issue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, mobile FROM casework_constituent WHERE issue_id = %s", [issue.pk])
        name, mobile = cursor.fetchone()
    assert "欧阳建华" not in name and "13812345678" not in mobile
    assert issue.constituents.get().name == "欧阳建华"
    event = AuditEvent.objects.filter(action="issue.submit", object_id=str(issue.pk)).get()
    assert "欧阳建华" not in str(event.summary) and "欧***" in str(event.summary)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": ""}, "title"),
    ({"content": "  "}, "content"),
    ({"constituents": []}, "name"),
    ({"constituents": [{"name": "张三", "mobile": "12345"}]}, "mobile"),
    ({"constituents": [{"name": "张三", "mobile": "13812345678", "id_number": "430121199001011234"}]}, "id_number"),
    ({"channel": "deputy", "constituents": []}, "raised_by_deputy"),
    ({"received_on": datetime.date(2999, 1, 1)}, "received_on"),
])
def test_submit_refuses_bad_input_naming_the_field(new_issue, unchanged, overrides, field):
    with pytest.raises(ValidationError) as caught:
        new_issue(**overrides)
    assert field in caught.value.message_dict
    assert re.search(r"[\u4e00-\u9fff]", caught.value.message_dict[field][0])


def test_submit_refuses_a_station_outside_the_office(new_issue, unchanged):
    from lianluo.stations.models import Station

    outside = Station.objects.exclude(region__code__startswith="430121").first()
    assert outside is not None  # the demo has stations at 长沙市 and 株洲市
    with pytest.raises(ValidationError) as caught:
        new_issue(station=outside)
    assert "station" in caught.value.message_dict


# ---------------------------------------------------------------- transitions


def test_accept_writes_history_and_audit(new_issue, cast):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    assert issue.status == Status.ACCEPTED
    assert counts(issue) == (2, 2)
    event = issue.events.order_by("-id").first()
    assert (event.action, event.from_status, event.to_status, event.actor.username) == (
        "accept", "received", "accepted", "csx_lianluo")


def test_accepting_twice_is_refused_in_chinese(new_issue, cast):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    before = counts(issue)
    with pytest.raises(ServiceError, match="已受理.*不能受理"):
        services.issue_accept(issue=issue, actor=cast("csx_lianluo"))
    assert counts(issue) == before


def test_a_deputy_or_unit_cannot_accept(new_issue, cast):
    issue = new_issue()
    for who in ("csx_daibiao", "csx_zhujian", "hn_changwei"):
        with pytest.raises(PermissionDeniedError):
            services.issue_accept(issue=issue, actor=cast(who))
    issue.refresh_from_db()
    assert issue.status == Status.RECEIVED and counts(issue) == (1, 1)


def test_decline_needs_a_reason(new_issue, cast):
    issue = new_issue()
    with nothing_changes(), pytest.raises(ValidationError) as caught:
        services.issue_decline(issue=issue, actor=cast("csx_lianluo"), reason=" ")
    assert "reason" in caught.value.message_dict


def test_decline_keeps_the_reason(new_issue, cast):
    issue = services.issue_decline(issue=new_issue(), actor=cast("csx_lianluo"), reason="属于诉讼程序中的事项")
    assert issue.status == Status.DECLINED and issue.decline_reason == "属于诉讼程序中的事项"
    assert counts(issue) == (2, 2)


def test_forward_goes_only_to_a_unit_of_the_same_level(new_issue, cast):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    city_unit = Organisation.objects.get(name="长沙市住房和城乡建设局")
    before = counts(issue)
    with pytest.raises(ValidationError) as caught:
        services.issue_forward(issue=issue, unit=city_unit, actor=cast("csx_lianluo"))
    assert "unit" in caught.value.message_dict and "本级" in caught.value.message_dict["unit"][0]
    assert counts(issue) == before


def test_forward_sets_the_working_day_deadline(new_issue, cast, unit, settings):
    """LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS (default 15) working days; forwarded 30 Sep 2026, just before
    National Day, the feedback is due 27 Oct 2026 (民法典 Art 201, 204)."""
    settings.LIANLUO_CASEWORK_FEEDBACK_WORKING_DAYS = 15
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    issue = services.issue_forward(issue=issue, unit=unit, actor=cast("csx_lianluo"),
                                   forwarded_on=datetime.date(2026, 9, 30))
    assert (issue.status, issue.unit, issue.due_on) == (Status.FORWARDED, unit, datetime.date(2026, 10, 27))
    assert counts(issue) == (3, 3)


def _forwarded(new_issue, cast, unit):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    return services.issue_forward(issue=issue, unit=unit, actor=cast("csx_lianluo"))


def test_only_the_units_own_people_feed_back(new_issue, cast, unit):
    issue = _forwarded(new_issue, cast, unit)
    education = Organisation.objects.get(name="长沙县教育局")
    other = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    other = services.issue_forward(issue=other, unit=education, actor=cast("csx_lianluo"))
    with pytest.raises(PermissionDeniedError):
        services.issue_feedback(issue=other, feedback="已处理", actor=cast("csx_zhujian"))
    with pytest.raises(ValidationError) as caught:
        services.issue_feedback(issue=issue, feedback="", actor=cast("csx_zhujian"))
    assert "feedback" in caught.value.message_dict
    issue = services.issue_feedback(issue=issue, feedback="已现场维修。", actor=cast("csx_zhujian"))
    assert issue.status == Status.FEEDBACK and issue.feedback_on is not None


def test_the_full_round_answer_rate_close(new_issue, cast, unit):
    issue = _forwarded(new_issue, cast, unit)
    issue = services.issue_feedback(issue=issue, feedback="已维修。", actor=cast("csx_zhujian_fz"))
    with pytest.raises(ValidationError) as caught:
        services.issue_answer(issue=issue, answer="", actor=cast("csx_lianluo"))
    assert "answer" in caught.value.message_dict
    issue = services.issue_answer(issue=issue, answer="路灯已修好。", actor=cast("csx_lianluo"))
    assert issue.status == Status.ANSWERED
    with pytest.raises(ValidationError):
        services.issue_rate(issue=issue, satisfaction="great")
    closed_before = monthly(issue).closed
    issue = services.issue_rate(issue=issue, satisfaction="satisfied", actor=None, actor_label="群众（查询码）")
    assert (issue.status, issue.satisfaction, issue.closed_on) == (Status.CLOSED, "satisfied", issue.closed_on)
    assert issue.closed_on is not None
    assert monthly(issue).closed == closed_before + 1
    assert issue.events.order_by("-id").first().actor_label == "群众（查询码）"
    assert counts(issue) == (6, 6)


def test_dissatisfied_answer_opens_another_round(new_issue, cast):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    issue = services.issue_handle(issue=issue, answer="已协调物业。", actor=cast("csx_lianluo"))
    issue = services.issue_rate(issue=issue, satisfaction="dissatisfied", comment="没有解决")
    assert (issue.status, issue.round) == (Status.ACCEPTED, 2)


def test_close_and_reopen(new_issue, cast):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    issue = services.issue_handle(issue=issue, answer="已答复。", actor=cast("csx_lianluo"))
    issue = services.issue_close(issue=issue, actor=cast("csx_lianluo"), note="电话联系不上")
    assert issue.status == Status.CLOSED
    with pytest.raises(ValidationError) as caught:
        services.issue_reopen(issue=issue, actor=cast("csx_lianluo"), reason="")
    assert "reason" in caught.value.message_dict
    with pytest.raises(PermissionDeniedError):
        services.issue_reopen(issue=issue, actor=cast("xs_zhanzhang"), reason="群众再次反映")
    issue = services.issue_reopen(issue=issue, actor=cast("csx_lianluo"), reason="群众再次反映")
    assert (issue.status, issue.round, issue.closed_on) == (Status.ACCEPTED, 2, None)


def test_transfer_opens_a_child_at_the_other_office_and_its_answer_reaches_the_parent(new_issue, cast):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    city = Region.objects.get(code="4301")
    with pytest.raises(ValidationError) as caught:
        services.issue_transfer(issue=issue, to_region=issue.region, actor=cast("csx_lianluo"))
    assert "to_region" in caught.value.message_dict
    child = services.issue_transfer(issue=issue, to_region=city, actor=cast("csx_lianluo"), note="市级事权")
    issue.refresh_from_db()
    assert issue.status == Status.TRANSFERRED
    assert (child.parent, child.region_id, child.status) == (issue, "4301", Status.RECEIVED)
    assert child.number.startswith("4301-")
    assert child.constituents.get().name == "欧阳建华"
    child = services.issue_accept(issue=child, actor=cast("cs_lianluo"))
    services.issue_handle(issue=child, answer="市教育局已将该片区纳入学位扩容计划。", actor=cast("cs_lianluo"))
    issue.refresh_from_db()
    assert issue.answer == "市教育局已将该片区纳入学位扩容计划。"
    assert issue.events.filter(action="child_answered").exists()


def test_merge_keeps_one_case_with_everyone_behind_it(new_issue, cast):
    master = new_issue(constituents=[{"name": "甲", "mobile": "13800000001"}, {"name": "乙", "mobile": "13800000002"}])
    dup1, dup2 = new_issue(), new_issue()
    assert master.people_count == 2
    master = services.issue_merge(master=master, duplicates=[dup1, dup2], actor=cast("csx_lianluo"))
    assert master.people_count == 4
    dup1.refresh_from_db()
    assert (dup1.status, dup1.merged_into) == (Status.MERGED, master)
    assert counts(dup1) == (2, 2)
    # The answer on the master reaches every merged issue and their query codes show it.
    master = services.issue_accept(issue=master, actor=cast("csx_lianluo"))
    services.issue_handle(issue=master, answer="已督促物业整改。", actor=cast("csx_lianluo"))
    for duplicate in (dup1, dup2):
        followed = selectors.issue_by_query_code(duplicate.query_code)
        assert followed.answer == "已督促物业整改。" and followed.status == Status.MERGED
    # A person behind a duplicate can still say what they think of the answer.
    rated = services.issue_rate(issue=dup1, satisfaction="basically")
    assert rated.satisfaction == "basically" and rated.status == Status.MERGED


def test_merge_refuses_a_finished_master_or_no_duplicates(new_issue, cast, unchanged):
    with pytest.raises(ValidationError) as caught:
        services.issue_merge(master=Issue.objects.filter(status="received").first(), duplicates=[],
                             actor=cast("csx_lianluo"))
    assert "duplicates" in caught.value.message_dict
    closed = Issue.objects.filter(status="closed", region_id="430121").first()
    received = Issue.objects.filter(status="received", region_id="430121").first()
    with pytest.raises(ServiceError):
        services.issue_merge(master=closed, duplicates=[received], actor=cast("csx_lianluo"))


def test_escalation_keeps_the_link_and_the_reply_reaches_everyone(new_issue, cast, county):
    """代表法 Art 21: a deputy reflects the people's opinions; the suggestion's reply reaches every person."""
    master, dup, other = new_issue(), new_issue(), new_issue()
    services.issue_merge(master=master, duplicates=[dup], actor=cast("csx_lianluo"))
    services.issue_accept(issue=master, actor=cast("csx_lianluo"))
    with pytest.raises(ValidationError) as caught:
        services.suggestion_draft_create(region=county, title="", body="", issues=[], actor=cast("csx_daibiao"))
    assert {"title", "body", "issues"} <= set(caught.value.message_dict)
    draft = services.suggestion_draft_create(region=county, title="关于路灯维护的建议", body="建议建立路灯巡查机制。",
                                             issues=[master, other], actor=cast("csx_daibiao"))
    assert set(draft.issues.all()) == {master, other}
    assert set(master.suggestion_drafts.all()) == {draft}
    assert master.events.filter(action="escalate").exists()
    assert services.suggestion_draft_people(draft).count() == 3  # master + merged duplicate + other
    answered = services.suggestion_reply_propagate(draft=draft, reply="县政府已建立路灯巡查机制。")
    assert answered == 1  # the accepted master; the still-received issue gets a history note
    dup.refresh_from_db()
    assert dup.answer == "县政府已建立路灯巡查机制。"
    assert other.events.filter(action="suggestion_reply").exists()
    assert SuggestionDraft.objects.filter(pk=draft.pk, status="draft").exists()


def test_monthly_summary_rebuild_matches_the_running_counts(new_issue, cast):
    issue = services.issue_accept(issue=new_issue(), actor=cast("csx_lianluo"))
    issue = services.issue_handle(issue=issue, answer="已答复。", actor=cast("csx_lianluo"))
    services.issue_rate(issue=issue, satisfaction="satisfied")
    fields = ("month", "region_id", "station_id", "category_id", "received", "closed", "closed_on_time", "rated",
              "satisfied")
    running = {tuple(r) for r in IssueMonthly.objects.values_list(*fields) if any(r[4:])}
    assert services.issue_monthly_rebuild() > 0
    assert {tuple(r) for r in IssueMonthly.objects.values_list(*fields)} == running


def test_edit_reindexes_and_records(new_issue, cast):
    from lianluo.casework.models import Category

    issue = new_issue()
    category = Category.objects.filter(region_id="430121", name="物业管理").first()
    issue = services.issue_edit(issue=issue, actor=cast("csx_lianluo"), title="小区东门路灯不亮", category=category)
    assert issue.title == "小区东门路灯不亮" and issue.category == category
    assert issue.events.filter(action="edit").exists()
    with pytest.raises(ValidationError) as caught:
        services.issue_edit(issue=issue, actor=cast("csx_lianluo"), title="")
    assert "title" in caught.value.message_dict


def test_contacts_reveal_is_audited_and_limited_to_callers(new_issue, cast):
    issue = new_issue()
    people = services.issue_contacts_reveal(issue=issue, actor=cast("csx_lianluo"))
    assert people[0].mobile == "13812345678"
    assert AuditEvent.objects.filter(action="issue.contacts_view", object_id=str(issue.pk)).exists()
    with pytest.raises(PermissionDeniedError):
        services.issue_contacts_reveal(issue=issue, actor=cast("csx_daibiao"))
