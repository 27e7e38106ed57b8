"""Writes to regions and congress structures (audited, atomic)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lianluo.accounts import permissions
from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError
from lianluo.regions.importer import DivisionRow, RowError, check_rows, read_csv
from lianluo.regions.models import (
    Congress,
    Delegation,
    DeputyGroup,
    Level,
    Organisation,
    Region,
    Session,
    SpecialCommittee,
    StandingCommittee,
    StandingCommitteeMember,
    Term,
)
from lianluo.regions.workdays import add_months

TERM_YEARS = 5


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    levels: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def region_import(*, data: bytes, actor=None) -> ImportReport:
    """Import an official division-code table: idempotent and whole-or-nothing.

    Every row is checked first; if any row is wrong nothing is written and the report lists every
    wrong row. Otherwise new codes are created and changed names, parents or types are updated.
    """
    if actor is not None and not permissions.can_import_regions(actor):
        raise PermissionDeniedError("无权导入行政区划。")
    rows, errors = read_csv(data)
    report = ImportReport(errors=errors)
    if errors:
        return report
    with transaction.atomic():
        existing = {region.code: region for region in Region.objects.select_for_update()}
        parsed, errors = check_rows(rows, existing_levels={code: r.level for code, r in existing.items()})
        if errors:
            report.errors = errors
            return report
        to_create, to_update = [], []
        for row in sorted(parsed, key=lambda r: (r.level, r.code)):
            report.levels[row.level] = report.levels.get(row.level, 0) + 1
            current = existing.get(row.code)
            if current is None:
                to_create.append(_region_from(row))
            elif (current.name, current.parent_id, current.level, current.unit_type) != (
                row.name, row.parent_code, row.level, row.unit_type
            ):
                current.name, current.parent_id = row.name, row.parent_code
                current.level, current.unit_type = row.level, row.unit_type
                to_update.append(current)
            else:
                report.unchanged += 1
        Region.objects.bulk_create(to_create, batch_size=1000)
        Region.objects.bulk_update(to_update, ["name", "parent", "level", "unit_type"], batch_size=1000)
        report.created, report.updated = len(to_create), len(to_update)
        audit_record(
            action="region.import", actor=actor, object_type="regions.region",
            summary={"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
        )
    return report


def _region_from(row: DivisionRow) -> Region:
    return Region(code=row.code, name=row.name, parent_id=row.parent_code, level=row.level, unit_type=row.unit_type)


def _require_editor(actor, region_code: str) -> None:
    if actor is not None and not permissions.can_edit_congress(actor, region_code):
        raise PermissionDeniedError("无权修改该人大的组织信息。")


def congress_ensure(*, region: Region, actor=None) -> Congress:
    """The region's congress, created on first use (every region at levels 1–4 has one)."""
    _require_editor(actor, region.code)
    with transaction.atomic():
        congress, created = Congress.objects.get_or_create(
            region=region, defaults={"level": region.level, "name": region.congress_title}
        )
        if created:
            audit_record(action="congress.create", actor=actor, obj=congress)
    return congress


def term_open(*, congress: Congress, number: int, start_date: datetime.date, actor=None) -> Term:
    """Open a term (届). It runs five years from the first session (代表法 Art 2; 宪法 Art 98)."""
    _require_editor(actor, congress.region_id)
    if number < 1:
        raise ValidationError({"number": "届次必须是正整数。"})
    with transaction.atomic():
        term, created = Term.objects.get_or_create(
            congress=congress, number=number,
            defaults={"start_date": start_date, "end_date": add_months(start_date, 12 * TERM_YEARS)},
        )
        if created:
            if congress.has_standing_committee:
                StandingCommittee.objects.create(term=term)
            audit_record(action="term.open", actor=actor, obj=term,
                         summary={"start_date": start_date, "end_date": term.end_date})
    return term


def session_create(
    *, term: Term, number: int, start_date: datetime.date, end_date: datetime.date | None = None,
    kind: str = Session.Kind.REGULAR, actor=None,
) -> Session:
    """Record a session (第N次会议) of a term; numbers are unique within the term."""
    _require_editor(actor, term.congress.region_id)
    errors = {}
    if number < 1:
        errors["number"] = "会次必须是正整数。"
    if kind not in Session.Kind.values:
        errors["kind"] = "会议类型不正确。"
    if end_date and end_date < start_date:
        errors["end_date"] = "闭幕日期不能早于开幕日期。"
    if term.end_date and start_date >= term.end_date or start_date < term.start_date:
        errors["start_date"] = f"开幕日期应在本届任期内（{term.start_date} 至 {term.end_date}）。"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            session = Session.objects.create(term=term, number=number, start_date=start_date, end_date=end_date,
                                             kind=kind)
            audit_record(action="session.create", actor=actor, obj=session,
                         summary={"after": {"number": number, "start_date": start_date, "end_date": end_date}})
    except IntegrityError:
        raise ValidationError({"number": f"本届已有第{number}次会议。"}) from None
    return session


def delegation_ensure(*, term: Term, name: str, region: Region, order: int = 0, actor=None) -> Delegation:
    _require_editor(actor, term.congress.region_id)
    with transaction.atomic():
        delegation, created = Delegation.objects.get_or_create(
            term=term, name=name, defaults={"region": region, "order": order}
        )
        if created:
            audit_record(action="delegation.create", actor=actor, obj=delegation)
    return delegation


def deputy_group_ensure(*, term: Term, name: str, region: Region, actor=None) -> DeputyGroup:
    _require_editor(actor, term.congress.region_id)
    with transaction.atomic():
        group, created = DeputyGroup.objects.get_or_create(term=term, name=name, defaults={"region": region})
        if created:
            audit_record(action="deputy_group.create", actor=actor, obj=group)
    return group


def special_committee_ensure(*, term: Term, name: str, order: int = 0, actor=None) -> SpecialCommittee:
    """Special committees exist at county level and above (地方组织法 Art 33)."""
    _require_editor(actor, term.congress.region_id)
    if term.congress.level > Level.COUNTY:
        raise ValidationError({"term": "乡镇人民代表大会不设专门委员会。"})
    with transaction.atomic():
        committee, created = SpecialCommittee.objects.get_or_create(term=term, name=name, defaults={"order": order})
        if created:
            audit_record(action="special_committee.create", actor=actor, obj=committee)
    return committee


def standing_committee_member_ensure(
    *, term: Term, name: str, position: str, order: int = 0, user=None, actor=None
) -> StandingCommitteeMember:
    """Add a member to the term's standing committee (idempotent by name); ``user`` links the member's account
    when it is not linked yet."""
    _require_editor(actor, term.congress.region_id)
    if not term.congress.has_standing_committee:
        raise ValidationError({"term": "乡镇人民代表大会不设常务委员会。"})
    with transaction.atomic():
        committee = StandingCommittee.objects.select_for_update().get(term=term)
        member, created = StandingCommitteeMember.objects.get_or_create(
            committee=committee, name=name, defaults={"position": position, "order": order}
        )
        if created:
            audit_record(action="standing_committee.member_add", actor=actor, obj=member)
        if user is not None and member.user_id is None:
            member.user = user
            member.save(update_fields=["user", "updated_at"])
            audit_record(action="standing_committee.member_link_user", actor=actor, obj=member,
                         summary={"user": user.username})
    return member


def organisation_ensure(*, region: Region, name: str, kind: str = Organisation.Kind.GOVERNMENT, actor=None):
    _require_editor(actor, region.code)
    with transaction.atomic():
        organisation, created = Organisation.objects.get_or_create(region=region, name=name,
                                                                   defaults={"kind": kind})
        if created:
            audit_record(action="organisation.create", actor=actor, obj=organisation)
    return organisation
