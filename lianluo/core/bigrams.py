"""Substring search over Chinese text with a bigram index that works the same on PostgreSQL and SQLite.

One tokenizer for documents and queries (``tokens``): NFKC, lower case; a run of Chinese characters becomes its
overlapping two-character pieces (物业管理 → 物业 业管 管理), a lone Chinese character stays as it is, and runs of
ASCII letters and digits stay whole words. A document (``document``) is the tokens of the searched fields,
space-separated, in a text column: a narrow side table keyed by the searched row (keeps the index off a list
table), or a column of the searched row itself. A ``BigramIndex`` says where that column is and which fields
confirm a match; ``BigramIndex.filter(qs, query)`` is the search.

- PostgreSQL: a GIN index on ``array_to_tsvector(string_to_array(bigrams, ' '))`` (no positions, no parser, any
  locale). A query is the AND of its pieces, confirmed with ``LIKE`` on the searched fields. The plan is chosen
  here, not by the planner: when the query is common (estimated from the index's own statistics,
  ``pg_stats.most_common_elems``) the caller's newest-first list simply filters with ``LIKE`` and stops after a
  page; when it is rare, the matching ids are read through the GIN bitmap with index and sequential scans
  switched off for that one statement (left to itself the planner walks the id index backwards for a query with
  no hits and takes seconds).
- SQLite: an external-content FTS5 table (unicode61) over the document column, kept in step by triggers; a query
  is an FTS5 phrase per query fragment, confirmed with ``LIKE``.

Matching equals a substring search for Chinese text. Queries are cut at spaces and punctuation into fragments
that must all occur; ASCII words match from the start of a word (``5g`` finds 5G基站, ``g基站`` does not).
A query with no two-character piece (a single Chinese character) is a ``LIKE`` over the newest
``ONE_CHARACTER_WINDOW`` rows only.

The indexes themselves are made by each app's migrations (casework 0003, proposals 0002), which state the same
SQL as ``BigramIndex.pg_create_index`` and the FTS5 table and triggers.
"""

import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import ExpressionWrapper, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL

# CJK Unified Ideographs with extension A, compatibility ideographs and the supplementary planes (ext. B onward).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN_RE = re.compile(rf"([{_CJK}]+)|([0-9a-z]+)")
CJK_RUN_RE = re.compile(rf"[{_CJK}]+")
MAX_WORD = 40  # ASCII words longer than this are cut (serial numbers, URLs); the LIKE check keeps results exact

COMMON_FRACTION = 0.005  # above this share of rows, scanning newest-first with LIKE beats the GIN bitmap
RARE_ID_LIMIT = 5000  # the rare path returns at most this many (newest) matches
ONE_CHARACTER_WINDOW = 200_000  # a single-character query looks at this many newest rows
STATISTICS_TTL = 600  # seconds between reads of pg_stats
PAGE_ROWS = 21  # a list page and the row that tells whether there is a next one
LIKE_COST = 2.0  # checking a row with LIKE against passing it by in an index walk
ID_LIST_COST = 10.0  # an id handed from the scoped or rare path to the page query, in the same units
STATISTICS_TARGET = 1000  # of the GIN index expression: enough common bigrams listed to choose the plan


def tokens(text: str) -> list[str]:
    """The index tokens of text, in order (duplicates kept: SQLite phrases need the positions)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    out: list[str] = []
    for match in TOKEN_RE.finditer(text):
        run, word = match.groups()
        if run:
            if len(run) == 1:
                out.append(run)
            else:
                out.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            out.append(word[:MAX_WORD])
    return out


def document(*texts: str) -> str:
    """The document of a row: the tokens of each of its searched texts, in order."""
    return " ".join(token for text in texts for token in tokens(text))


# --- queries -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fragment:
    text: str  # what LIKE must find (normalised query text between spaces and punctuation)
    terms: tuple[str, ...]  # index terms; empty when the fragment has no two-character piece
    has_letters: bool

    @property
    def is_phrase(self) -> bool:
        """A pure Chinese fragment: its bigrams stand consecutively in every matching document."""
        return bool(self.terms) and CJK_RUN_RE.fullmatch(self.text) is not None


def parse_query(query: str) -> list[Fragment]:
    """Cut a query into fragments at anything that is neither a Chinese character nor an ASCII letter or digit."""
    text = unicodedata.normalize("NFKC", query or "").lower()
    fragments = []
    for piece in re.findall(rf"[{_CJK}0-9a-z]+", text):
        pieces = tokens(piece)
        # A lone character inside a mixed fragment ("设5g") is not a document token there: leave it to LIKE.
        terms = tuple(dict.fromkeys(t for t in pieces if len(t) > 1 or t.isascii()))
        fragments.append(Fragment(piece, terms, any("a" <= c <= "z" for c in piece)))
    return fragments


def tsquery(fragments: list[Fragment]) -> str:
    """The PostgreSQL tsquery text: every term, ANDed; ASCII words as prefixes. Terms never hold quotes."""
    return " & ".join(f"'{t}':*" if t.isascii() else f"'{t}'" for f in fragments for t in f.terms)


def fts_expression(fragment: Fragment) -> str:
    """The FTS5 query of one fragment: a phrase for Chinese text, else its terms ANDed (ASCII words as prefixes)."""
    if fragment.is_phrase:
        return '"' + " ".join(fragment.terms) + '"'
    parts = [f'"{t}"*' if t.isascii() else f'"{t}"' for t in fragment.terms]
    return "(" + " AND ".join(parts) + ")"


def without_index_scans(using: str, run):
    """Run ``run(cursor)`` with sequential and plain index scans off for this statement only (bitmap scans stay)."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
        seqscan, indexscan = cursor.fetchone()
        cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)")
        try:
            return run(cursor)
        finally:
            # Inside an outer transaction SET LOCAL would outlive this block: put the values back.
            cursor.execute("SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)",
                           (seqscan, indexscan))


def id_array(ids: list[int]) -> RawSQL:
    """Thousands of ids as one array parameter: an IN list of as many placeholders costs more to build and send
    than the query itself."""
    return RawSQL("SELECT unnest(%s::bigint[])", (ids,))  # noqa: S611


def scoped_ids(qs: QuerySet) -> list[int]:
    """The newest ids of ``qs`` (already holding the LIKE filter), read through bitmap scans of its filters."""
    sql, params = qs.order_by("-pk").values_list("pk", flat=True)[:RARE_ID_LIMIT].query.sql_with_params()

    def run(cursor):
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]

    return without_index_scans(qs.db, run)


def bounded_like(qs: QuerySet, like: Q) -> QuerySet:
    """``qs`` filtered with ``like`` among its model's newest ``ONE_CHARACTER_WINDOW`` rows only."""
    newest = Subquery(qs.model.objects.order_by("-pk").values("pk")[:1])
    floor = ExpressionWrapper(newest - Value(ONE_CHARACTER_WINDOW), output_field=IntegerField())
    return qs.filter(like, pk__gt=floor)


# Term frequencies per (GIN index, database alias): (read at, {term: share of rows}).
_statistics: dict[tuple[str, str], tuple[float, dict[str, float]]] = {}

Frequencies = Callable[[str], dict[str, float]]
CountEstimate = Callable[[str], float]
Planner = Callable[[QuerySet, list[Fragment]], str]


@dataclass(frozen=True)
class BigramIndex:
    """Where one bigram index lives and what confirms its matches.

    ``side_table.key_column`` holds the id of the searched row (of ``owner_table``, the table the searched
    querysets read) and ``side_table.column`` its document; when the document is a column of the searched row
    itself, ``side_table`` is ``owner_table`` and ``key_column`` its primary key. The key is also the FTS5 rowid.
    ``like_fields`` are the model fields (of the querysets' model) that hold the searched text.

    ``ordered_scan`` says whether the lists searched walk an index in their display order (newest first by id):
    then a common query is cheapest as a LIKE filter that stops after a page. When they do not (ordered by
    another column with no index for it), a LIKE filter reads every row in scope, so the GIN bitmap is used
    whenever it hands over fewer rows than that and at most ``RARE_ID_LIMIT``.
    """

    side_table: str
    key_column: str
    owner_table: str
    like_fields: tuple[str, ...]
    gin_index: str
    fts_table: str
    column: str = "bigrams"
    ordered_scan: bool = True

    @property
    def pg_document(self) -> str:
        return f"array_to_tsvector(string_to_array({self.column}, ' '))"

    @property
    def pg_create_index(self) -> str:
        return (f"CREATE INDEX {self.gin_index} ON {self.side_table} USING gin ({self.pg_document}) "
                "WITH (fastupdate = off)")

    @property
    def pg_index_statistics(self) -> str:
        return f"ALTER INDEX {self.gin_index} ALTER COLUMN 1 SET STATISTICS {STATISTICS_TARGET}"

    # --- the search ----------------------------------------------------------------------------------------

    def filter(self, qs: QuerySet, query: str, *, plan: Planner | None = None) -> QuerySet:
        """Rows of ``qs`` whose ``like_fields`` contain every fragment of ``query`` (empty query: ``qs``).

        On PostgreSQL a rare query runs one statement here and returns ``qs`` limited to the matching ids; every
        other case stays lazy. ``plan`` replaces ``choose_plan`` (an app's module keeps its own, patchable one).
        """
        fragments = parse_query(query)
        if not fragments:
            return qs
        like = self.like_q(fragments)
        indexed = [f for f in fragments if f.terms]
        if not indexed:
            return bounded_like(qs, like)
        vendor = connections[qs.db].vendor
        if vendor == "postgresql":
            return self._postgres_filter(qs, indexed, like, plan or self.choose_plan)
        if vendor == "sqlite":
            match = " AND ".join(fts_expression(f) for f in indexed)
            rowids = RawSQL(f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s",  # noqa: S608, S611
                            (match,))
            return qs.filter(pk__in=rowids).filter(like)
        return qs.filter(like)

    def like_q(self, fragments: list[Fragment]) -> Q:
        """Every fragment in one of the searched fields."""
        condition = Q()
        for fragment in fragments:
            # Case-insensitive only when it matters: UPPER() on every scanned row costs time on PostgreSQL.
            lookup = "icontains" if fragment.has_letters else "contains"
            either = Q()
            for name in self.like_fields:
                either |= Q(**{f"{name}__{lookup}": fragment.text})
            condition &= either
        return condition

    def _postgres_filter(self, qs: QuerySet, indexed: list[Fragment], like: Q, plan: Planner) -> QuerySet:
        """Choose the cheapest of three plans from the estimated share of rows matching the query and the share of
        rows in ``qs`` (the caller's jurisdiction and filters, from the planner's own estimate):

        - rare query: the GIN bitmap gives the matching ids (``rare_ids``);
        - common query over a wide ``qs``: a lazy LIKE filter; the newest-first scan stops after a page;
        - common query over a narrow ``qs`` (one county's rows, or status and category together): the ids of ``qs``
          rows that pass LIKE, read through bitmap scans of the caller's filters (``scoped_ids``) instead of
          walking the whole id index backwards looking for the few rows that are both in scope and matching.
        """
        chosen = plan(qs, indexed)
        if chosen == "rare":
            return qs.filter(pk__in=id_array(self.rare_ids(indexed, qs.db))).filter(like)
        if chosen == "common":
            return qs.filter(like)
        return qs.filter(pk__in=id_array(scoped_ids(qs.filter(like)))).filter(like)

    def choose_plan(self, qs: QuerySet, indexed: list[Fragment], *, frequencies: Frequencies | None = None,
                    count: CountEstimate | None = None) -> str:
        """"rare", "common" or "scoped" (see ``_postgres_filter``); ``frequencies`` and ``count`` replace
        ``term_frequencies`` and ``count_estimate``."""
        fraction = self.estimated_fraction(indexed, qs.db, frequencies=frequencies)
        if fraction < COMMON_FRACTION:
            return "rare"
        share, total = self.scope_share(qs, count=count)
        if not self.ordered_scan:
            matches = fraction * total
            bitmap_cheaper = matches * ID_LIST_COST < share * total * LIKE_COST
            return "rare" if bitmap_cheaper and matches <= RARE_ID_LIMIT else "common"
        walked = PAGE_ROWS / max(fraction * share, 1e-9)  # rows the newest-first scan passes to fill a page
        checked = share * total * LIKE_COST  # rows the scoped bitmap path checks with LIKE (dearer per row)
        checked += fraction * share * total * ID_LIST_COST  # and the ids it hands back to the page query
        return "common" if walked <= checked else "scoped"

    def rare_ids(self, fragments: list[Fragment], using: str) -> list[int]:
        """Newest matching ids through the GIN bitmap, the planner kept off the id index (SET LOCAL)."""
        sql = (f"SELECT {self.key_column} FROM {self.side_table} WHERE {self.pg_document} @@ %s::tsquery "  # noqa: S608
               f"ORDER BY {self.key_column} DESC LIMIT {RARE_ID_LIMIT}")

        def run(cursor):
            cursor.execute(sql, (tsquery(fragments),))
            return [row[0] for row in cursor.fetchall()]

        return without_index_scans(using, run)

    def scope_share(self, qs: QuerySet, *, count: CountEstimate | None = None) -> tuple[float, float]:
        """(share of all rows that ``qs`` holds, number of rows), from the planner's estimates (EXPLAIN, no run)."""
        total = (count or self.count_estimate)(qs.db)
        if not qs.query.where:
            return 1.0, total
        plan = json.loads(qs.order_by().values("pk").explain(format="json"))
        rows = plan[0]["Plan"]["Plan Rows"]
        return min(1.0, rows / max(total, 1.0)), total

    def count_estimate(self, using: str) -> float:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT GREATEST(reltuples, 1) FROM pg_class WHERE oid = %s::regclass", (self.owner_table,))
            return float(cursor.fetchone()[0])

    # --- term statistics -----------------------------------------------------------------------------------

    def term_frequencies(self, using: str = "default") -> dict[str, float]:
        """Share of rows holding each common term, from ANALYZE's statistics on the GIN index expression
        (``most_common_elems``); a term missing from it is rarer than every term listed. Cached per process."""
        key = (self.gin_index, using)
        cached = _statistics.get(key)
        if cached and time.monotonic() - cached[0] < STATISTICS_TTL:
            return cached[1]
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = %s", (self.gin_index,),
            )
            row = cursor.fetchone()
        frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _statistics[key] = (time.monotonic(), frequencies)
        return frequencies

    def estimated_fraction(self, fragments: list[Fragment], using: str, *,
                           frequencies: Frequencies | None = None) -> float:
        """Share of rows matching: the rarest term per fragment, fragments taken as independent."""
        known = (frequencies or self.term_frequencies)(using)
        estimate = 1.0
        for fragment in fragments:
            estimate *= min(known.get(term, 0.0) for term in fragment.terms)
        return estimate

    def forget_statistics(self, using: str) -> None:
        _statistics.pop((self.gin_index, using), None)

    # --- bulk writes ---------------------------------------------------------------------------------------

    def rebuild(self, connection, batches: Iterable[list[tuple[int, str]]], *, progress=None) -> int:
        """Replace every document with ``batches`` of (key, document) (after bulk loads); returns the number of rows.

        PostgreSQL: the GIN index is dropped, a side table is emptied (TRUNCATE) and refilled with COPY, a
        document column is updated in place, then the index is rebuilt once and analysed; the table is locked
        meanwhile, so run it while the site is not in use. SQLite: the FTS5 triggers follow each row.
        """
        in_row = self.side_table == self.owner_table
        postgres = connection.vendor == "postgresql"
        total = 0
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                if postgres:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending foreign-key checks
                    if not in_row:
                        cursor.execute(f"TRUNCATE {self.side_table}")
                    cursor.execute(f"DROP INDEX IF EXISTS {self.gin_index}")
                elif not in_row:
                    cursor.execute(f"DELETE FROM {self.side_table}")  # noqa: S608
            for documents in batches:
                self.write_documents(connection, documents)
                total += len(documents)
                if progress:
                    progress(total)
            if postgres:
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the deferred foreign keys now
                self.create_gin_index(connection)
        return total

    def write_documents(self, connection, documents: list[tuple[int, str]]) -> None:
        """Write (key, document) rows: new rows of a side table, or the document column of existing rows."""
        if not documents:
            return
        with connection.cursor() as cursor:
            if self.side_table == self.owner_table:
                sql = f"UPDATE {self.side_table} SET {self.column} = %s WHERE {self.key_column} = %s"  # noqa: S608
                cursor.executemany(sql, [(text, key) for key, text in documents])
            elif connection.vendor == "postgresql":
                with cursor.copy(f"COPY {self.side_table} ({self.key_column}, {self.column}) FROM STDIN") as copy:
                    for row in documents:
                        copy.write_row(row)
            else:
                sql = f"INSERT INTO {self.side_table} ({self.key_column}, {self.column}) VALUES (%s, %s)"  # noqa: S608
                for start in range(0, len(documents), 2000):
                    cursor.executemany(sql, documents[start:start + 2000])

    def create_gin_index(self, connection) -> None:
        """(Re)create the PostgreSQL GIN index with enough memory to build it in one pass, then analyse."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cursor.execute(f"DROP INDEX IF EXISTS {self.gin_index}")
            cursor.execute(self.pg_create_index)
        self.analyse(connection)

    def analyse(self, connection) -> None:
        """After a bulk load (PostgreSQL): make sure the GIN index is there with its statistics target, and
        ANALYZE the table so that the term frequencies (and the planner's estimates) describe the new rows.
        Dropping and recreating the index from its definition, as bulk loads do, loses the target."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NULL", (self.gin_index,))
            if cursor.fetchone()[0]:
                # CREATE INDEX (even IF NOT EXISTS) refuses a table with foreign-key checks still pending.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(self.pg_create_index)
            cursor.execute(self.pg_index_statistics)
            cursor.execute(f"ANALYZE {self.side_table}")
        self.forget_statistics(connection.alias)
