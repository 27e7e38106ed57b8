"""A complainant's suit against the election committee's decision on a roll objection (选举法 Art 29; RULES.md
A6): filed with the people's court 5 days before election day at the latest; the court rules before election day
and its judgment is final. The office records both; the roll is then changed as the judgment says, through
``voter_register`` or ``voter_remove``."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.errors import ServiceError
from lianluo.elections.engine import timetable
from lianluo.elections.models import RollObjection
from lianluo.elections.services import _event, _require


def suit_file(*, objection: RollObjection, filed_on: datetime.date, court: str, actor) -> RollObjection:
    """Record that the complainant sued: only against a decision made, and no later than 5 days before election
    day (Art 29) — a later filing is refused with the last lawful day."""
    election = objection.election
    errors = {}
    if not (court or "").strip():
        errors["court"] = "请填写受理的人民法院"
    last = timetable.suit_last_day(election.election_day)
    if objection.decided_on and filed_on < objection.decided_on:
        errors["filed_on"] = "起诉日期不能早于处理决定日期"
    elif filed_on > last:
        errors["filed_on"] = f"起诉应在选举日的五日以前提出（最迟 {last:%Y年%m月%d日}，选举法第二十九条）"
    if errors:
        raise ValidationError(errors)
    _require(actor, election)
    with transaction.atomic():
        locked = RollObjection.objects.select_for_update().get(pk=objection.pk)
        if locked.decided_on is None:
            raise ServiceError("选举委员会尚未作出处理决定，不能对决定起诉。")
        if locked.suit_filed_on is not None:
            raise ServiceError("该申诉已经起诉。")
        locked.suit_filed_on, locked.court = filed_on, court.strip()[:100]
        locked.save(update_fields=["suit_filed_on", "court", "updated_at"])
        _event(election, "suit_file", actor, obj=locked, data={"filed_on": filed_on.isoformat()})
    return locked


def suit_judgment(*, objection: RollObjection, judged_on: datetime.date, upheld: bool, judgment: str,
                  actor) -> RollObjection:
    """Record the court's judgment, which is final (Art 29). It must come before election day; ``upheld`` says
    whether the court found for the complainant."""
    election = objection.election
    errors = {}
    if not (judgment or "").strip():
        errors["judgment"] = "请填写判决内容"
    if objection.suit_filed_on and judged_on < objection.suit_filed_on:
        errors["judged_on"] = "判决日期不能早于起诉日期"
    elif judged_on >= election.election_day:
        errors["judged_on"] = "人民法院应在选举日以前作出判决（选举法第二十九条）"
    if errors:
        raise ValidationError(errors)
    _require(actor, election)
    with transaction.atomic():
        locked = RollObjection.objects.select_for_update().get(pk=objection.pk)
        if locked.suit_filed_on is None:
            raise ServiceError("该申诉没有起诉记录。")
        if locked.judged_on is not None:
            raise ServiceError("人民法院的判决为最后决定，已经记录。")
        locked.judged_on, locked.court_upheld, locked.judgment = judged_on, upheld, judgment.strip()
        locked.save(update_fields=["judged_on", "court_upheld", "judgment", "updated_at"])
        _event(election, "suit_judgment", actor, obj=locked, data={"upheld": upheld})
    return locked
