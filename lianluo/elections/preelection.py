"""The pre-election (预选) of a direct election's candidates: when nominations exceed the highest ratio and the voter
groups reach no agreement, a pre-election is held and the formal list is taken in the order of its votes
(选举法 Art 32; RULES.md A16). Recording it keeps those retained, with their votes, and withdraws the others; the
formal list is then fixed as usual (``services.candidates_formalise``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.errors import ServiceError
from lianluo.elections.models import Candidate, Constituency
from lianluo.elections.services import _event, _lock_constituency, _require, allowed_candidates


def preelection_needed(constituency: Constituency, candidates: int | None = None) -> bool:
    """More preliminary candidates than the highest number the ratio allows (Art 32)."""
    allowed = allowed_candidates(constituency)
    count = constituency.candidates.count() if candidates is None else candidates
    return allowed.high is not None and count > allowed.high


def preelection_record(*, constituency: Constituency, votes: Mapping[int, int], keep: int, actor) -> list[Candidate]:
    """Record a pre-election: ``votes`` maps every preliminary candidate's id to the votes they received, and the
    ``keep`` candidates with the most votes become the list the formal one is fixed from. ``keep`` must lie within
    the ratio (Art 31). A tie at the cut-off cannot be settled by the office: it is refused, and the tied are
    voted on again."""
    _require(actor, constituency.election)
    with transaction.atomic():
        locked = _lock_constituency(constituency)
        candidates = list(locked.candidates.select_for_update().order_by("position", "id"))
        allowed = allowed_candidates(locked)
        if any(c.formal for c in candidates):
            raise ServiceError("正式代表候选人名单已经确定，不能再预选。")
        if not preelection_needed(locked, len(candidates)):
            raise ServiceError(f"代表候选人 {len(candidates)} 名，未超过最高差额比例，无需预选（选举法第三十二条）。")
        errors = {}
        if set(votes) != {c.pk for c in candidates}:
            errors["votes"] = "请填写每一名代表候选人的预选得票"
        elif any(not isinstance(v, int) or v < 0 for v in votes.values()):
            errors["votes"] = "预选得票须为非负整数"
        if not allowed.allows(keep) or keep >= len(candidates):
            errors["keep"] = f"确定的正式代表候选人人数须符合差额比例：{allowed.statement}"
        if errors:
            raise ValidationError(errors)
        ranked = sorted(candidates, key=lambda c: -votes[c.pk])
        if votes[ranked[keep - 1].pk] == votes[ranked[keep].pk]:
            tied = [c.name for c in ranked if votes[c.pk] == votes[ranked[keep].pk]]
            raise ValidationError({"votes": f"第 {keep} 名得票并列（{'、'.join(tied)}），请就并列者再行预选"})
        retained, dropped = ranked[:keep], ranked[keep:]
        for candidate in candidates:
            candidate.preelection_votes = votes[candidate.pk]
        Candidate.objects.bulk_update(candidates, ["preelection_votes"])
        _event(locked.election, "preelection_record", actor, constituency=locked,
               data={"votes": {c.name: votes[c.pk] for c in ranked}, "keep": keep})
        for candidate in dropped:
            _event(locked.election, "candidate_withdraw", actor, constituency=locked,
                   note="预选得票未进入正式候选人名单", data={"name": candidate.name, "votes": votes[candidate.pk]})
        Candidate.objects.filter(pk__in=[c.pk for c in dropped]).delete()
    return retained
