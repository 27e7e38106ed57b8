"""Near-duplicate search: which stored messages or suggestions are most like a text being written.

The filing page asks this on every pause in typing, against every suggestion of the session and the earlier
years, so a query must take milliseconds at 100,000 stored texts. The representation is TF-IDF cosine over
hashed character bigrams and trigrams (no word segmenter; names such as 丽发新城 match as they are written):

* term presence is binary (the limit of sublinear tf). In a message of a few hundred characters almost every
  n-gram occurs once, and storing no weights halves the index: a posting is one int32 document number.
* idf, not a stop list, dampens what every text says (尊敬的领导, 您好, 谢谢, 反映, 小区); a short list of such
  courtesy phrases is also cut before hashing, because in a small corpus their idf is not yet low.
* the index is term-major (an inverted index): a query reads only the postings of its own n-grams and sums
  them with ``np.bincount``, instead of touching every stored n-gram as a document-major matrix product would.
  Postings of n-grams found in more than ``max_df_ratio`` of the texts are skipped at query time: they carry
  little weight and are the bulk of the reading.

Texts are added one at a time (a new suggestion, a new message); they wait in a small pending list that the next
query turns into a block, and blocks are merged geometrically (like a binary counter), so there are O(log n) of
them. idf is a snapshot, refreshed when the collection has grown or shrunk by ``refresh_ratio`` since the last one:
scores between refreshes stay consistent (every norm is computed with the same idf). Removing or replacing a text
leaves a tombstone.

The scores are cosines in [0, 1]; what counts as "similar enough to warn" is the caller's threshold, and a warning
is only a prompt for the deputy to look: nothing is merged or rejected by the index.
"""

import re
from collections.abc import Callable, Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .textutil import N_BITS, clean, ngram_set, smooth_idf, sorted_unique

# Courtesy phrases that open and close many messages and say nothing about the matter.
COURTESY = re.compile(
    r"尊敬的(?:各位)?(?:领导|书记|市长|县长|区长|主任|代表)?[,:!]?|(?:领导|书记)?[你您]们?好[,:!。]?"
    r"|(?:非常|十分)?(?:感谢|谢谢)(?:您|你|领导|政府)?[!。,]?|此致敬礼[!。]?"
)


def _ranges(begin: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenation of the integer ranges ``[begin[i], begin[i] + lengths[i])``, without a Python loop."""
    total = int(lengths.sum())
    return np.repeat(begin - (np.cumsum(lengths) - lengths), lengths) + np.arange(total, dtype=np.int64)


@dataclass
class _Block:
    """Postings of a frozen run of documents: for term ``terms[i]``, documents ``docs[starts[i]:starts[i + 1]]``."""

    terms: np.ndarray  # sorted distinct term ids, uint32
    starts: np.ndarray  # int64, len(terms) + 1
    docs: np.ndarray  # int32 document positions
    n_docs: int

    @classmethod
    def from_docs(cls, positions: list[int], term_sets: list[np.ndarray]) -> "_Block":
        lengths = np.fromiter((len(t) for t in term_sets), dtype=np.int64, count=len(term_sets))
        terms = np.concatenate(term_sets).astype(np.uint64) if term_sets else np.zeros(0, dtype=np.uint64)
        docs = np.repeat(np.asarray(positions, dtype=np.uint64), lengths)
        key = (terms << np.uint64(32)) | docs
        key.sort()  # one sort of plain integers: several times faster than an argsort
        terms = (key >> np.uint64(32)).astype(np.uint32)
        uniq, first = np.unique(terms, return_index=True)
        starts = np.append(first, len(terms)).astype(np.int64)
        return cls(uniq, starts, (key & np.uint64(0xFFFFFFFF)).astype(np.int32), len(positions))

    def merged(self, other: "_Block") -> "_Block":
        """Both blocks are sorted by term, so they merge in linear time: this block's postings first per term."""
        union = sorted_unique(np.concatenate([self.terms, other.terms]))
        len_a, len_b = np.diff(self.starts), np.diff(other.starts)
        at_a, at_b = np.searchsorted(union, self.terms), np.searchsorted(union, other.terms)
        count_a = np.zeros(len(union), dtype=np.int64)
        count_a[at_a] = len_a
        counts = count_a.copy()
        counts[at_b] += len_b
        starts = np.zeros(len(union) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        docs = np.empty(len(self.docs) + len(other.docs), dtype=np.int32)
        docs[_ranges(starts[at_a], len_a)] = self.docs
        docs[_ranges(starts[at_b] + count_a[at_b], len_b)] = other.docs
        return _Block(union.astype(np.uint32), starts, docs, self.n_docs + other.n_docs)

    def postings(self, q_terms: np.ndarray, q_weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Document positions and the weight of the query term each posting stands for."""
        if not len(self.terms):
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        at = np.searchsorted(self.terms, q_terms)
        at[at >= len(self.terms)] = 0
        hit = self.terms[at] == q_terms
        at = at[hit]
        begin, end = self.starts[at], self.starts[at + 1]
        lengths = end - begin
        return self.docs[_ranges(begin, lengths)], np.repeat(q_weights[hit], lengths)

    def norms_squared(self, idf_squared: np.ndarray, size: int) -> np.ndarray:
        weights = np.repeat(idf_squared[self.terms], np.diff(self.starts))
        return np.bincount(self.docs, weights=weights, minlength=size)

    def live_counts(self, alive: np.ndarray) -> np.ndarray:
        """How many live documents hold each term of the block."""
        live = alive[self.docs].astype(np.int64)
        return np.add.reduceat(live, self.starts[:-1]) if len(self.terms) else np.zeros(0, dtype=np.int64)

    def nbytes(self) -> int:
        return self.terms.nbytes + self.starts.nbytes + self.docs.nbytes


class SimilarityIndex:
    """An incremental TF-IDF cosine index over character n-grams; see the module docstring for why."""

    FLUSH_EVERY = 8192  # pending texts put into a block at once while building (bounds the memory of a sort)

    def __init__(
        self,
        *,
        max_chars: int = 500,
        trigrams: bool = True,
        refresh_ratio: float = 0.1,
        max_df_ratio: float = 0.5,
        n_bits: int = N_BITS,
    ):
        """``max_chars``: only the first characters of a cleaned text are indexed (a title and the opening of the
        body decide whether two texts are about the same thing, and memory grows with the length)."""
        self.max_chars = max_chars
        self.trigrams = trigrams
        self.refresh_ratio = refresh_ratio
        self.max_df_ratio = max_df_ratio
        self.n_bits = n_bits
        self._df = np.zeros(1 << n_bits, dtype=np.int32)
        self._idf = smooth_idf(self._df, 0)
        self._idf_docs = 0  # live documents when the idf snapshot was taken
        self._keys: list[Hashable] = []
        self._meta: list[Any] = []
        self._pending_terms: list[np.ndarray] = []  # term sets wait here until the next query puts them in a block
        self._norms = np.zeros(0, dtype=np.float64)
        self._alive = np.zeros(0, dtype=bool)
        self._where: dict[Hashable, int] = {}
        self._blocks: list[_Block] = []
        self._pending: list[int] = []

    # -- building ----------------------------------------------------------------------------------------------

    @classmethod
    def build(cls, items: Iterable[tuple[Hashable, str, Any]], **params) -> "SimilarityIndex":
        """An index over ``(key, text, meta)`` items, with idf taken from all of them at once."""
        index = cls(**params)
        for key, text, meta in items:
            index._append(key, text, meta)
        index.refresh()
        return index

    def terms_of(self, text: str) -> np.ndarray:
        """The hashed n-gram ids a text is indexed under (cleaned, courtesy phrases cut, truncated)."""
        # Cut the raw text first (with room for white space and courtesy phrases): NFKC of a long text is slow.
        head = COURTESY.sub("", clean(text[: 2 * self.max_chars + 100]))
        return ngram_set(head[: self.max_chars], self.n_bits, self.trigrams)

    def _append(self, key: Hashable, text: str, meta: Any) -> int:
        if key in self._where:
            self.remove(key)
        terms = self.terms_of(text)
        position = len(self._keys)
        self._keys.append(key)
        self._meta.append(meta)
        self._where[key] = position
        self._df[terms] += 1
        self._pending.append(position)
        self._pending_terms.append(terms)
        if len(self._pending) >= self.FLUSH_EVERY:
            self._flush()
        if position >= len(self._alive):
            grow = max(1024, len(self._alive))
            self._alive = np.concatenate([self._alive, np.zeros(grow, dtype=bool)])
            self._norms = np.concatenate([self._norms, np.zeros(grow)])
        self._alive[position] = True
        self._norms[position] = float(np.sqrt(np.sum(self._idf[terms].astype(np.float64) ** 2)))
        return position

    def add(self, key: Hashable, text: str, meta: Any = None) -> None:
        """Add (or replace) one text; it is found by the next query."""
        self._append(key, text, meta)
        if abs(len(self) - self._idf_docs) > self.refresh_ratio * max(self._idf_docs, 1):
            self.refresh()

    def remove(self, key: Hashable) -> bool:
        """Forget a text (withdrawn suggestion, deleted message).

        Its postings stay as a tombstone and still count in df until the next refresh recounts df from the live
        postings: the index keeps no per-text term list, which would double its memory.
        """
        position = self._where.pop(key, None)
        if position is None:
            return False
        self._alive[position] = False
        self._meta[position] = None
        return True

    def refresh(self) -> None:
        """Take a new idf snapshot from the live texts and recompute every norm with it."""
        self._flush()
        if len(self._where) < len(self._keys):  # tombstones: recount df from the live postings
            self._df[:] = 0
            for block in self._blocks:
                self._df[block.terms] += block.live_counts(self._alive)
        self._idf = smooth_idf(self._df, len(self))
        self._idf_docs = len(self)
        idf_squared = self._idf.astype(np.float64) ** 2
        size = len(self._alive)
        total = np.zeros(size)
        for block in self._blocks:
            total += block.norms_squared(idf_squared, size)
        self._norms = np.sqrt(total)

    def fit_idf(self, texts: Iterable[str]) -> None:
        """Take the idf snapshot from ``texts`` (which are not stored) and keep it: ``refresh_ratio`` is set to
        infinity. For a caller that keeps sums of similarities and needs them to stay valid."""
        df = np.zeros_like(self._df)
        n = 0
        for text in texts:
            df[self.terms_of(text)] += 1
            n += 1
        self.refresh_ratio = float("inf")
        self._flush()
        self._idf = smooth_idf(df, n)
        self._idf_docs = len(self)
        idf_squared = self._idf.astype(np.float64) ** 2
        total = np.zeros(len(self._alive))
        for block in self._blocks:
            total += block.norms_squared(idf_squared, len(self._alive))
        self._norms = np.sqrt(total)

    def _flush(self) -> None:
        if not self._pending:
            return
        self._blocks.append(_Block.from_docs(self._pending, self._pending_terms))
        self._pending, self._pending_terms = [], []
        while len(self._blocks) >= 2 and self._blocks[-2].n_docs <= 2 * self._blocks[-1].n_docs:
            last = self._blocks.pop()
            self._blocks[-1] = self._blocks[-1].merged(last)

    # -- querying ----------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._where

    def meta(self, key: Hashable) -> Any:
        return self._meta[self._where[key]]

    def scores(self, text: str) -> np.ndarray:
        """Cosine of ``text`` with every stored position (0 for removed ones); for callers that aggregate."""
        self._flush()
        size = len(self._keys)
        terms = self.terms_of(text)
        if not len(terms) or not size:
            return np.zeros(size)
        idf = self._idf[terms].astype(np.float64)
        q_norm = float(np.sqrt(np.sum(idf**2)))
        weights = idf**2
        if self.max_df_ratio < 1.0 and len(self) > 100:
            keep = self._df[terms] <= self.max_df_ratio * len(self)
            terms, weights = terms[keep], weights[keep]
        dots = np.zeros(size)
        for block in self._blocks:
            docs, w = block.postings(terms, weights)
            dots += np.bincount(docs, weights=w, minlength=size)[:size]
        norms = self._norms[:size]
        with np.errstate(divide="ignore", invalid="ignore"):
            result = np.where(self._alive[:size] & (norms > 0), dots / (norms * q_norm), 0.0)
        return np.clip(result, 0.0, 1.0)

    def query(
        self,
        text: str,
        k: int = 5,
        min_score: float = 0.0,
        where: Callable[[Any], bool] | None = None,
        keys: Collection[Hashable] | None = None,
    ) -> list[tuple[Hashable, float]]:
        """The ``k`` most similar stored texts with a score of at least ``min_score``, best first.

        ``where`` is called with an item's meta (e.g. "same session and an earlier or the same year"); ``keys``
        restricts the search to keys the caller has already chosen. Ties are broken by insertion order, so the
        answer is deterministic.
        """
        scores = self.scores(text)
        candidates = np.flatnonzero(scores >= max(min_score, 1e-9))
        if keys is not None:
            allowed = np.fromiter((self._where[key] for key in keys if key in self._where), dtype=np.int64)
            candidates = candidates[np.isin(candidates, allowed)]
        if k <= 0:
            return []
        # Rank only as many candidates as needed: a few times k, more if the filter keeps rejecting them.
        wanted = 8 * k
        while True:
            if wanted < len(candidates):
                top = candidates[np.argpartition(-scores[candidates], wanted)[:wanted]]
            else:
                top = candidates
            order = top[np.lexsort((top, -scores[top]))]
            found = [
                (self._keys[p], float(scores[p])) for p in order if where is None or where(self._meta[p])
            ][:k]
            if len(found) == k or len(top) == len(candidates):
                return found
            wanted *= 4

    def nbytes(self) -> int:
        """Bytes held in numpy arrays (postings, term sets, df/idf, norms); Python objects come on top."""
        arrays = sum(b.nbytes() for b in self._blocks) + self._df.nbytes + self._idf.nbytes + self._norms.nbytes
        return arrays + sum(t.nbytes for t in self._pending_terms)
