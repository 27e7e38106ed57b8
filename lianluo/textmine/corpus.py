"""The live near-duplicate index of the suggestions' texts, one per process, kept fresh by a watermark.

The filing page asks "is this already suggested?" on every pause in typing, so the answer must come from memory
(``engine.similar.SimilarityIndex``), not from a scan of the table. The index holds every suggestion except drafts
(the deputy's own unfinished text) and withdrawn ones (no longer before the congress), keyed by primary key, with
``(region_id, year, session_id)`` as meta so a query can keep to one congress and a window of years.

Freshness: ``updated_at`` (auto_now, bumped by every service that writes a suggestion) is the watermark. Before
each query the rows with ``updated_at`` at or after the watermark, less ``OVERLAP``, are read again whatever their
status; drafts and withdrawn ones are removed, the others added (an add replaces). The overlap covers a
transaction that saved a row before the last read but committed after it, and clocks of several application
servers that disagree by a little; ``_recent`` remembers what was already applied inside the overlap so a row is
not re-added on every keystroke. Hard deletes are not seen by the watermark: callers drop keys whose row is gone
(``forget``).

``updated_at`` is indexed, so each refresh reads only the rows changed since the watermark (before the index it
was a sequential scan of the table, about 16 ms at 50,000 rows on SQLite).

Each process builds its own index on first use and holds it in memory (about 150 MB of arrays at 50,000 texts;
every worker process has its own). Below ``BACKGROUND_THRESHOLD`` rows the build runs in the request (about a
second at the threshold); above it a daemon thread builds while queries answer nothing, because a warning that
comes late is better than a filing page that hangs for tens of seconds.
"""

import datetime
import logging
import threading
from collections.abc import Iterator

from django.db import connections
from django.utils import timezone

from lianluo.proposals import workflow
from lianluo.proposals.models import Suggestion
from lianluo.proposals.selectors import SIMILAR_YEARS
from lianluo.textmine.engine.similar import SimilarityIndex

logger = logging.getLogger(__name__)

BACKGROUND_THRESHOLD = 5_000  # rows above which the first build runs in a background thread (≈20-40 s per 100k)
OVERLAP = datetime.timedelta(minutes=2)  # how far behind the watermark each refresh reads again
RETRY_AFTER = datetime.timedelta(minutes=1)  # after a failed background build, wait this long before another
# A cosine over character n-grams. On the demo congress a reworded suggestion on the same matter scores 0.24-0.43
# and the first words of a title being typed about 0.3, while suggestions on different matters that share stock
# phrases (关于……的建议, 建议有关部门……) reach 0.18. Low rather than high: a warning too many costs the deputy a
# glance, a missed duplicate costs a unit a second reply.
MIN_SCORE = 0.2
NOT_INDEXED = frozenset({workflow.DRAFT, workflow.WITHDRAWN})

_FIELDS = ("pk", "title", "body", "status", "region_id", "year", "session_id", "updated_at")


def suggestion_text(title: str, body: str) -> str:
    """What is indexed and what a query is compared with: the title, then the body."""
    return f"{title}\n{body}"


class _State:
    """Everything the module keeps between requests; replaced wholesale by ``reset``."""

    def __init__(self):
        self.index: SimilarityIndex | None = None
        self.watermark: datetime.datetime | None = None
        self.recent: dict[int, datetime.datetime] = {}  # pk -> updated_at applied, for rows inside the overlap
        self.building: threading.Thread | None = None
        self.failed_at: datetime.datetime | None = None


_lock = threading.Lock()
_state = _State()


def reset() -> None:
    """Forget the index (tests: each test's rows are rolled back, so no test may see another's index).

    A background build still running finishes into the old state object and is discarded."""
    global _state
    with _lock:
        _state = _State()


def _rows(qs) -> Iterator[tuple]:
    return qs.order_by("pk").values_list(*_FIELDS).iterator(chunk_size=2000)


def _build() -> tuple[SimilarityIndex, datetime.datetime, dict[int, datetime.datetime]]:
    """The index over all rows, the watermark to continue from and the rows already applied inside the overlap.

    The watermark is the build's start time (or the newest row, if older): anything saved after the read
    started has a later ``updated_at`` and is picked up by the first refresh."""
    started = timezone.now()
    newest: datetime.datetime | None = None
    recent: dict[int, datetime.datetime] = {}

    def items():
        nonlocal newest, recent
        for count, (pk, title, body, status, region_id, year, session_id, updated_at) in enumerate(
                _rows(Suggestion.objects.all()), 1):
            if newest is None or updated_at > newest:
                newest = updated_at
            # The final watermark is at least min(started, newest so far): rows older than that less the overlap
            # are never read again, so they need not be remembered (pruned as it goes, to bound the memory).
            horizon = min(started, newest) - OVERLAP
            if updated_at >= horizon:
                recent[pk] = updated_at
            if count % 10_000 == 0:
                recent = {k: at for k, at in recent.items() if at >= horizon}
            if status not in NOT_INDEXED:
                yield pk, suggestion_text(title, body), (region_id, year, session_id)

    index = SimilarityIndex.build(items())
    watermark = min(started, newest) if newest is not None else started
    return index, watermark, {pk: at for pk, at in recent.items() if at >= watermark - OVERLAP}


def _refresh(state: _State) -> None:
    """Apply the rows changed since the watermark (call with the lock held and the index built)."""
    now = timezone.now()
    newest = state.watermark
    # If the clock has gone back (a corrected clock; tests that travel in time), read from now, not from the
    # watermark: rows written from here on carry the earlier time.
    for pk, title, body, status, region_id, year, session_id, updated_at in _rows(
            Suggestion.objects.filter(updated_at__gte=min(state.watermark, now) - OVERLAP)):
        if state.recent.get(pk) == updated_at:
            continue
        state.recent[pk] = updated_at
        if status in NOT_INDEXED:
            state.index.remove(pk)
        else:
            state.index.add(pk, suggestion_text(title, body), (region_id, year, session_id))
        if updated_at > newest:
            newest = updated_at
    # A row stamped by a clock running ahead must not move the watermark past rows other servers still write.
    state.watermark = max(state.watermark, min(newest, now))
    horizon = min(state.watermark, now) - OVERLAP
    state.recent = {pk: at for pk, at in state.recent.items() if at >= horizon}


def _build_in_background(state: _State) -> None:
    def run():
        try:
            built = _build()
        except Exception:
            logger.exception("Building the similar-suggestion index failed")
            with _lock:
                state.building, state.failed_at = None, timezone.now()
            return
        finally:
            connections.close_all()  # this thread's own connections
        with _lock:
            state.index, state.watermark, state.recent = built
            state.building = None
        logger.info("Similar-suggestion index built: %d texts", len(built[0]))

    state.building = threading.Thread(target=run, name="similar-suggestions-build", daemon=True)
    state.building.start()


def _ready(state: _State) -> bool:
    """Build on first use or bring the index up to date; False while a background build runs (lock held)."""
    if state.index is not None:
        _refresh(state)
        return True
    if state.building is not None:
        return False
    if state.failed_at is not None and timezone.now() - state.failed_at < RETRY_AFTER:
        return False
    if Suggestion.objects.count() > BACKGROUND_THRESHOLD:
        _build_in_background(state)
        return False
    state.index, state.watermark, state.recent = _build()  # rows saved meanwhile come with the next refresh
    return True


def similar_to_text(*, region_code: str, year: int, text: str, exclude_pk: int | None = None, limit: int = 5,
                    min_score: float = MIN_SCORE, years: int = SIMILAR_YEARS) -> list[tuple[int, float]]:
    """Suggestions of the congress of ``region_code`` from ``year - years`` to ``year`` whose text is most like
    ``text``: ``[(pk, score)]``, best first, scores in [0, 1]. Empty while the index is being built.

    Only keys come back: which of them the reader may open is the caller's question, asked of the database."""
    if not text.strip() or limit <= 0:
        return []
    first = year - years

    def where(meta) -> bool:
        return meta[0] == region_code and first <= meta[1] <= year

    with _lock:
        state = _state
        if not _ready(state):
            return []
        found = state.index.query(text, k=limit + (exclude_pk is not None), min_score=min_score, where=where)
    return [(pk, score) for pk, score in found if pk != exclude_pk][:limit]


def forget(pks) -> None:
    """Drop keys whose rows no longer exist (hard deletes are invisible to the watermark)."""
    with _lock:
        if _state.index is not None:
            for pk in pks:
                _state.index.remove(pk)


def summary() -> dict:
    """For a health page or a shell: whether the index is ready and how big it is."""
    with _lock:
        state = _state
        return {"ready": state.index is not None, "building": state.building is not None,
                "texts": len(state.index) if state.index is not None else 0,
                "bytes": state.index.nbytes() if state.index is not None else 0, "watermark": state.watermark}
