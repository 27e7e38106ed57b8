"""Bulk import of a session's suggestions keyed in by the office from the paper submissions (.xlsx)."""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.casework.selectors import categories_for
from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.deputies.models import Mandate
from lianluo.deputies.roster_io import RowError
from lianluo.proposals import importer
from lianluo.proposals.models import Suggestion
from lianluo.proposals.permissions import can_manage_region
from lianluo.proposals.services._common import _actor, _event
from lianluo.proposals.services.filing import suggestion_create, suggestion_submit
from lianluo.proposals.services.review import suggestion_accept
from lianluo.regions.models import Session


@dataclass
class SuggestionImportReport:
    ok: bool = False
    rows: int = 0
    created: int = 0
    accepted: int = 0
    skipped: list = field(default_factory=list)  # (row number, title): already in this session
    errors: list = field(default_factory=list)  # RowError, in row order


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(m for errors in exc.message_dict.values() for m in errors)
    return "；".join(exc.messages)


def suggestions_import(*, session: Session, data: bytes, actor, accept: bool = False) -> SuggestionImportReport:
    """Import the suggestions of ``session`` typed into a sheet by the office, whole or not at all.

    Every row is checked first: title (present, at most 100 characters, not repeated in the sheet), content (at
    least BODY_MIN characters: 建议应当明确具体, 代表法 Art 36), the lead deputy and co-signers among the serving
    mandates of the session's term (a name two deputies share must be written 姓名（代表团）), the category and the
    是/否 of 涉及面广、处理难度大 (which gives six months instead of three, 代表法 Art 51). Any error: nothing is
    written and the report lists each problem by row. Otherwise each row becomes a suggestion keyed in by the office
    on the deputy's behalf (``suggestion_create`` + ``suggestion_submit``: the co-signers' signatures on paper count
    as confirmed), accepted and numbered in sheet order when ``accept``. A row whose title and lead deputy already
    exist in this session is skipped, so importing the same file again creates nothing."""
    region_code = session.term.congress.region_id
    if _actor(actor) is None or not can_manage_region(actor, region_code):
        raise PermissionDeniedError("只能导入本级或下级人民代表大会的代表建议。")
    report = SuggestionImportReport()
    try:
        rows = importer.read_sheet(data)
    except importer.SheetFileError as exc:
        report.errors.append(RowError(0, "", str(exc)))
        return report
    report.rows = len(rows)
    if not rows:
        report.errors.append(RowError(0, "", "表格中没有数据行。"))
        return report
    mandates = (Mandate.objects.filter(term_id=session.term_id, status=Mandate.Status.SERVING)
                .select_related("person", "delegation", "term"))
    categories = categories_for(region_code).select_related("parent")
    checked = importer.check_rows(rows, deputies=importer.DeputyIndex(mandates),
                                  categories=importer.CategoryIndex(categories), errors=report.errors)
    if report.errors:
        del report.errors[importer.MAX_REPORTED_ERRORS:]
        return report
    digest = hashlib.sha256(data).hexdigest()[:16]
    with transaction.atomic():
        # One import per session at a time, so that two offices loading the same file cannot both create a row.
        Session.objects.select_for_update().get(pk=session.pk)
        existing = set(Suggestion.objects.filter(session=session).values_list("title", "lead_id"))
        for row in checked:
            if (row.title, row.lead.pk) in existing:
                report.skipped.append((row.row, row.title))
                continue
            try:
                suggestion = suggestion_create(lead=row.lead, title=row.title, body=row.body, actor=actor,
                                               session=session, category=row.category, is_complex=row.is_complex,
                                               cosigners=row.cosigners)
                suggestion = suggestion_submit(suggestion=suggestion, actor=actor)
                _event(suggestion=suggestion, action="import", actor=actor, from_status=suggestion.status,
                       to_status=suggestion.status, note=f"由 Excel 导入（第 {row.row} 行）",
                       data={"row": row.row, "file": digest})
                if accept:
                    suggestion_accept(suggestion=suggestion, actor=actor)
                    report.accepted += 1
            except ValidationError as exc:
                report.errors.append(RowError(row.row, "", _messages(exc)))
                continue
            except ServiceError as exc:
                report.errors.append(RowError(row.row, "", str(exc)))
                continue
            existing.add((row.title, row.lead.pk))
            report.created += 1
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.accepted = 0
            report.skipped = []
            return report
        if report.created:
            audit_record(action="suggestion.import", actor=actor, obj=session,
                         summary={"rows": report.rows, "created": report.created, "accepted": report.accepted,
                                  "skipped": len(report.skipped), "file": digest})
    report.ok = True
    return report
