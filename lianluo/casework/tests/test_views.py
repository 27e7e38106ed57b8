"""A posted choice the form did not offer (an id outside the reader's scope) is a Chinese error on that field;
nothing reaches the service."""

import pytest

from lianluo.casework import selectors, services
from lianluo.casework.models import Category, Issue, Status
from lianluo.regions.models import Level, Organisation, Region
from lianluo.stations.models import Station

pytestmark = pytest.mark.django_db

NEW_ISSUE = {"office": "430121", "channel": "phone", "received_on": "2026-11-01", "title": "越权选项测试",
             "content": "内容。", "name": "周一", "mobile": "13800001111", "wants_answer": "on"}


def _other_station():
    return Station.objects.filter(is_active=True).exclude(region__code__startswith="430121").first()


def _other_unit():
    return Organisation.objects.exclude(region_id="430121").first()


def _received_issue():
    return Issue.objects.filter(region_id="430121", status=Status.RECEIVED).first()


def test_intake_refuses_an_office_outside_the_choices(signed_in):
    response = signed_in("csx_lianluo").post("/casework/new/", {**NEW_ISSUE, "office": "43"})
    assert response.status_code == 400
    assert "所选受理人大不在可选范围内" in response.content.decode()
    assert not Issue.objects.filter(title="越权选项测试").exists()


def test_intake_refuses_a_station_outside_the_choices(signed_in):
    station = _other_station()
    response = signed_in("csx_lianluo").post("/casework/new/", {**NEW_ISSUE, "station": station.pk})
    assert response.status_code == 400
    assert "所选联络站不在可选范围内" in response.content.decode()
    assert not Issue.objects.filter(title="越权选项测试").exists()


def test_intake_refuses_a_category_of_another_tree(signed_in):
    elsewhere = Region.objects.exclude(code__startswith="4301").filter(level=Level.COUNTY).first()
    other = Category.objects.create(region=elsewhere, code="01", name="他县分类", depth=1, order=1)
    response = signed_in("csx_lianluo").post("/casework/new/", {**NEW_ISSUE, "category": other.pk})
    assert response.status_code == 400 and "所选分类不在可选范围内" in response.content.decode()


def test_quick_record_refuses_a_station_outside_the_choices(signed_in):
    response = signed_in("csx_daibiao").post("/casework/quick/", {
        "title": "越权选项测试", "content": "内容。", "station": _other_station().pk})
    assert response.status_code == 400 and "所选联络站不在可选范围内" in response.content.decode()
    assert not Issue.objects.filter(title="越权选项测试").exists()


def test_forward_refuses_a_unit_of_another_region(signed_in, cast):
    issue = _received_issue()
    services.issue_accept(issue=issue, actor=cast("csx_lianluo"))
    response = signed_in("csx_lianluo").post(f"/casework/{issue.pk}/forward/", {"forward-unit": _other_unit().pk})
    assert response.status_code == 400 and "所选承办单位不在可选范围内" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Status.ACCEPTED and issue.unit_id is None


def test_transfer_refuses_a_region_that_is_not_a_target(signed_in, cast):
    issue = _received_issue()
    services.issue_accept(issue=issue, actor=cast("csx_lianluo"))
    response = signed_in("csx_lianluo").post(f"/casework/{issue.pk}/transfer/", {"transfer-to_region": "430102"})
    assert response.status_code == 400 and "所选转往人大不在可选范围内" in response.content.decode()
    issue.refresh_from_db()
    assert issue.status == Status.ACCEPTED


def test_category_import_refuses_an_office_outside_the_choices(signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("c.csv", "一级分类,二级分类\n测试,测试子类\n".encode())
    response = signed_in("csx_lianluo").post("/casework/categories/", {"office": "43", "file": upload})
    assert response.status_code == 400 and "所选维护单位不在可选范围内" in response.content.decode()
    assert not Category.objects.filter(name="测试子类").exists()


def test_choice_lookups_return_nothing_outside_the_scope(cast):
    """The view's second line of defence: each lookup answers only within what its choices offer."""
    user = cast("csx_lianluo")
    issue = _received_issue()
    assert selectors.station_get(user=user, pk=_other_station().pk) is None
    own = selectors.station_choices(user=user)[0][0]
    assert selectors.station_get(user=user, pk=own).pk == own
    assert selectors.office_get(user=user, code="43") is None
    assert selectors.office_get(user=user, code="430121").code == "430121"
    assert selectors.unit_get(issue=issue, pk=_other_unit().pk) is None
    assert selectors.transfer_target_get(issue=issue, code="430102") is None
    assert selectors.transfer_target_get(issue=issue, code="4301").code == "4301"
    assert selectors.category_import_office_get(user=user, code="43") is None
