"""Search over issue titles and contents with a bigram index that works the same on PostgreSQL and SQLite.

One tokenizer for documents and queries (``tokens``): NFKC, lower case; a run of Chinese characters becomes its
overlapping two-character pieces (物业管理 → 物业 业管 管理), a lone Chinese character stays as it is, and runs of
ASCII letters and digits stay whole words. ``IssueSearch.bigrams`` holds the tokens of title and content,
space-separated, in a narrow side table (keeps the index off the list table).

- PostgreSQL: a GIN index on ``array_to_tsvector(string_to_array(bigrams, ' '))`` (migration 0003). A query is the
  AND of its pieces, confirmed with ``LIKE`` on the issue. The plan is chosen here, not by the planner: when the
  query is common (estimated from the index's own statistics, ``pg_stats.most_common_elems``) the caller's
  newest-first list simply filters with ``LIKE`` and stops after a page; when it is rare, the matching ids are
  read through the GIN bitmap with index and sequential scans switched off for that one statement (left to itself
  the planner walks the id index backwards for a query with no hits and takes seconds).
- SQLite: an external-content FTS5 table (unicode61) over ``casework_issuesearch.bigrams`` kept in step by
  triggers; a query is an FTS5 phrase per query fragment, confirmed with ``LIKE``.

Matching equals a substring search for Chinese text. Queries are cut at spaces and punctuation into fragments
that must all occur; ASCII words match from the start of a word (``5g`` finds 5G基站, ``g基站`` does not).
A query with no two-character piece (a single Chinese character) is a ``LIKE`` over the newest
``ONE_CHARACTER_WINDOW`` issues only.
"""

import json
import re
import time
import unicodedata
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import ExpressionWrapper, IntegerField, Q, QuerySet, Subquery, Value
from django.db.models.expressions import RawSQL

# CJK Unified Ideographs with extension A, compatibility ideographs and the supplementary planes (ext. B onward).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN_RE = re.compile(rf"([{_CJK}]+)|([0-9a-z]+)")
CJK_RUN_RE = re.compile(rf"[{_CJK}]+")
MAX_WORD = 40  # ASCII words longer than this are cut (serial numbers, URLs); the LIKE check keeps results exact

GIN_INDEX = "casework_issuesearch_bigrams_gin"
FTS_TABLE = "casework_issuesearch_fts"
PG_DOCUMENT = "array_to_tsvector(string_to_array(bigrams, ' '))"
PG_CREATE_INDEX = f"CREATE INDEX {GIN_INDEX} ON casework_issuesearch USING gin ({PG_DOCUMENT}) WITH (fastupdate = off)"
PG_INDEX_STATISTICS = f"ALTER INDEX {GIN_INDEX} ALTER COLUMN 1 SET STATISTICS 1000"

COMMON_FRACTION = 0.005  # above this share of issues, scanning newest-first with LIKE beats the GIN bitmap
RARE_ID_LIMIT = 5000  # the rare path returns at most this many (newest) matches
ONE_CHARACTER_WINDOW = 200_000  # a single-character query looks at this many newest issues
STATISTICS_TTL = 600  # seconds between reads of pg_stats
PAGE_ROWS = 21  # a list page and the row that tells whether there is a next one
LIKE_COST = 2.0  # checking a row with LIKE against passing it by in an index walk
ID_LIST_COST = 10.0  # an id handed from the scoped or rare path to the page query, in the same units


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


def document(title: str, content: str) -> str:
    """The value of ``IssueSearch.bigrams`` for an issue."""
    return " ".join(tokens(title) + tokens(content))


def index_issue(issue) -> None:
    """Keep the search side table in step with the issue (called by the services on create and edit)."""
    from lianluo.casework.models import IssueSearch

    IssueSearch.objects.update_or_create(issue=issue, defaults={"bigrams": document(issue.title, issue.content)})


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


def _like_q(fragments: list[Fragment]) -> Q:
    condition = Q()
    for fragment in fragments:
        # Case-insensitive only when it matters: UPPER() on every scanned row costs time on PostgreSQL.
        lookup = "icontains" if fragment.has_letters else "contains"
        condition &= Q(**{f"title__{lookup}": fragment.text}) | Q(**{f"content__{lookup}": fragment.text})
    return condition


def filter_issues(qs: QuerySet, query: str) -> QuerySet:
    """Issues of ``qs`` whose title or content contains every fragment of ``query`` (empty query: ``qs``).

    On PostgreSQL a rare query runs one statement here and returns ``qs`` limited to the matching ids; every other
    case stays lazy.
    """
    fragments = parse_query(query)
    if not fragments:
        return qs
    like = _like_q(fragments)
    indexed = [f for f in fragments if f.terms]
    if not indexed:
        return _bounded_like(qs, like)
    vendor = connections[qs.db].vendor
    if vendor == "postgresql":
        return _postgres_filter(qs, indexed, like)
    if vendor == "sqlite":
        match = " AND ".join(_fts_expression(f) for f in indexed)
        rowids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (match,))  # noqa: S608, S611
        return qs.filter(pk__in=rowids).filter(like)
    return qs.filter(like)


def _bounded_like(qs: QuerySet, like: Q) -> QuerySet:
    newest = Subquery(qs.model.objects.order_by("-pk").values("pk")[:1])
    floor = ExpressionWrapper(newest - Value(ONE_CHARACTER_WINDOW), output_field=IntegerField())
    return qs.filter(like, pk__gt=floor)


def _fts_expression(fragment: Fragment) -> str:
    if fragment.is_phrase:
        return '"' + " ".join(fragment.terms) + '"'
    parts = [f'"{t}"*' if t.isascii() else f'"{t}"' for t in fragment.terms]
    return "(" + " AND ".join(parts) + ")"


def tsquery(fragments: list[Fragment]) -> str:
    """The PostgreSQL tsquery text: every term, ANDed; ASCII words as prefixes. Terms never hold quotes."""
    return " & ".join(f"'{t}':*" if t.isascii() else f"'{t}'" for f in fragments for t in f.terms)


def _postgres_filter(qs: QuerySet, indexed: list[Fragment], like: Q) -> QuerySet:
    """Choose the cheapest of three plans from the estimated share of issues matching the query and the share of
    issues in ``qs`` (the caller's jurisdiction and filters, from the planner's own estimate):

    - rare query: the GIN bitmap gives the matching ids (``_rare_ids``);
    - common query over a wide ``qs``: a lazy LIKE filter; the newest-first scan stops after a page;
    - common query over a narrow ``qs`` (one county's issues, or status and category together): the ids of ``qs``
      rows that pass LIKE, read through bitmap scans of the caller's filters (``_scoped_ids``) instead of walking
      the whole id index backwards looking for the few rows that are both in scope and matching.
    """
    plan = choose_plan(qs, indexed)
    if plan == "rare":
        return qs.filter(pk__in=_id_array(_rare_ids(indexed, qs.db))).filter(like)
    if plan == "common":
        return qs.filter(like)
    return qs.filter(pk__in=_id_array(_scoped_ids(qs.filter(like)))).filter(like)


def _id_array(ids: list[int]) -> RawSQL:
    """Thousands of ids as one array parameter: an IN list of as many placeholders costs more to build and send
    than the query itself."""
    return RawSQL("SELECT unnest(%s::bigint[])", (ids,))  # noqa: S611


def choose_plan(qs: QuerySet, indexed: list[Fragment]) -> str:
    """"rare", "common" or "scoped" (see ``_postgres_filter``)."""
    fraction = _estimated_fraction(indexed, qs.db)
    if fraction < COMMON_FRACTION:
        return "rare"
    share, total = _scope_share(qs)
    walked = PAGE_ROWS / max(fraction * share, 1e-9)  # rows the newest-first scan passes to fill a page
    checked = share * total * LIKE_COST  # rows the scoped bitmap path checks with LIKE (dearer per row)
    checked += fraction * share * total * ID_LIST_COST  # and the ids it hands back to the page query
    return "common" if walked <= checked else "scoped"


def _without_index_scans(using: str, run):
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


def _rare_ids(fragments: list[Fragment], using: str) -> list[int]:
    """Newest matching issue ids through the GIN bitmap, the planner kept off the id index (SET LOCAL)."""
    sql = (f"SELECT issue_id FROM casework_issuesearch WHERE {PG_DOCUMENT} @@ %s::tsquery "  # noqa: S608
           f"ORDER BY issue_id DESC LIMIT {RARE_ID_LIMIT}")

    def run(cursor):
        cursor.execute(sql, (tsquery(fragments),))
        return [row[0] for row in cursor.fetchall()]

    return _without_index_scans(using, run)


def _scoped_ids(qs: QuerySet) -> list[int]:
    sql, params = qs.order_by("-pk").values_list("pk", flat=True)[:RARE_ID_LIMIT].query.sql_with_params()

    def run(cursor):
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]

    return _without_index_scans(qs.db, run)


def _scope_share(qs: QuerySet) -> tuple[float, float]:
    """(share of all issues that ``qs`` holds, number of issues), from the planner's estimates (EXPLAIN, no run)."""
    total = _issue_count_estimate(qs.db)
    if not qs.query.where:
        return 1.0, total
    plan = json.loads(qs.order_by().values("pk").explain(format="json"))
    rows = plan[0]["Plan"]["Plan Rows"]
    return min(1.0, rows / max(total, 1.0)), total


def _issue_count_estimate(using: str) -> float:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT GREATEST(reltuples, 1) FROM pg_class WHERE oid = 'casework_issue'::regclass")
        return float(cursor.fetchone()[0])


_statistics: dict[str, tuple[float, dict[str, float]]] = {}


def term_frequencies(using: str = "default") -> dict[str, float]:
    """Share of issues holding each common term, from ANALYZE's statistics on the GIN index expression
    (``most_common_elems``); a term missing from it is rarer than every term listed. Cached per process."""
    cached = _statistics.get(using)
    if cached and time.monotonic() - cached[0] < STATISTICS_TTL:
        return cached[1]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s", (GIN_INDEX,),
        )
        row = cursor.fetchone()
    frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _statistics[using] = (time.monotonic(), frequencies)
    return frequencies


def _estimated_fraction(fragments: list[Fragment], using: str) -> float:
    """Share of issues matching: the rarest term per fragment, fragments taken as independent."""
    frequencies = term_frequencies(using)
    estimate = 1.0
    for fragment in fragments:
        estimate *= min(frequencies.get(term, 0.0) for term in fragment.terms)
    return estimate


# --- bulk rebuild ------------------------------------------------------------------------------------------


def index_rebuild(*, batch_size: int = 20_000, progress=None) -> int:
    """Recompute the whole side table from the issues (after bulk loads); returns the number of rows.

    PostgreSQL: TRUNCATE, COPY, then the GIN index is rebuilt once and analysed; the table is locked meanwhile,
    so run it while the site is not in use. SQLite: the FTS5 triggers follow each row.
    """
    from lianluo.casework.models import Issue, IssueSearch

    connection = connections[IssueSearch.objects.db]
    total = 0
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses pending foreign-key checks
                cursor.execute("TRUNCATE casework_issuesearch")
                cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        else:
            IssueSearch.objects.all().delete()
        last = 0
        while True:
            rows = list(Issue.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "title", "content")
                        [:batch_size])
            if not rows:
                break
            last = rows[-1][0]
            documents = [(pk, document(title, content)) for pk, title, content in rows]
            _write_documents(connection, documents)
            total += len(documents)
            if progress:
                progress(total)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the deferred foreign keys now
            create_gin_index(connection)
    return total


def _write_documents(connection, documents: list[tuple[int, str]]) -> None:
    from lianluo.casework.models import IssueSearch

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.copy("COPY casework_issuesearch (issue_id, bigrams) FROM STDIN") \
                as copy:
            for row in documents:
                copy.write_row(row)
    else:
        IssueSearch.objects.bulk_create([IssueSearch(issue_id=pk, bigrams=text) for pk, text in documents],
                                        batch_size=2000)


def create_gin_index(connection) -> None:
    """(Re)create the PostgreSQL GIN index with enough memory to build it in one pass, then analyse."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        cursor.execute(PG_CREATE_INDEX)
        cursor.execute(PG_INDEX_STATISTICS)
        cursor.execute("ANALYZE casework_issuesearch")
    _statistics.pop(connection.alias, None)
