"""Jurisdiction: restrict_to_jurisdiction and covers (DESIGN.md §2; SECURITY.md A7, C1)."""

import pytest

from lianluo.accounts import services
from lianluo.accounts.scoping import covers, jurisdiction_codes, restrict_to_jurisdiction
from lianluo.regions.models import Congress, Region

pytestmark = pytest.mark.django_db


def visible_codes(user, **kwargs) -> set[str]:
    return set(restrict_to_jurisdiction(Region.objects.all(), user, region_field="code", **kwargs)
               .values_list("code", flat=True))


def all_codes() -> set[str]:
    return set(Region.objects.values_list("code", flat=True))


def test_province_officer_sees_the_whole_province(cast):
    assert visible_codes(cast("hn_lianluo")) == all_codes()
    assert {"43", "4301", "4302", "430121105"} <= visible_codes(cast("hn_lianluo"))


def test_city_officer_sees_changsha_and_below_only(cast):
    codes = visible_codes(cast("cs_lianluo"))
    assert codes == {c for c in all_codes() if c.startswith("4301")}
    assert {"4301", "430102", "430121", "430121001", "430121105"} <= codes
    assert "43" not in codes and "4302" not in codes


def test_county_officer_sees_changsha_county_and_its_towns(cast):
    codes = visible_codes(cast("csx_lianluo"))
    assert codes == {c for c in all_codes() if c.startswith("430121")}
    assert {"430121", "430121001", "430121105"} <= codes
    assert not codes & {"43", "4301", "430102", "4302"}


def test_station_manager_sees_only_their_street(cast):
    assert visible_codes(cast("xs_zhanzhang")) == {"430121001"}


def test_scoping_through_a_foreign_key(cast):
    """The congress of a region inside is visible; the province's is not (region_field="region")."""
    seen = set(restrict_to_jurisdiction(Congress.objects.all(), cast("cs_lianluo")).values_list("region_id", flat=True))
    assert seen == {"4301", "430121", "430121105"}


def test_a_user_without_assignments_sees_nothing(cast):
    user, _ = services.user_create(actor=None, username="wu_juese", full_name="无角色",
                                   home_region=Region.objects.get(code="43"))
    assert jurisdiction_codes(user) == set()
    assert visible_codes(user) == set()
    assert not covers(user, "43")


def test_an_inactive_user_sees_nothing(cast):
    user = cast("hn_lianluo")
    user.is_active = False
    assert visible_codes(user) == set()
    assert not covers(user, "4301")


def test_an_anonymous_user_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert visible_codes(AnonymousUser()) == set()


def test_roles_narrow_the_jurisdiction(cast):
    """The system administrator's province-wide assignment gives no business jurisdiction."""
    admin = cast("hn_xitong")
    assert visible_codes(admin, roles={"liaison_staff"}) == set()
    assert visible_codes(admin, roles={"system_admin"}) == all_codes()


def test_several_assignments_add_up_and_nested_ones_collapse(cast):
    user = cast("csx_daibiao")
    services.assignment_grant(actor=None, user=user, role="station_manager", region=Region.objects.get(code="4302"))
    services.assignment_grant(actor=None, user=user, role="committee_member",
                              region=Region.objects.get(code="430121105"))
    user = cast("csx_daibiao")
    assert jurisdiction_codes(user) == {"430121", "4302"}
    codes = visible_codes(user)
    assert codes == {c for c in all_codes() if c.startswith(("430121", "4302"))}
    assert "4301" not in codes


@pytest.mark.parametrize(("username", "code", "inside"), [
    ("csx_lianluo", "430121105", True), ("csx_lianluo", "430121", True), ("csx_lianluo", "4301", False),
    ("csx_lianluo", "430102", False), ("cs_lianluo", "430102", True), ("cs_lianluo", "4302", False),
    ("hn_lianluo", "4302", True), ("xs_zhanzhang", "430121105", False),
])
def test_covers(cast, username, code, inside):
    assert covers(cast(username), code) is inside
