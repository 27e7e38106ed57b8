"""Who sees which issues (404 outside), what the pages show, and that lists run a fixed number of queries."""

import pytest

from lianluo.casework import selectors, services
from lianluo.casework.models import Issue, Status

pytestmark = pytest.mark.django_db


def visible(user):
    return set(selectors.issues_visible(user=user).values_list("pk", flat=True))


def test_liaison_staff_see_their_region_subtree(cast):
    county = visible(cast("csx_lianluo"))
    city = visible(cast("cs_lianluo"))
    province = visible(cast("hn_lianluo"))
    assert county == set(Issue.objects.filter(region_id__in=["430121"]).values_list("pk", flat=True)) | set(
        Issue.objects.filter(station__region__code__startswith="430121").values_list("pk", flat=True))
    assert county < city < province
    assert not Issue.objects.filter(pk__in=county, region_id="4301").exists()


def test_station_manager_sees_own_stations_issues(cast):
    mine = Issue.objects.filter(pk__in=visible(cast("xs_zhanzhang")))
    assert mine.exists()
    assert all(i.station and i.station.region_id.startswith("430121001") for i in mine)


def test_deputy_sees_what_they_recorded_and_their_stations(cast):
    user = cast("csx_daibiao")
    seen = Issue.objects.filter(pk__in=visible(user))
    assert seen.filter(raised_by_deputy__person__user=user).exists()
    from lianluo.stations.models import StationDeputy

    stations = set(StationDeputy.objects.filter(mandate__person__user=user, until__isnull=True)
                   .values_list("station_id", flat=True))
    assert all(i.raised_by_deputy_id and i.raised_by_deputy.person.user_id == user.pk or i.station_id in stations
               for i in seen)
    assert seen.count() < len(visible(cast("csx_lianluo")))


def test_unit_sees_only_what_is_forwarded_to_it_now(cast):
    for who in ("csx_zhujian", "csx_zhujian_fz"):
        seen = Issue.objects.filter(pk__in=visible(cast(who)))
        assert seen.exists()
        assert set(seen.values_list("unit__name", flat=True)) == {"长沙县住房和城乡建设局"}
        assert set(seen.values_list("status", flat=True)) <= {Status.FORWARDED, Status.FEEDBACK}


@pytest.mark.parametrize("who", ["hn_xitong", "hn_anquan", "hn_shenji", "csx_xuanju", "hn_zhuanwei"])
def test_administrators_and_other_roles_see_no_case_content(cast, signed_in, who):
    assert visible(cast(who)) == set()
    issue = Issue.objects.filter(region_id="430121").first()
    client = signed_in(who)
    assert client.get("/casework/").status_code == 403
    assert client.get(f"/casework/{issue.pk}/").status_code == 403


def test_outside_jurisdiction_is_a_404(signed_in):
    city_issue = Issue.objects.filter(region_id="4301").first()
    client = signed_in("csx_lianluo")
    assert client.get(f"/casework/{city_issue.pk}/").status_code == 404
    assert client.post(f"/casework/{city_issue.pk}/accept/", {}).status_code == 404


def test_list_filters_and_keyset_pages(cast):
    user = cast("csx_lianluo")
    rows, after = selectors.issue_list(user=user, limit=5)
    assert len(rows) == 5 and after == rows[-1].pk
    more, _ = selectors.issue_list(user=user, limit=5, after=after)
    assert max(i.pk for i in more) < after
    overdue, _ = selectors.issue_list(user=user, filters=selectors.IssueFilters(overdue=True))
    assert overdue and all(i.status == Status.FORWARDED for i in overdue)
    found, _ = selectors.issue_list(user=user, filters=selectors.IssueFilters(query="路灯"))
    assert found and all("路灯" in (i.title + Issue.objects.get(pk=i.pk).content) for i in found)
    filters = selectors.IssueFilters(status="forwarded", channel="station")
    forwarded, _ = selectors.issue_list(user=user, filters=filters)
    assert all(i.status == "forwarded" and i.channel == "station" for i in forwarded)


def test_issue_pages_render_for_staff(signed_in):
    client = signed_in("csx_lianluo")
    response = client.get("/casework/?status=forwarded&overdue=on")
    assert response.status_code == 200 and "逾期" in response.content.decode()
    issue = Issue.objects.filter(region_id="430121", status="received").first()
    page = client.get(f"/casework/{issue.pk}/").content.decode()
    assert "受理" in page and "不予受理理由" in page
    name = issue.constituents.first().name
    assert name not in page and name[0] + "*" in page  # masked until revealed
    revealed = client.post(f"/casework/{issue.pk}/contacts/").content.decode()
    assert name in revealed
    for url in ("/casework/new/", "/casework/hot/", "/casework/drafts/", "/casework/categories/"):
        assert client.get(url).status_code == 200, url


def test_page_actions_move_the_issue(signed_in):
    client = signed_in("csx_lianluo")
    issue = Issue.objects.filter(region_id="430121", status="received").first()
    response = client.post(f"/casework/{issue.pk}/decline/", {"decline-reason": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Status.RECEIVED
    response = client.post(f"/casework/{issue.pk}/accept/", {"accept-note": "同意受理"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Status.ACCEPTED
    response = client.post(f"/casework/{issue.pk}/accept/", {"accept-note": ""})
    assert response.status_code == 409 and "不能受理" in response.content.decode()


def test_staff_intake_and_deputy_quick_form(signed_in, cast):
    client = signed_in("csx_lianluo")
    response = client.post("/casework/new/", {
        "office": "430121", "channel": "phone", "received_on": "2026-11-01", "title": "电话反映：小区漏水",
        "content": "楼上漏水。", "name": "周一", "mobile": "13800001111", "wants_answer": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    issue = Issue.objects.get(title="电话反映：小区漏水")
    assert issue.recorded_by == cast("csx_lianluo") and issue.channel == "phone"
    bad = client.post("/casework/new/", {"office": "430121", "channel": "phone", "received_on": "2026-11-01",
                                         "title": "无人", "content": "内容"})
    assert bad.status_code == 400 and "至少登记一位反映人" in bad.content.decode()
    deputy = signed_in("csx_daibiao")
    assert deputy.get("/casework/quick/").status_code == 200
    response = deputy.post("/casework/quick/",
                           {"title": "路口缺少红绿灯", "content": "学校路口车多。", "place": "星沙"})
    assert response.status_code == 302
    recorded = Issue.objects.get(title="路口缺少红绿灯")
    assert recorded.channel == "deputy" and recorded.raised_by_deputy.person.user == cast("csx_daibiao")


def test_unit_inbox_puts_overdue_first_and_takes_feedback(signed_in, cast):
    client = signed_in("csx_zhujian")
    page = client.get("/casework/inbox/").content.decode()
    assert "逾期" in page
    from django.utils import timezone

    rows = selectors.unit_inbox(user=cast("csx_zhujian"))
    today = timezone.localdate()
    flags = [i.status == "forwarded" and i.due_on < today for i in rows]
    assert flags == sorted(flags, reverse=True)
    issue = next(i for i in rows if i.status == "forwarded")
    response = client.post(f"/casework/{issue.pk}/feedback/", {"feedback-feedback": "已整改。"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Status.FEEDBACK


def test_hot_issues_count_categories_and_repeat_places(cast):
    data = selectors.hot_issues(user=cast("csx_lianluo"), repeat_threshold=2)
    assert sum(r["n"] for r in data["by_month"]) >= 20
    assert data["by_category"][0]["category__name"] == "物业管理"
    assert any(r["category__name"] == "物业管理" for r in data["repeat_places"])
    assert any(r["category__name"] == "物业管理" for r in data["repeat_stations"])


def test_escalate_from_the_list(signed_in):
    client = signed_in("csx_lianluo")
    ids = list(Issue.objects.filter(region_id="430121", status="accepted").values_list("pk", flat=True)[:2])
    assert client.get("/casework/drafts/new/", {"issue": ids}).status_code == 200
    response = client.post("/casework/drafts/new/", {"issue": ids, "title": "关于基层医疗的建议", "body": "建议……"})
    assert response.status_code == 302
    from lianluo.casework.models import SuggestionDraft

    draft = SuggestionDraft.objects.get(title="关于基层医疗的建议")
    assert set(draft.issues.values_list("pk", flat=True)) == set(ids)
    assert client.get(f"/casework/drafts/{draft.pk}/").status_code == 200
    assert signed_in("cs_lianluo").get(f"/casework/drafts/{draft.pk}/").status_code == 200
    assert signed_in("hn_zhuanwei").get(f"/casework/drafts/{draft.pk}/").status_code == 403


def test_services_refuse_staff_outside_their_jurisdiction(cast):
    from lianluo.core.errors import PermissionDeniedError

    issue = Issue.objects.filter(region_id="4301", status="received").first()
    with pytest.raises(PermissionDeniedError):
        services.issue_accept(issue=issue, actor=cast("csx_lianluo"))
