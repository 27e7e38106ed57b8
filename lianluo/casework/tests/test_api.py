"""/api/v1/issues: the same scope and services as the pages, Chinese errors naming the field."""

import pytest

from lianluo.casework.models import Issue, Status

pytestmark = pytest.mark.django_db


def test_list_is_scoped_and_paged(signed_in):
    client = signed_in("csx_lianluo")
    body = client.get("/api/v1/issues", {"limit": 5}).json()
    assert len(body["items"]) == 5 and body["next_after"] == body["items"][-1]["id"]
    regions = {i["region"] for i in client.get("/api/v1/issues", {"limit": 100}).json()["items"]}
    assert regions == {"430121"}
    overdue = client.get("/api/v1/issues", {"overdue": "true"}).json()["items"]
    assert overdue and all(i["overdue"] for i in overdue)


def test_detail_masks_people_and_lists_actions(signed_in):
    issue = Issue.objects.filter(region_id="430121", status="received").first()
    body = signed_in("csx_lianluo").get(f"/api/v1/issues/{issue.pk}").json()
    name = issue.constituents.first().name
    assert body["people"][0]["name"] == name[0] + "*" * (len(name) - 1)
    assert body["actions"] == ["accept", "decline"]
    assert body["events"][0]["action"] == "submit"


def test_outside_is_404_and_admins_are_403(signed_in):
    city = Issue.objects.filter(region_id="4301").first()
    assert signed_in("csx_lianluo").get(f"/api/v1/issues/{city.pk}").status_code == 404
    assert signed_in("hn_xitong").get("/api/v1/issues").status_code == 403


def test_create_and_transition(signed_in):
    client = signed_in("csx_lianluo")
    response = client.post("/api/v1/issues", {
        "region": "430121", "title": "接口登记：噪音", "content": "夜间噪音。",
        "constituents": [{"name": "王五", "mobile": "13800002222"}],
    }, content_type="application/json")
    assert response.status_code == 201, response.content
    issue_id = response.json()["id"]
    assert response.json()["channel"] == "api"
    bad = client.post(f"/api/v1/issues/{issue_id}/transitions", {"action": "decline"}, content_type="application/json")
    assert bad.status_code == 422 and "reason" in bad.json()["errors"]
    ok = client.post(f"/api/v1/issues/{issue_id}/transitions", {"action": "accept"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == Status.ACCEPTED
    again = client.post(f"/api/v1/issues/{issue_id}/transitions", {"action": "accept"},
                        content_type="application/json")
    assert again.status_code == 409 and "不能受理" in again.json()["detail"]


def test_create_refuses_missing_people_in_chinese(signed_in):
    response = signed_in("csx_lianluo").post("/api/v1/issues", {
        "region": "430121", "title": "无人", "content": "内容", "channel": "phone",
    }, content_type="application/json")
    assert response.status_code == 422 and "至少登记一位反映人" in response.json()["detail"]


def test_deputy_cannot_create_through_the_api(signed_in):
    response = signed_in("csx_daibiao").post("/api/v1/issues", {"region": "430121", "title": "x", "content": "y"},
                                             content_type="application/json")
    assert response.status_code == 403
