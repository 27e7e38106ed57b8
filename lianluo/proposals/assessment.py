"""Assessment of the handling units (承办单位办理工作考核): a score per lead unit, and a ranking.

The scheme is local practice, so it is a setting (DESIGN.md §4): ``LIANLUO_PROPOSALS_ASSESSMENT`` lists the
indicators with their weights, "timeliness:30;contact:20;satisfaction:30;solution:20" by default. The indicators:

- ``timeliness`` 按时答复率: replies sent on or before the due day ÷ suggestions replied or already overdue
  (代表法 Art 51 ¶1–2: within 3 months of referral, 6 for broad and difficult ones);
- ``contact`` 见面率: suggestions with a record of contact with the deputy ÷ assigned (代表法 Art 51 ¶2);
- ``satisfaction`` 满意率（含基本满意）on the deputy's first rating, before any re-handling (RULES.md E4), so a
  unit earns it with its own first reply; ``final_satisfaction`` is the same on the final rating (E5), for offices
  that assess after the rounds;
- ``solution`` 解决率: replies in the solved class (RULES.md E1–E2, the first configured class).

A unit's score is the weighted mean of its rates, on the scale of the weights' total (100 by default). An
indicator a unit has no data for yet (no rating returned, nothing due) is left out and its weight shared among
the others, rather than counted as zero. A unit that led fewer than ``LIANLUO_PROPOSALS_ASSESSMENT_MIN``
suggestions (default 3) is listed apart and not ranked: one bad case should not put a small unit at the bottom.
Equal scores (to two decimals, as shown) share a rank, and the next rank is skipped (1, 1, 3).

The scoring functions are pure (no ORM); ``unit_assessment`` feeds them from ``statistics.grouped``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from lianluo.proposals import statistics

INDICATORS = {
    "timeliness": "按时答复率",
    "contact": "见面率",
    "satisfaction": "满意率（含基本满意）",
    "final_satisfaction": "最终满意率（含基本满意）",
    "solution": "解决率",
}
DEFAULT_SCHEME = "timeliness:30;contact:20;satisfaction:30;solution:20"
DEFAULT_MINIMUM = 3


@dataclass(frozen=True)
class Weight:
    key: str
    weight: float

    @property
    def label(self) -> str:
        return INDICATORS[self.key]


def parse_scheme(raw: str) -> tuple[Weight, ...]:
    """"key:weight;key:weight" → the weights, in the order given. A wrong scheme fails loudly, naming the part."""
    weights = []
    for part in (p.strip() for p in raw.split(";")):
        if not part:
            continue
        key, sep, value = part.partition(":")
        key = key.strip()
        if not sep or key not in INDICATORS:
            raise ImproperlyConfigured(f"LIANLUO_PROPOSALS_ASSESSMENT: unknown indicator {part!r}; "
                                       f"use {', '.join(INDICATORS)}")
        try:
            weight = float(value)
        except ValueError:
            raise ImproperlyConfigured(f"LIANLUO_PROPOSALS_ASSESSMENT: weight of {key!r} is not a number") from None
        if weight < 0 or any(w.key == key for w in weights):
            raise ImproperlyConfigured(f"LIANLUO_PROPOSALS_ASSESSMENT: bad or repeated weight for {key!r}")
        weights.append(Weight(key, weight))
    if not weights or sum(w.weight for w in weights) <= 0:
        raise ImproperlyConfigured("LIANLUO_PROPOSALS_ASSESSMENT: no indicator with a weight")
    return tuple(weights)


def scheme() -> tuple[Weight, ...]:
    return parse_scheme(str(getattr(settings, "LIANLUO_PROPOSALS_ASSESSMENT", "") or DEFAULT_SCHEME))


def minimum_volume() -> int:
    value = int(getattr(settings, "LIANLUO_PROPOSALS_ASSESSMENT_MIN", DEFAULT_MINIMUM))
    if value < 0:
        raise ImproperlyConfigured("LIANLUO_PROPOSALS_ASSESSMENT_MIN must not be negative")
    return value


@dataclass(frozen=True)
class UnitRates:
    """One unit's inputs: how many suggestions it led, and each indicator's rate (None: no data yet)."""

    unit_id: object
    name: str
    volume: int
    rates: Mapping[str, float | None]


@dataclass(frozen=True)
class UnitScore:
    unit: UnitRates
    score: float | None
    rank: int | None = None


@dataclass(frozen=True)
class Ranking:
    ranked: list[UnitScore]  # best first; equal scores share a rank
    apart: list[UnitScore]  # below the minimum volume: scored for information, not ranked
    weights: tuple[Weight, ...]
    minimum: int


def unit_score(rates: Mapping[str, float | None], weights: Iterable[Weight]) -> float | None:
    """The weighted mean of the available rates, scaled to the weights' total; None when no rate is available."""
    weights = tuple(weights)
    total = sum(w.weight for w in weights)
    available = [(w.weight, rates.get(w.key)) for w in weights if rates.get(w.key) is not None]
    used = sum(weight for weight, _ in available)
    if not used:
        return None
    return round(sum(weight * value for weight, value in available) / used * total, 2)


def rank(units: Iterable[UnitRates], *, weights: Iterable[Weight], minimum: int) -> Ranking:
    """Score every unit; rank those with at least ``minimum`` suggestions (ties share a rank: 1, 1, 3), list the
    others apart."""
    weights = tuple(weights)
    scored = [UnitScore(u, unit_score(u.rates, weights)) for u in units]
    eligible = [s for s in scored if s.unit.volume >= minimum and s.score is not None]
    apart = [s for s in scored if not (s.unit.volume >= minimum and s.score is not None)]
    eligible.sort(key=lambda s: (-s.score, s.unit.name))
    ranked, previous, position = [], None, 0
    for index, item in enumerate(eligible, start=1):
        if item.score != previous:
            position, previous = index, item.score
        ranked.append(UnitScore(item.unit, item.score, position))
    apart.sort(key=lambda s: (-s.unit.volume, s.unit.name))
    return Ranking(ranked, apart, weights, minimum)


def rates_of(figures) -> dict[str, float | None]:
    """The indicators of one row of ``statistics.Figures``."""
    return {
        "timeliness": figures.on_time_rate,
        "contact": figures.contact_rate,
        "satisfaction": figures.first_satisfied_incl_rate,
        "final_satisfaction": figures.final_satisfied_incl_rate,
        "solution": figures.solved_rate,
    }


def unit_assessment(*, user, scope) -> Ranking:
    """The ranking of the lead units over the reader's scope (one aggregate query)."""
    rows = statistics.grouped(user=user, scope=scope, by="unit")
    units = [UnitRates(r.key, r.label, r.figures.assigned, rates_of(r.figures)) for r in rows]
    return rank(units, weights=scheme(), minimum=minimum_volume())
