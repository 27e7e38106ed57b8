"""Permission-matrix rows for the deputies module (see tests/permission_matrix.py for the conventions)."""

from permission_matrix import (
    OUTSIDER,
    RESOLVERS,
    ROSTER_READERS,
    Case,
    Ref,
    jurisdiction_rows,
    rows,
)

# The liaison office keeps the roll (import, export, terminations, contact assignments).
KEEPERS = ("hn_lianluo", "cs_lianluo", "csx_lianluo", OUTSIDER)
# Contacts and visits: the office, and the committee member for their own contacts (hn_changwei is 王丽华).
CONTACT_READERS = (*KEEPERS, "hn_changwei")
MANDATE_CODES = ("43", "4301", "430121")
MEMBER = "王丽华"  # the demo's province committee member, linked to hn_changwei


def _member(world, key):
    from lianluo.regions.models import StandingCommitteeMember  # noqa: PLC0415

    return StandingCommitteeMember.objects.get(committee__term__congress__region_id="43", name=key).pk


def _contact(world, key):
    from lianluo.deputies.models import Contact  # noqa: PLC0415

    return Contact.objects.filter(member_id=_member(world, key)).order_by("id").first().pk


def _visit(world, key):
    from lianluo.deputies.models import Visit  # noqa: PLC0415

    return Visit.objects.filter(contact_id=_contact(world, key)).order_by("id").first().pk


def _uncontacted_mandate(world, key):
    """A provincial mandate the member does not yet contact (for the assign form)."""
    from lianluo.deputies.models import Mandate  # noqa: PLC0415

    member = _member(world, key)
    return (Mandate.objects.filter(region_id="43", status="serving").exclude(contacts__member_id=member)
            .order_by("id").first().pk)


RESOLVERS["committee_member"] = _member
RESOLVERS["fixed_contact"] = _contact
RESOLVERS["contact_visit"] = _visit
RESOLVERS["uncontacted_mandate"] = _uncontacted_mandate

END = {"reason": "resigned", "ended_on": "2025-06-30"}
VISIT = {"visited_on": "2025-05-06", "way": "visit", "heard": "反映村道损坏", "place": "黄花镇"}
MEMBER_CODES = {"43": {"member_pk": Ref("committee_member", MEMBER)}}
CONTACT_CODES = {"43": {"pk": Ref("fixed_contact", MEMBER)}}
VISIT_CODES = {"43": {"pk": Ref("contact_visit", MEMBER)}}

DEPUTIES_MORE: list[Case] = [
    *rows("deputies:composition", {**dict.fromkeys(ROSTER_READERS, 200), "*": 403}),
    *rows("deputies:roster_export", {**dict.fromkeys(KEEPERS, 200), "*": 403}, writes=KEEPERS),
    *rows("deputies:roster_import", {**dict.fromkeys(KEEPERS, 200), "*": 403}),
    # A form without a file is shown again with the error; nothing is written.
    *rows("deputies:roster_import", {**dict.fromkeys(KEEPERS, 200), "*": 403}, method="POST", data={"term": "0"}),
    *rows("deputies:roster_import_errors", {**dict.fromkeys(KEEPERS, 200), "*": 403}),
    *jurisdiction_rows("deputies:mandate_end", {c: {"pk": Ref("mandate", c)} for c in MANDATE_CODES},
                       allowed=KEEPERS, permission_first=True),
    *jurisdiction_rows("deputies:mandate_end", {c: {"pk": Ref("mandate", c)} for c in MANDATE_CODES},
                       method="POST", data=END, allowed=KEEPERS, ok=302, writes_inside=True, permission_first=True),
    *rows("deputies:contacts", {**dict.fromkeys(CONTACT_READERS, 200), "*": 403}),
    *rows("deputies:coverage", {**dict.fromkeys(CONTACT_READERS, 200), "*": 403}),
    *jurisdiction_rows("deputies:contact_assign", MEMBER_CODES, allowed=KEEPERS, permission_first=True),
    *jurisdiction_rows("deputies:contact_assign", MEMBER_CODES, method="POST",
                       data={"mandate": Ref("uncontacted_mandate", MEMBER), "started_on": "2025-01-02"},
                       allowed=KEEPERS, ok=302, writes_inside=True, permission_first=True),
    *jurisdiction_rows("deputies:contact_end", CONTACT_CODES, method="POST", data={}, allowed=KEEPERS, ok=302,
                       writes_inside=True, permission_first=True),
    *jurisdiction_rows("deputies:visit_create", CONTACT_CODES, allowed=CONTACT_READERS, permission_first=True),
    *jurisdiction_rows("deputies:visit_create", CONTACT_CODES, method="POST", data=VISIT, allowed=CONTACT_READERS,
                       ok=302, writes_inside=True, permission_first=True),
    *jurisdiction_rows("deputies:visit_follow_up_done", VISIT_CODES, method="POST", data={},
                       allowed=CONTACT_READERS, ok=302, writes_inside=True, permission_first=True),
]
