"""Keeping ``SuggestionFigures`` (the running counts behind the statistics pages) in step with the suggestions.

Each suggestion's contribution is a list of parts, one per grouping it counts in: a part is a row's dimensions and
the counts it adds there (see ``contribution``). ``SuggestionTally`` keeps the parts a suggestion last added, so
``figures_sync`` takes exactly those away and adds the new ones, whatever changed and whichever service changed it.
``_common._event`` calls it for every history row written about a suggestion: every change writes one, in the same
transaction, so the figures are never a change behind. ``figures_rebuild`` recomputes everything from the
suggestions (after bulk loads such as the seed); the tests check that the running counts equal a rebuild.

The counting rules (what is "assigned", "on time", the first and final satisfaction) are the ones of
``statistics.py``, where the figures are read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F

from lianluo.proposals import workflow
from lianluo.proposals.models import Handling, Satisfaction, Suggestion, SuggestionFigures, SuggestionTally

ASSIGNED_STATES = frozenset({workflow.ASSIGNED, workflow.REHANDLING, workflow.REPLIED, workflow.CLOSED})
SATISFACTION_NAMES = {Satisfaction.SATISFIED: "satisfied", Satisfaction.BASICALLY: "basic",
                      Satisfaction.DISSATISFIED: "dissatisfied"}
FIELDS = ("id", "status", "region_id", "term_id", "session_id", "year", "category_id", "lead__delegation_id",
          "submitted_on", "contacted", "due_on", "replied_on", "round", "is_key", "reply_class",
          "first_satisfaction", "satisfaction")


def _counts(s: dict) -> dict[str, int]:
    """What one suggestion counts for (only the non-zero counts)."""
    status = s["status"]
    counts = {"received": int(s["submitted_on"] is not None), "merged": int(status == workflow.MERGED)}
    if status in ASSIGNED_STATES:
        due, replied = s["due_on"], s["replied_on"]
        counts.update(
            assigned=1, replied=int(status == workflow.REPLIED), closed=int(status == workflow.CLOSED),
            contacted=int(s["contacted"]),
            replied_late=int(bool(due and replied and replied > due)),
            on_time=int(bool(due and replied and replied <= due)),
            rehandled=int(s["round"] > 1), key=int(s["is_key"]),
            key_finished=int(s["is_key"] and status in workflow.FINISHED),
        )
        for when, field_name in (("first", "first_satisfaction"), ("final", "satisfaction")):
            name = SATISFACTION_NAMES.get(s[field_name])
            if name:
                counts[f"{when}_{name}"] = 1
    return {k: v for k, v in counts.items() if v}


def contribution(s: dict, lead_units: Iterable[int]) -> list[list]:
    """The parts of one suggestion (a ``values(*FIELDS)`` row), given its current lead units: a part is
    [kind, group, region, term, session, year, reply_class, counts]. Drafts count nowhere."""
    if s["status"] == workflow.DRAFT:
        return []
    counts = _counts(s)
    if not counts:
        return []
    assigned = s["status"] in ASSIGNED_STATES
    base = [s["region_id"], s["term_id"], s["session_id"] or 0, s["year"], s["reply_class"] if assigned else ""]
    parts = [["all", 0, *base, counts]]
    if assigned:
        parts.append(["category", s["category_id"] or 0, *base, counts])
        parts.append(["delegation", s["lead__delegation_id"] or 0, *base, counts])
        parts.extend(["unit", unit, *base, counts] for unit in sorted(set(lead_units)))
    return parts


def _lead_units(suggestion_ids) -> dict[int, list[int]]:
    """The current lead units (主办) of the suggestions: a unit that gave one back no longer leads it."""
    units = defaultdict(list)
    rows = (Handling.objects.filter(suggestion_id__in=suggestion_ids, role=workflow.LEAD)
            .exclude(status=workflow.UNIT_RETURNED).values_list("suggestion_id", "unit_id"))
    for suggestion_id, unit_id in rows:
        units[suggestion_id].append(unit_id)
    return units


def _apply(part: list, sign: int) -> None:
    kind, group, region_id, term, session, year, reply_class, counts = part
    keys = {"kind": kind, "group": group, "region_id": region_id, "term": term, "session": session, "year": year,
            "reply_class": reply_class}
    row, _ = SuggestionFigures.objects.get_or_create(**keys)
    SuggestionFigures.objects.filter(pk=row.pk).update(**{k: F(k) + sign * v for k, v in counts.items()})


def figures_sync(suggestion_id: int) -> None:
    """Move one suggestion's contribution to its current state. Call inside the transaction of the change; the
    suggestion's row is locked here (services lock a unit's part before its suggestion, never after), so two
    changes to one suggestion are counted one after the other."""
    row = (Suggestion.objects.select_for_update(of=("self",)).filter(pk=suggestion_id)
           .values(*FIELDS).first())
    if row is None:
        return
    parts = contribution(row, _lead_units([suggestion_id]).get(suggestion_id, ()))
    tally = SuggestionTally.objects.select_for_update().filter(suggestion_id=suggestion_id).first()
    before = tally.parts if tally is not None else []
    if before == parts:
        return
    for part in before:
        _apply(part, -1)
    for part in parts:
        _apply(part, 1)
    if tally is None:
        SuggestionTally.objects.create(suggestion_id=suggestion_id, parts=parts)
    else:
        SuggestionTally.objects.filter(pk=suggestion_id).update(parts=parts)


BATCH = 2000


def figures_rebuild() -> int:
    """Recompute SuggestionFigures and every SuggestionTally from the suggestions; returns the rows written.
    Takes the table locks of a bulk load: run it while nobody is working (after a seed or an import)."""
    totals: dict[tuple, dict[str, int]] = {}
    with transaction.atomic():
        SuggestionFigures.objects.all().delete()
        SuggestionTally.objects.all().delete()
        ids = list(Suggestion.objects.exclude(status=workflow.DRAFT).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            chunk = ids[start:start + BATCH]
            units = _lead_units(chunk)
            tallies = []
            for s in Suggestion.objects.filter(pk__in=chunk).values(*FIELDS):
                parts = contribution(s, units.get(s["id"], ()))
                tallies.append(SuggestionTally(suggestion_id=s["id"], parts=parts))
                for *dims, counts in parts:
                    total = totals.setdefault(tuple(dims), defaultdict(int))
                    for name, value in counts.items():
                        total[name] += value
            SuggestionTally.objects.bulk_create(tallies, batch_size=1000)
        names = ("kind", "group", "region_id", "term", "session", "year", "reply_class")
        rows = [SuggestionFigures(**dict(zip(names, dims, strict=True)), **counts) for dims, counts in totals.items()]
        SuggestionFigures.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
