"""Account and role administration through the pages (等保 8.1.5.1, 8.1.5.3; SECURITY.md A1, A6, A8)."""

import re

import pytest

from lianluo.accounts.models import Assignment, User
from lianluo.core.models import AuditEvent
from lianluo.regions.models import Organisation

pytestmark = pytest.mark.django_db

CREATE = "/accounts/users/new/"


def field_error(html: str, field: str) -> str:
    match = re.search(rf'id="id_{field}-error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def counts():
    return User.objects.count(), Assignment.objects.count(), AuditEvent.objects.count()


def test_system_admin_creates_an_account_and_sees_the_starting_password_once(signed_in, cast):
    client = signed_in("hn_xitong")
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, {"username": "csx_wangwu", "full_name": "王五", "mobile": "139-0731-5555",
                                    "home_region": "430121"})
    assert response.status_code == 200
    html = response.content.decode()
    password = response.context["password"]
    assert "账户已创建" in html and password in html and "只显示这一次" in html
    user = User.objects.get(username="csx_wangwu")
    assert user.full_name == "王五" and user.home_region_id == "430121" and user.mobile == "13907315555"
    assert user.must_change_password and user.check_password(password)
    assert not user.assignments.exists()  # roles come from the security administrator
    event = AuditEvent.objects.filter(action="account.create").latest("id")
    assert event.actor == cast("hn_xitong") and event.object_id == str(user.pk)
    assert "13907315555" not in str(event.summary)  # the audit row holds the masked number only
    detail = client.get(f"/accounts/users/{user.pk}/").content.decode()
    assert "王五" in detail and password not in detail


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"full_name": ""}, "full_name", "这个字段是必填项。"),
    ({"full_name": "   "}, "full_name", "这个字段是必填项。"),
    ({"mobile": "1234"}, "mobile", "手机号码格式不正确，应为 11 位数字。"),
    ({"mobile": "13907310001"}, "mobile", "该手机号码已绑定其他账户。"),
    ({"username": "csx_daibiao"}, "username", "该用户名已被使用。"),
    ({"username": "admin"}, "username", "不允许使用通用账户名（如 admin），请使用实名账户。"),
    ({"username": ""}, "username", "这个字段是必填项。"),
    ({"home_region": "439999"}, "home_region", "选择一个有效的选项"),
])
def test_bad_input_is_explained_next_to_the_field_and_creates_nothing(signed_in, data, field, message):
    client = signed_in("hn_xitong")
    before = counts()
    posted = {"username": "csx_zhaoliu", "full_name": "赵六", "mobile": "13907316666", "home_region": "430121", **data}
    response = client.post(CREATE, posted)
    assert response.status_code == 400
    assert message in field_error(response.content.decode(), field)
    assert counts() == before


def test_a_city_system_admin_cannot_create_accounts_outside_their_city(signed_in, cast):
    from lianluo.accounts import services
    from lianluo.regions.models import Region

    admin, _ = services.user_create(actor=None, username="cs_xitong", full_name="市系统管理员",
                                    home_region=Region.objects.get(code="4301"), must_change_password=False)
    services.assignment_grant(actor=None, user=admin, role="system_admin", region=admin.home_region)
    client = signed_in("cs_xitong")
    before = counts()
    response = client.post(CREATE, {"username": "zz_someone", "full_name": "某人", "home_region": "4302"})
    assert response.status_code == 400 and counts() == before
    assert "4302" not in re.findall(r'<option value="(\d+)"', client.get(CREATE).content.decode())


def test_security_admin_grants_and_revokes_a_role_with_audit_rows(signed_in, cast):
    client = signed_in("hn_anquan")
    deputy = cast("csx_daibiao")
    response = client.post(f"/accounts/users/{deputy.pk}/roles/", {"role": "station_manager",
                                                                  "region": "430121", "organisation": ""})
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{deputy.pk}/"
    assignment = Assignment.objects.get(user=deputy, role="station_manager")
    assert assignment.region_id == "430121" and assignment.granted_by == cast("hn_anquan")
    grant = AuditEvent.objects.filter(action="permission.grant").latest("id")
    assert grant.actor == cast("hn_anquan") and grant.object_id == str(deputy.pk)
    assert grant.summary["role"] == "station_manager" and grant.summary["region"] == "430121"
    assert "联络站管理员 · 长沙县" in client.get(f"/accounts/users/{deputy.pk}/").content.decode()

    response = client.post(f"/accounts/roles/{assignment.pk}/revoke/")
    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    revoke = AuditEvent.objects.filter(action="permission.revoke").latest("id")
    assert revoke.actor == cast("hn_anquan") and revoke.summary == {"role": "station_manager", "region": "430121"}
    assert revoke.id > grant.id


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"role": "system_admin", "region": "430121"}, "role", "管理员角色须由专人担任，该账户已有其他角色。"),
    ({"role": "unit_officer", "region": "430121"}, "organisation", "承办单位角色必须指定单位。"),
    ({"role": "superuser", "region": "430121"}, "role", "选择一个有效的选项"),
    ({"role": "deputy", "region": ""}, "region", "这个字段是必填项。"),
])
def test_a_refused_grant_is_explained_next_to_the_field(signed_in, cast, data, field, message):
    client = signed_in("hn_anquan")
    before = counts()
    response = client.post(f"/accounts/users/{cast('csx_daibiao').pk}/roles/", {"organisation": "", **data})
    assert response.status_code == 400
    assert message in field_error(response.content.decode(), field)
    assert counts() == before


def test_a_unit_role_needs_an_organisation_within_the_region(signed_in, cast):
    client = signed_in("hn_anquan")
    city_unit = Organisation.objects.get(name="长沙市教育局")
    county_unit = Organisation.objects.get(name="长沙县教育局")
    url = f"/accounts/users/{cast('csx_daibiao').pk}/roles/"
    response = client.post(url, {"role": "unit_officer", "region": "430121", "organisation": city_unit.pk})
    assert response.status_code == 400
    assert "单位不在该辖区内。" in field_error(response.content.decode(), "organisation")
    response = client.post(url, {"role": "unit_officer", "region": "430121", "organisation": county_unit.pk})
    assert response.status_code == 302
    assert Assignment.objects.get(user=cast("csx_daibiao"), role="unit_officer").organisation == county_unit


def test_system_admin_deactivates_and_the_account_cannot_sign_in(signed_in, cast, demo_password):
    from django.test import Client

    client = signed_in("hn_xitong")
    target = cast("csx_daibiao")
    response = client.post(f"/accounts/users/{target.pk}/deactivate/")
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert AuditEvent.objects.filter(action="account.deactivate", object_id=str(target.pk)).exists()
    other = Client()
    other.post("/accounts/login/", {"username": "csx_daibiao", "password": demo_password})
    assert "_auth_user_id" not in other.session


def test_system_admin_cannot_deactivate_themselves(signed_in, cast):
    client = signed_in("hn_xitong")
    response = client.post(f"/accounts/users/{cast('hn_xitong').pk}/deactivate/", follow=True)
    assert "不能停用自己的账户。" in response.content.decode()
    assert cast("hn_xitong").is_active


def test_the_user_list_is_scoped_and_searchable(signed_in, cast):
    client = signed_in("hn_anquan")
    html = client.get("/accounts/users/", {"q": "csx_"}).content.decode()
    assert "csx_daibiao" in html and "hn_lianluo" not in html
    assert "13907310004" not in html  # no unmasked mobile numbers in the list
