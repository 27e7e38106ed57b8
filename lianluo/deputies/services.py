"""Writes to persons and mandates (audited, atomic)."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core import bulk
from lianluo.core.audit import audit_record
from lianluo.core.crypto import provider
from lianluo.core.fields import blind_index
from lianluo.core.masking import mask_id_number, mask_mobile, mask_name
from lianluo.core.validators import id_number_is_valid, normalise_mobile
from lianluo.deputies import roster_io
from lianluo.deputies.models import Mandate, OccupationCategory, Person
from lianluo.regions.models import Term


def deputy_register(
    *, term: Term, name: str, gender: str, started_on: datetime.date, ethnicity: str = "汉族",
    birth_date: datetime.date | None = None, party: str = "", occupation: str = "", id_number: str = "",
    mobile: str = "", delegation=None, deputy_group=None, constituency: str = "", actor=None,
) -> Mandate:
    """Record a deputy's seat in a term, reusing the person when the identity number is known.

    Identity numbers are checked against the GB 11643 check digit and stored encrypted.
    """
    errors = {}
    if not name.strip():
        errors["name"] = "姓名不能为空。"
    if gender not in Person.Gender.values:
        errors["gender"] = "性别应为“男”或“女”。"
    id_number = id_number.strip().upper()
    if id_number and not id_number_is_valid(id_number):
        errors["id_number"] = "身份证号不正确（位数或校验位不符）。"
    if mobile and not normalise_mobile(mobile):
        errors["mobile"] = "联系电话应为 11 位手机号码。"
    if delegation is not None and delegation.term_id != term.pk:
        errors["delegation"] = "代表团不属于该届人大。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = None
        if id_number:
            person = Person.objects.select_for_update().filter(
                id_number_index=blind_index(id_number, purpose="id_number")
            ).first()
        if person is None:
            person = Person.objects.create(
                name=name.strip(), gender=gender, ethnicity=ethnicity, birth_date=birth_date, party=party,
                occupation=occupation, id_number=id_number, mobile=normalise_mobile(mobile),
            )
        mandate, created = Mandate.objects.get_or_create(
            person=person, term=term,
            defaults={"region_id": term.congress.region_id, "delegation": delegation, "deputy_group": deputy_group,
                      "constituency": constituency, "started_on": started_on},
        )
        if created:
            _event(mandate, "registered", actor)
            audit_record(action="deputy.register", actor=actor, obj=mandate,
                         summary={"after": {"name": person.name, "term": term.pk,
                                            "id_number": mask_id_number(id_number)}})
    return mandate


def person_link_user(*, person: Person, user, actor=None) -> Person:
    """Link a deputy's account to their person record, so that they see their own mandates, stations and issues.

    One account belongs to one person; linking a second person to the same account is refused.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.user_id == user.pk:
            return person
        if Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise ValidationError({"user": "该账户已关联其他代表。"})
        person.user = user
        person.save(update_fields=["user", "updated_at"])
        audit_record(action="deputy.link_user", actor=actor, obj=person, summary={"user": user.username})
    return person


# ---------------------------------------------------------------- history helper


def _event(mandate, kind, actor, note="", changes=None):
    from lianluo.deputies.models import MandateEvent

    return MandateEvent.objects.create(mandate=mandate, kind=kind, actor=actor if _is_user(actor) else None,
                                       note=note, changes=changes or {})


def _is_user(actor) -> bool:
    return getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) is not None


# ---------------------------------------------------------------- termination and changes


def mandate_end(*, mandate: Mandate, reason: str, ended_on: datetime.date, actor=None, note: str = "") -> Mandate:
    """Terminate a deputy's mandate on one of the grounds of 代表法 Art 62, with the date it took effect.

    The reason must be one of Mandate.EndReason; the date may not precede the start of the mandate nor lie in
    the future. History row and audit row are written in the same transaction.
    """
    errors = {}
    if reason not in Mandate.EndReason.values:
        errors["reason"] = "请选择代表法第六十二条规定的终止情形。"
    if not isinstance(ended_on, datetime.date):
        errors["ended_on"] = "请填写终止日期。"
    elif ended_on > datetime.date.today():
        errors["ended_on"] = "终止日期不能晚于今天。"
    elif ended_on < mandate.started_on:
        errors["ended_on"] = "终止日期不能早于当选日期。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
        if locked.status == Mandate.Status.ENDED:
            raise ValidationError({"reason": "该代表资格已经终止。"})
        locked.status, locked.end_reason, locked.ended_on = Mandate.Status.ENDED, reason, ended_on
        locked.save(update_fields=["status", "end_reason", "ended_on", "updated_at"])
        changes = {"status": ["serving", "ended"], "end_reason": ["", reason], "ended_on": ["", str(ended_on)]}
        _event(locked, "ended", actor, note=note[:300], changes=changes)
        audit_record(action="deputy.mandate_end", actor=actor, obj=locked,
                     summary={"reason": reason, "ended_on": str(ended_on), "law": "代表法 Art 62"})
    _roster_changed()
    return locked


PERSON_FIELDS = ("name", "gender", "ethnicity", "birth_date", "party", "native_place", "education", "occupation",
                 "occupation_category", "mobile", "id_number")
PERSONAL = {"mobile": mask_mobile, "id_number": mask_id_number}


def _person_errors(values: dict) -> dict:
    errors = {}
    if "name" in values and not str(values["name"]).strip():
        errors["name"] = "姓名不能为空。"
    if "gender" in values and values["gender"] not in Person.Gender.values:
        errors["gender"] = "性别应为“男”或“女”。"
    if values.get("id_number") and not id_number_is_valid(values["id_number"]):
        errors["id_number"] = "身份证号不正确（位数或校验位不符）。"
    if values.get("mobile") and not normalise_mobile(values["mobile"]):
        errors["mobile"] = "联系电话应为 11 位手机号码。"
    if values.get("occupation_category") and values["occupation_category"] not in OccupationCategory.values:
        errors["occupation_category"] = "职业构成不在可选范围内。"
    return errors


def person_update(*, person: Person, actor=None, **values) -> Person:
    """Change a person's particulars; each of their mandates gets a history row (masked changes) and the name's
    sort keys follow the name."""
    unknown = set(values) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({field: "不能修改该项。" for field in unknown})
    if "id_number" in values:
        values["id_number"] = str(values["id_number"] or "").strip().upper()
    if "mobile" in values:
        values["mobile"] = normalise_mobile(values["mobile"]) if values["mobile"] else ""
    errors = _person_errors(values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if values.get("id_number"):
            index = blind_index(values["id_number"], purpose="id_number")
            if Person.objects.filter(id_number_index=index).exclude(pk=locked.pk).exists():
                raise ValidationError({"id_number": "该身份证号已属于另一位人员。"})
        before = {f: getattr(locked, f) for f in values}
        for field, value in values.items():
            setattr(locked, field, value)
        diff = _masked_changes(before, {f: getattr(locked, f) for f in values})
        if not diff:
            return locked
        locked.save()
        Mandate.objects.filter(person=locked).update(strokes_key=locked.name_strokes_key,
                                                     pinyin_key=locked.name_pinyin_key)
        for mandate in locked.mandates.all():
            _event(mandate, "updated", actor, changes=diff)
        audit_record(action="deputy.person_update", actor=actor, obj=locked, summary={"changes": diff})
    _roster_changed()
    return locked


def _masked_changes(before: dict, after: dict) -> dict:
    def shown(field, value):
        if field in PERSONAL:
            return PERSONAL[field](value or "")
        if field == "name":
            return mask_name(value or "")
        return "" if value is None else str(value)

    return {f: [shown(f, before.get(f)), shown(f, after.get(f))] for f in after if before.get(f) != after.get(f)}


def mandate_update(*, mandate: Mandate, actor=None, delegation=None, deputy_group=None, constituency: str = "",
                   started_on: datetime.date | None = None) -> Mandate:
    """Change a mandate's delegation, deputy group, constituency or start date (history + audit)."""
    errors = {}
    if delegation is not None and delegation.term_id != mandate.term_id:
        errors["delegation"] = "代表团不属于该届人大。"
    if deputy_group is not None and deputy_group.term_id != mandate.term_id:
        errors["deputy_group"] = "代表小组不属于该届人大。"
    if len(constituency) > 100:
        errors["constituency"] = "选区或选举单位不超过 100 字。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Mandate.objects.select_for_update().get(pk=mandate.pk)
        after = {"delegation": delegation.pk if delegation else None,
                 "deputy_group": deputy_group.pk if deputy_group else None,
                 "constituency": constituency.strip(), "started_on": started_on or locked.started_on}
        before = {"delegation": locked.delegation_id, "deputy_group": locked.deputy_group_id,
                  "constituency": locked.constituency, "started_on": locked.started_on}
        diff = {k: [str(before[k] or ""), str(after[k] or "")] for k in after if before[k] != after[k]}
        if not diff:
            return locked
        locked.delegation_id, locked.deputy_group_id = after["delegation"], after["deputy_group"]
        locked.constituency, locked.started_on = after["constituency"], after["started_on"]
        locked.save()
        _event(locked, "updated", actor, changes=diff)
        audit_record(action="deputy.mandate_update", actor=actor, obj=locked, summary={"changes": diff})
    _roster_changed()
    return locked


def _roster_changed() -> None:
    from lianluo.deputies.selectors import composition_cache_bump

    transaction.on_commit(composition_cache_bump)


# ---------------------------------------------------------------- roster import


@dataclass
class ImportReport:
    ok: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # RowError, in row order

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


GENDERS = {"男": "male", "女": "female", "male": "male", "female": "female", "m": "male", "f": "female"}
CATEGORY_BY_LABEL = {label: value for value, label in OccupationCategory.choices} | {
    value: value for value in OccupationCategory.values}
MAX_REPORTED_ERRORS = 2000


def _row_values(values, columns) -> dict:
    return {f: (values[i] if i < len(values) else None) for f, i in columns.items()}


WHITE_SPACE = re.compile(r"\s+")


def _cell_text(value) -> str:
    """roster_io.cell_text, without its work in the common case: a printable string (its only possible white space
    is the ASCII space) with no leading, trailing or doubled space is already its own text."""
    if type(value) is str and value.isprintable() and "  " not in value and value[:1] != " " and value[-1:] != " ":
        return value
    return roster_io.cell_text(value)


def _parse_row(number, raw, *, term, delegations, groups, errors) -> dict | None:
    """One spreadsheet row → clean values, or None with RowErrors appended (column named in Chinese)."""
    def fail(field, message):
        errors.append(roster_io.RowError(number, roster_io.HEADER_OF[field], message))

    text = {f: _cell_text(v) for f, v in raw.items() if f not in ("birth", "started_on")}
    row = {"row": number}
    before = len(errors)
    row["name"] = WHITE_SPACE.sub("", text.get("name", ""))
    if not row["name"]:
        fail("name", "姓名不能为空。")
    elif len(row["name"]) > 50:
        fail("name", "姓名过长（不超过 50 字）。")
    row["gender"] = GENDERS.get(text.get("gender", "").lower(), "")
    if not row["gender"]:
        fail("gender", "性别应填写“男”或“女”。")
    ethnicity = text.get("ethnicity", "") or "汉族"
    row["ethnicity"] = ethnicity if ethnicity.endswith("族") else f"{ethnicity}族"
    row["birth_date"] = None
    if raw.get("birth") not in (None, ""):
        try:
            row["birth_date"] = roster_io.parse_month(raw["birth"])
        except ValueError:
            fail("birth", f"出生年月“{roster_io.cell_text(raw['birth'])[:20]}”无法识别，应如 1975.03 或 1975-03。")
    for key, limit in (("party", 32), ("native_place", 50), ("education", 32), ("occupation", 200),
                       ("constituency", 100)):
        row[key] = text.get(key, "")
        if len(row[key]) > limit:
            fail(key, f"内容过长（不超过 {limit} 字）。")
    category = text.get("occupation_category", "")
    row["occupation_category"] = CATEGORY_BY_LABEL.get(category, "")
    if category and not row["occupation_category"]:
        fail("occupation_category", f"职业构成应为：{'、'.join(OccupationCategory.labels)}。")
    # A masked value (from an export) keeps what is stored.
    mobile = "" if "*" in text.get("mobile", "") else text.get("mobile", "")
    row["mobile"] = normalise_mobile(mobile) if mobile else ""
    if mobile and not row["mobile"]:
        fail("mobile", "联系电话应为 11 位手机号码。")
    row["id_number"] = text.get("id_number", "").replace(" ", "").upper()
    if "*" in row["id_number"]:
        row["id_number"] = ""
    if row["id_number"] and not id_number_is_valid(row["id_number"]):
        fail("id_number", "身份证号不正确（位数或校验位不符）。")
    row["delegation_id"] = None
    delegation = text.get("delegation", "")
    if delegation:
        match = delegations.get(delegation) or delegations.get(f"{delegation}代表团")
        if match is None:
            fail("delegation", f"代表团“{delegation[:30]}”不属于{term}。")
        else:
            row["delegation_id"] = match
    row["deputy_group_id"] = None
    group = text.get("deputy_group", "")
    if group:
        match = groups.get(group) or groups.get(f"{group}代表小组")
        if match is None:
            fail("deputy_group", f"代表小组“{group[:30]}”不属于{term}。")
        else:
            row["deputy_group_id"] = match
    row["started_on"] = term.start_date
    if raw.get("started_on") not in (None, ""):
        try:
            row["started_on"] = roster_io.parse_date(raw["started_on"])
        except ValueError:
            fail("started_on", "当选日期无法识别，应如 2023-01-13。")
    return row if len(errors) == before else None


def roster_import(*, term: Term, data: bytes, actor=None) -> ImportReport:
    """Import a roster spreadsheet for one term, whole or not at all.

    Every row is checked first (required 姓名/性别, GB 11643 identity numbers, mobiles, 出生年月, delegation and
    deputy group of this term, identity numbers repeated in the file); any error → nothing is written and the
    report lists each problem by row and column. Rows are matched to existing deputies of the term by identity
    number, else by name and birth month; a person already known from another term (same identity number) gets a
    new mandate. Rows identical to what is stored change nothing, so re-importing a file writes no row at all;
    such rows are recognised by a keyed digest kept on the mandate, without decrypting anything. (A row found
    identical only by comparing, e.g. one imported before digests were kept, gets its digest recorded, and nothing
    else.) New rows go in through lianluo/core/bulk.py, with what Person.save() derives computed beforehand.
    """
    report = ImportReport()
    try:
        columns, _, body = roster_io.read_roster(data)
        delegations = dict(term.delegations.values_list("name", "id"))
        groups = dict(term.deputy_groups.values_list("name", "id"))
        parsed, seen_ids = [], {}
        for number, values in body:
            report.rows += 1
            row = _parse_row(number, _row_values(values, columns), term=term, delegations=delegations,
                             groups=groups, errors=report.errors)
            if row is None:
                continue
            if row["id_number"]:
                first = seen_ids.setdefault(row["id_number"], number)
                if first != number:
                    report.errors.append(roster_io.RowError(number, "身份证号", f"身份证号与第 {first} 行重复。"))
                    continue
            parsed.append(row)
    except roster_io.RosterFileError as exc:
        report.errors.append(roster_io.RowError(0, "", str(exc)))
        return report
    if not report.rows and not report.errors:
        report.errors.append(roster_io.RowError(0, "", "表格中没有数据行。"))
    if report.errors:
        del report.errors[MAX_REPORTED_ERRORS:]
        return report
    with transaction.atomic():
        _apply_import(term=term, rows=parsed, report=report, actor=actor)
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.updated = report.unchanged = 0
            return report
        if report.changed:
            audit_record(action="deputy.roster_import", actor=actor, obj=term,
                         summary={"rows": report.rows, "created": report.created, "updated": report.updated,
                                  "unchanged": report.unchanged})
    report.ok = True
    if report.changed:
        _roster_changed()
    return report


def _chunks(items, size=5000):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


# What a roster row sets: the person's particulars and the mandate's. Their digest (with the two rows' updated_at)
# lets a re-import recognise an unchanged row without reading back the encrypted columns.
IMPORTED_FIELDS = (*PERSON_FIELDS, "delegation_id", "deputy_group_id", "constituency", "started_on")
PERSON_COLUMNS = (*PERSON_FIELDS, "id_number_index", "name_strokes_key", "name_pinyin_key")
MANDATE_COLUMNS = ("delegation_id", "deputy_group_id", "constituency", "started_on", "strokes_key", "pinyin_key")


def _import_digest(row, person_updated_at, mandate_updated_at) -> str:
    """Keyed digest (the values include identity and mobile numbers) of a row's values and of the updated_at of
    the person and the mandate it was applied to. Every save() moves updated_at, so a digest still matching means
    nothing has written to either row since this row was imported or found identical."""
    stamps = "|".join(t.astimezone(datetime.UTC).isoformat() for t in (person_updated_at, mandate_updated_at))
    return provider().mac(f"{row['values']}|{stamps}".encode(), purpose="roster-import")


def _apply_import(*, term, rows, report, actor) -> None:
    from django.utils import timezone

    from lianluo.deputies.models import MandateEvent

    now = timezone.now()
    for row in rows:
        row["index"] = blind_index(row["id_number"], purpose="id_number") if row["id_number"] else ""
        row["values"] = repr(tuple(row[f] for f in IMPORTED_FIELDS))
    # What matching needs, read without decrypting anything.
    existing = Mandate.objects.filter(term=term).values_list(
        "id", "import_digest", "updated_at", "person__updated_at", "person__id_number_index", "person__name",
        "person__birth_date", named=True)
    by_index, by_name_month = {}, {}
    for m in existing:
        if m.person__id_number_index:
            by_index[m.person__id_number_index] = m
        if m.person__birth_date:
            by_name_month.setdefault((m.person__name, m.person__birth_date.strftime("%Y%m")), m)
    wanted = [r["index"] for r in rows if r["index"] and r["index"] not in by_index]
    people = {}
    for chunk in _chunks(wanted):
        for person in Person.objects.filter(id_number_index__in=chunk):
            people[person.id_number_index] = person
    compare, new_rows, matched = [], [], set()  # (mandate id, row), (known person or None, row)
    for row in rows:
        match = by_index.get(row["index"]) if row["index"] else None
        if match is None and row["birth_date"]:
            candidate = by_name_month.get((row["name"], row["birth_date"].strftime("%Y%m")))
            if candidate is not None and (not candidate.person__id_number_index or not row["index"]):
                match = candidate
        if match is not None:
            if match.id in matched:
                report.errors.append(roster_io.RowError(row["row"], "姓名", "与表中另一行是同一位代表。"))
                continue
            matched.add(match.id)
            if match.import_digest and match.import_digest == _import_digest(row, match.person__updated_at,
                                                                             match.updated_at):
                report.unchanged += 1
            else:
                compare.append((match.id, row))
            continue
        new_rows.append((people.get(row["index"]) if row["index"] else None, row))
    if report.errors:
        return

    changed_people, changed_mandates, refreshed, events = [], [], [], []
    mandates = {}
    for chunk in _chunks(pk for pk, _ in compare):
        mandates.update((m.pk, m) for m in Mandate.objects.filter(pk__in=chunk).select_related("person"))
    for pk, row in compare:
        mandate = mandates[pk]
        person_diff, mandate_diff = _apply_row(mandate, row, now)
        if person_diff:
            changed_people.append(mandate.person)
        digest = _import_digest(row, mandate.person.updated_at, mandate.updated_at)
        if person_diff or mandate_diff:
            report.updated += 1
            changed_mandates.append((mandate, digest))
            events.append((mandate.pk, {**person_diff, **mandate_diff}))
        else:
            report.unchanged += 1
            refreshed.append((mandate.pk, digest))  # identical, but imported before or written since

    # New rows: persons not known yet, and a mandate each (with the person's sort keys and updated_at).
    new_people, new_mandates = [], []
    person_ids = iter(bulk.reserve_ids(Person, sum(1 for person, _ in new_rows if person is None)))
    for person, row in new_rows:
        if person is None:
            values = {f: row[f] for f in PERSON_FIELDS} | Person.derived_values(name=row["name"],
                                                                                 id_number=row["id_number"])
            pk = next(person_ids)
            new_people.append((pk, *(values[f] for f in PERSON_COLUMNS)))
            new_mandates.append((pk, values["name_strokes_key"], values["name_pinyin_key"], now, row))
            continue
        if _apply_person(person, row, now):
            changed_people.append(person)
        new_mandates.append((person.pk, person.name_strokes_key, person.name_pinyin_key, person.updated_at, row))
    stamps = {"created_at": now, "updated_at": now}
    bulk.insert_rows(Person, ("id", *PERSON_COLUMNS), new_people, same=stamps)
    bulk.update_rows(Person, (*PERSON_COLUMNS, "updated_at"),
                     ((p.pk, *(getattr(p, f) for f in PERSON_COLUMNS), p.updated_at) for p in changed_people))
    bulk.update_rows(Mandate, (*MANDATE_COLUMNS, "updated_at", "import_digest"),
                     ((m.pk, *(getattr(m, f) for f in MANDATE_COLUMNS), m.updated_at, digest)
                      for m, digest in changed_mandates))
    bulk.update_rows(Mandate, ("import_digest",), refreshed)
    mandate_ids = bulk.reserve_ids(Mandate, len(new_mandates))
    bulk.insert_rows(Mandate, ("id", "person_id", *MANDATE_COLUMNS, "import_digest"), (
        (pk, person_id, row["delegation_id"], row["deputy_group_id"], row["constituency"], row["started_on"],
         strokes, pinyin, _import_digest(row, person_updated_at, now))
        for pk, (person_id, strokes, pinyin, person_updated_at, row) in zip(mandate_ids, new_mandates, strict=True)
    ), same={"term_id": term.pk, "region_id": term.congress.region_id, **stamps})
    report.created = len(new_mandates)
    history = {"kind": "imported", "actor_id": actor.pk if _is_user(actor) else None}
    bulk.insert_rows(MandateEvent, ("mandate_id", "changes"), events, same=history)
    bulk.insert_rows(MandateEvent, ("mandate_id",), ((pk,) for pk in mandate_ids),
                     same={**history, "note": "导入新增", "changes": {}})


def _apply_person(person, row, now) -> dict:
    after = {f: row[f] for f in PERSON_FIELDS}
    if not after["id_number"]:
        after["id_number"] = person.id_number  # a row without the number keeps the stored one
    if not after["mobile"]:
        after["mobile"] = person.mobile
    stored, given = person.birth_date, after["birth_date"]
    if stored and given and given.day == 1 and (stored.year, stored.month) == (given.year, given.month):
        after["birth_date"] = stored  # 出生年月 names the month; a stored day within it stands
    before = {f: getattr(person, f) for f in PERSON_FIELDS}
    diff = _masked_changes(before, after)
    if diff:
        for f, value in after.items():
            setattr(person, f, value)
        for f, value in Person.derived_values(name=person.name, id_number=person.id_number).items():
            setattr(person, f, value)
        person.updated_at = now
    return diff


def _apply_row(mandate, row, now) -> tuple[dict, dict]:
    """Apply a row to a matched mandate and its person: (the person's masked changes, the mandate's)."""
    person_diff = _apply_person(mandate.person, row, now)
    diff = {}
    after = {"delegation_id": row["delegation_id"], "deputy_group_id": row["deputy_group_id"],
             "constituency": row["constituency"], "started_on": row["started_on"]}
    for f, value in after.items():
        if getattr(mandate, f) != value:
            diff[f.removesuffix("_id")] = [str(getattr(mandate, f) or ""), str(value or "")]
            setattr(mandate, f, value)
    if person_diff or diff:
        mandate.strokes_key, mandate.pinyin_key = mandate.person.name_strokes_key, mandate.person.name_pinyin_key
        mandate.updated_at = now
    return person_diff, diff


def roster_error_report(errors) -> bytes:
    return roster_io.error_report_xlsx(errors)


# ---------------------------------------------------------------- roster export


def roster_export(*, user, mandates) -> bytes:
    """The roster as an .xlsx in the import layout (so it can be edited and imported again).

    Identity numbers and mobiles are masked unless ``can_see_identity`` allows them for the mandate's congress
    (PIPL Art 51; SECURITY.md B3). The export itself is audited (count and filter, no personal data).
    """
    from lianluo.deputies.permissions import can_see_identity

    header = [h for _, h, _ in roster_io.COLUMNS]
    categories = dict(OccupationCategory.choices)
    genders = dict(Person.Gender.choices)
    full = {}
    count = 0

    def rows():
        nonlocal count
        for m in mandates.iterator(chunk_size=2000):
            count += 1
            p = m.person
            if m.region_id not in full:
                full[m.region_id] = can_see_identity(user, m.region_id)
            shown = full[m.region_id]
            yield [p.name, genders.get(p.gender, ""), p.ethnicity, p.birth_date.strftime("%Y.%m") if p.birth_date
                   else "", p.party, p.native_place, p.education, p.occupation, categories.get(p.occupation_category,
                   ""), m.delegation.name if m.delegation else "", m.constituency,
                   m.deputy_group.name if m.deputy_group else "", p.mobile if shown else mask_mobile(p.mobile),
                   p.id_number if shown else mask_id_number(p.id_number), m.started_on.isoformat()]

    data = roster_io.workbook_bytes("代表名册", header, rows())
    with transaction.atomic():
        audit_record(action="deputy.roster_export", actor=user, object_type="deputies.Mandate",
                     summary={"rows": count, "unmasked_congresses": sorted(k for k, v in full.items() if v)})
    return data


# ---------------------------------------------------------------- contacts and visits


def contact_assign(*, member, mandate: Mandate, started_on: datetime.date | None = None, actor=None):
    """Fix a contact between a standing-committee member and a deputy (常委会组成人员联系代表, 代表法 Art 36).

    Decision: the member belongs to the standing committee of the same congress term as the mandate, and the
    mandate is serving; a pair has at most one open contact.
    """
    from lianluo.deputies.models import Contact

    started_on = started_on or datetime.date.today()
    errors = {}
    if member.committee.term_id != mandate.term_id:
        errors["mandate"] = "只能联系本届本级人大代表。"
    elif mandate.status != Mandate.Status.SERVING:
        errors["mandate"] = "该代表资格已经终止。"
    if started_on > datetime.date.today():
        errors["started_on"] = "起始日期不能晚于今天。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Mandate.objects.select_for_update().get(pk=mandate.pk)
        if Contact.objects.filter(member=member, mandate=mandate, ended_on__isnull=True).exists():
            raise ValidationError({"mandate": "已经是该委员的固定联系代表。"})
        contact = Contact.objects.create(member=member, mandate=mandate, region_id=mandate.region_id,
                                         started_on=started_on)
        audit_record(action="deputy.contact_assign", actor=actor, obj=contact,
                     summary={"member": member.pk, "mandate": mandate.pk})
    return contact


def contact_end(*, contact, ended_on: datetime.date | None = None, actor=None):
    from lianluo.deputies.models import Contact

    ended_on = ended_on or datetime.date.today()
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.ended_on is not None:
            raise ValidationError({"ended_on": "该联系关系已经结束。"})
        if ended_on < locked.started_on or ended_on > datetime.date.today():
            raise ValidationError({"ended_on": "结束日期应在起始日期与今天之间。"})
        locked.ended_on = ended_on
        locked.save(update_fields=["ended_on", "updated_at"])
        audit_record(action="deputy.contact_end", actor=actor, obj=locked, summary={"ended_on": str(ended_on)})
    return locked


def visit_record(*, contact, visited_on: datetime.date, heard: str, way: str = "visit", place: str = "",
                 participants: str = "", follow_up: str = "", follow_up_due: datetime.date | None = None,
                 actor=None):
    """Record a visit or talk with a fixed-contact deputy: what was heard and what is to be followed up."""
    from lianluo.deputies.models import Contact, Visit

    errors = {}
    if not isinstance(visited_on, datetime.date):
        errors["visited_on"] = "请填写日期。"
    elif visited_on > datetime.date.today():
        errors["visited_on"] = "日期不能晚于今天。"
    elif visited_on < contact.started_on:
        errors["visited_on"] = "日期早于建立联系的日期。"
    if way not in Visit.Way.values:
        errors["way"] = "请选择联系方式。"
    if not (heard or "").strip():
        errors["heard"] = "请填写听取的意见建议。"
    if follow_up_due and not (follow_up or "").strip():
        errors["follow_up"] = "设定了跟进期限，请填写跟进事项。"
    if follow_up_due and isinstance(visited_on, datetime.date) and follow_up_due < visited_on:
        errors["follow_up_due"] = "跟进期限不能早于走访日期。"
    if len(place) > 100:
        errors["place"] = "地点不超过 100 字。"
    if len(participants) > 200:
        errors["participants"] = "参加人员不超过 200 字。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.ended_on is not None and visited_on > locked.ended_on:
            raise ValidationError({"visited_on": "该联系关系已经结束。"})
        visit = Visit.objects.create(
            contact=locked, region_id=locked.region_id, visited_on=visited_on, way=way, place=place.strip(),
            participants=participants.strip(), heard=heard.strip(), follow_up=(follow_up or "").strip(),
            follow_up_due=follow_up_due, recorded_by=actor if _is_user(actor) else None,
        )
        audit_record(action="deputy.visit_record", actor=actor, obj=visit,
                     summary={"contact": locked.pk, "visited_on": str(visited_on), "way": way})
    return visit


def visit_follow_up_done(*, visit, done_on: datetime.date | None = None, actor=None):
    from lianluo.deputies.models import Visit

    done_on = done_on or datetime.date.today()
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if not locked.follow_up:
            raise ValidationError({"follow_up": "该记录没有跟进事项。"})
        if locked.follow_up_done_on is not None:
            raise ValidationError({"follow_up": "跟进事项已经办结。"})
        if done_on < locked.visited_on or done_on > datetime.date.today():
            raise ValidationError({"done_on": "办结日期应在走访日期与今天之间。"})
        locked.follow_up_done_on = done_on
        locked.save(update_fields=["follow_up_done_on", "updated_at"])
        audit_record(action="deputy.visit_follow_up_done", actor=actor, obj=locked,
                     summary={"done_on": str(done_on)})
    return locked
