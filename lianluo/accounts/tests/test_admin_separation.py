"""三权分立: separated administrators (等保 8.1.4.2 d, 8.1.5.1–.3; SECURITY.md A1, A6)."""

import pytest
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import IntegrityError, transaction

from lianluo.accounts import permissions, services
from lianluo.accounts.models import Assignment, User
from lianluo.accounts.roles import ADMIN_ROLES, CASE_ROLES, Role
from lianluo.core.models import AuditEvent
from lianluo.regions.models import Region

pytestmark = pytest.mark.django_db

ADMINS = {"hn_xitong": Role.SYSTEM_ADMIN, "hn_anquan": Role.SECURITY_ADMIN, "hn_shenji": Role.AUDIT_ADMIN}
BUSINESS = ["hn_lianluo", "cs_lianluo", "csx_lianluo", "csx_daibiao", "csx_zhujian", "csx_zhujian_fz",
            "xs_zhanzhang", "hn_changwei", "hn_zhuanwei", "csx_xuanju"]


def region(code):
    return Region.objects.get(code=code)


def role_error(exc) -> str:
    return " ".join(exc.value.message_dict.get("role", []) + exc.value.message_dict.get("region", []))


@pytest.mark.parametrize(("username", "second"), [
    (username, role) for username, held in ADMINS.items() for role in sorted(ADMIN_ROLES) if role != held
])
def test_an_administrator_cannot_take_a_second_administrator_role(cast, username, second):
    held = Assignment.objects.filter(user=cast(username)).count()
    with pytest.raises(ValidationError) as exc:
        services.assignment_grant(actor=cast("hn_anquan"), user=cast(username), role=second, region=region("43"))
    assert "管理员" in role_error(exc)
    assert Assignment.objects.filter(user=cast(username)).count() == held


@pytest.mark.parametrize("username", ADMINS)
def test_an_administrator_cannot_take_a_business_role(cast, username):
    with pytest.raises(ValidationError) as exc:
        services.assignment_grant(actor=cast("hn_anquan"), user=cast(username), role=Role.LIAISON_STAFF,
                                  region=region("43"))
    assert "管理员账户只能担任一种管理员角色，不能兼任其他角色" in role_error(exc)


@pytest.mark.parametrize("role", sorted(ADMIN_ROLES))
def test_a_business_user_cannot_be_made_an_administrator(cast, role):
    with pytest.raises(ValidationError) as exc:
        services.assignment_grant(actor=cast("hn_anquan"), user=cast("hn_lianluo"), role=role, region=region("43"))
    assert "管理员角色须由专人担任" in role_error(exc)
    assert cast("hn_lianluo").role_set() == {Role.LIAISON_STAFF}


def test_a_business_user_may_hold_several_business_roles(cast):
    """The separation is about administrators: business roles combine (the check above is not a blanket ban)."""
    services.assignment_grant(actor=cast("hn_anquan"), user=cast("csx_daibiao"), role=Role.STATION_MANAGER,
                              region=region("430121001"))
    assert cast("csx_daibiao").role_set() == {Role.DEPUTY, Role.STATION_MANAGER}


def test_an_administrator_role_is_held_over_one_region(cast):
    """A second region for the same administrator role is refused with a message, not a database error."""
    with pytest.raises(ValidationError) as exc:
        services.assignment_grant(actor=cast("hn_anquan"), user=cast("hn_xitong"), role=Role.SYSTEM_ADMIN,
                                  region=region("4301"))
    assert "管理员角色只能在一个辖区担任" in role_error(exc)
    # Granting what the account already holds is a no-op.
    again = services.assignment_grant(actor=cast("hn_anquan"), user=cast("hn_xitong"), role=Role.SYSTEM_ADMIN,
                                      region=region("43"))
    assert again.region_id == "43" and Assignment.objects.filter(user=cast("hn_xitong")).count() == 1


@pytest.mark.parametrize(("role", "code"), [(Role.AUDIT_ADMIN, "43"), (Role.SECURITY_ADMIN, "4301"),
                                            (Role.SYSTEM_ADMIN, "4302")])
def test_the_database_refuses_a_second_administrator_assignment(cast, role, code):
    """The constraint assignment_one_admin_role holds even when the service is bypassed."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(user=cast("hn_xitong"), role=role, region=region(code))


def test_the_database_allows_one_administrator_assignment_per_person(cast):
    user, _ = services.user_create(actor=None, username="csx_xitong", full_name="县系统管理员",
                                   home_region=region("430121"))
    Assignment.objects.create(user=user, role=Role.SYSTEM_ADMIN, region=region("430121"))
    assert user.role_set() == {Role.SYSTEM_ADMIN}


@pytest.mark.parametrize("username", ["admin", "root", "Admin", " administrator ", "ROOT"])
def test_generic_usernames_are_refused(cast, username):
    before = User.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=cast("hn_xitong"), username=username, full_name="某人", home_region=region("43"))
    assert exc.value.message_dict["username"] == ["不允许使用通用账户名（如 admin），请使用实名账户。"]
    assert (User.objects.count(), AuditEvent.objects.count()) == before


def test_a_real_name_username_is_accepted(cast):
    user, _ = services.user_create(actor=cast("hn_xitong"), username="admin_zhangsan", full_name="张三",
                                   home_region=region("43"))
    assert user.pk


def test_duplicate_username_is_an_integrity_error_in_the_database(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="hn_lianluo", full_name="重名", home_region=region("43"))


@pytest.mark.parametrize("field", ["is_superuser", "is_staff", "user_permissions", "groups"])
def test_there_is_no_superuser_or_staff_bypass(field):
    """No Django superuser: it would bypass every permission check (SECURITY.md finding 5)."""
    with pytest.raises(FieldDoesNotExist):
        User._meta.get_field(field)
    assert not hasattr(User(), field)


@pytest.mark.parametrize("username", ADMINS)
def test_administrators_do_not_read_case_content(cast, username):
    user = cast(username)
    assert user.is_administrator
    assert not permissions.can_read_case_content(user)
    assert permissions.requires_second_factor(user)


@pytest.mark.parametrize("username", BUSINESS)
def test_business_roles_read_case_content_with_one_factor(cast, username):
    user = cast(username)
    assert user.role_set() <= CASE_ROLES and not user.is_administrator
    assert permissions.can_read_case_content(user)
    assert not permissions.requires_second_factor(user)


def test_each_administrator_has_only_their_own_power(cast):
    system, security, audit = cast("hn_xitong"), cast("hn_anquan"), cast("hn_shenji")
    grid = {
        name: (permissions.can_manage_accounts(u), permissions.can_manage_roles(u), permissions.can_read_audit(u))
        for name, u in [("system", system), ("security", security), ("audit", audit)]
    }
    assert grid == {"system": (True, False, False), "security": (False, True, False), "audit": (False, False, True)}


def test_the_services_check_the_actor_not_only_the_views(cast):
    """Calling a service directly with the wrong administrator is refused too."""
    from lianluo.core.errors import PermissionDeniedError

    target = cast("csx_daibiao")
    with pytest.raises(PermissionDeniedError):
        services.user_create(actor=cast("hn_anquan"), username="x_new", full_name="某人", home_region=region("43"))
    with pytest.raises(PermissionDeniedError):
        services.assignment_grant(actor=cast("hn_xitong"), user=target, role=Role.DEPUTY, region=region("4301"))
    with pytest.raises(PermissionDeniedError):
        services.user_set_active(actor=cast("hn_anquan"), user=target, active=False)
    with pytest.raises(PermissionDeniedError):
        services.throttle_unlock(actor=cast("hn_xitong"), username=target.username)
    with pytest.raises(PermissionDeniedError):
        services.assignment_revoke(actor=cast("hn_shenji"), assignment=target.assignments.get())
    target.refresh_from_db()
    assert target.is_active and target.assignments.count() == 1
