"""Hot issues in the product: snapshots per region from the engine's clusters, read within the jurisdiction, and
escalated to a suggestion draft only by the officer."""

import datetime

import pytest
from django.utils import timezone

from lianluo.casework.models import Issue
from lianluo.core.models import AuditEvent
from lianluo.textmine import hot
from lianluo.textmine.models import HotIssueSnapshot


@pytest.fixture
def parking(db):
    return list(Issue.objects.filter(title__contains="停车费").order_by("pk"))


def test_the_demo_issues_about_one_estates_parking_fees_form_one_hot_issue(parking, cast):
    snapshot = hot.hot_issues_refresh(region_code="430121")
    assert snapshot.issues == Issue.objects.filter(region__code__startswith="430121", received_on__gte=snapshot.since
                                                   ).count()
    clusters = [c for c in snapshot.clusters if set(c["members"]) & {i.pk for i in parking}]
    assert len(clusters) == 1 and len(set(clusters[0]["members"]) & {i.pk for i in parking}) >= 2
    assert "凤凰城" in clusters[0]["title"]
    others = {i.pk for i in Issue.objects.filter(title__in=["老旧小区加装电梯推进缓慢", "小区无法安装充电桩"])}
    assert not others & set(clusters[0]["members"])


def test_every_region_with_issues_and_its_ancestors_gets_a_snapshot(db):
    assert hot.hot_issues_refresh_all() >= 3
    codes = set(HotIssueSnapshot.objects.values_list("region_id", flat=True))
    assert {"43", "4301", "430121"} <= codes


def test_readers_see_only_their_jurisdictions_snapshots_and_issues(parking, cast):
    hot.hot_issues_refresh_all()
    county = hot.hot_issues_for(user=cast("csx_lianluo"))
    assert [g["snapshot"].region_id for g in county] == ["430121"]
    assert any(len({i.pk for i in parking} & set(c["ids"])) >= 2 for c in county[0]["clusters"])
    assert hot.hot_issues_for(user=cast("csx_daibiao")) == []  # deputies do not read the office's hot issues


def test_the_hot_page_lists_the_clusters_with_an_escalation_link(parking, signed_in):
    hot.hot_issues_refresh(region_code="430121")
    page = signed_in("csx_lianluo").get("/casework/hot/").content.decode()
    assert "同一具体问题的群众意见" in page and parking[0].number in page
    assert f"/casework/drafts/new/?issue={parking[0].pk}" in page or f"issue={parking[0].pk}&amp;" in page


def test_the_office_recomputes_from_the_page_with_an_audit_row(db, signed_in):
    HotIssueSnapshot.objects.all().delete()
    response = signed_in("csx_lianluo").post("/casework/hot/refresh/")
    assert response.status_code == 302
    assert HotIssueSnapshot.objects.filter(region_id="430121").exists()
    assert AuditEvent.objects.filter(action="textmine.hot_issues_refresh").exists()
    assert signed_in("csx_daibiao").post("/casework/hot/refresh/").status_code == 403


def test_an_escalation_link_opens_the_draft_form_with_the_issues_and_title(parking, signed_in):
    query = "&".join(f"issue={i.pk}" for i in parking) + "&title=凤凰城小区停车费上涨"
    page = signed_in("csx_lianluo").get(f"/casework/drafts/new/?{query}").content.decode()
    assert 'value="凤凰城小区停车费上涨"' in page and parking[0].number in page


def test_old_issues_fall_out_of_the_window(db):
    today = timezone.localdate() + datetime.timedelta(days=hot.WINDOW_DAYS + 400)
    snapshot = hot.hot_issues_refresh(region_code="430121", today=today)
    assert snapshot.issues == 0 and snapshot.clusters == []


def test_the_dashboard_lists_the_hottest_with_their_escalation_links(parking, signed_in):
    hot.hot_issues_refresh(region_code="430121")
    page = signed_in("csx_lianluo").get("/workbench/").content.decode()
    assert "热点问题" in page and "转为建议草稿" in page and f"issue={parking[0].pk}" in page
