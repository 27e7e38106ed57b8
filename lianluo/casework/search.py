"""Search over issue titles and contents: the casework instance of the bigram index (``lianluo.core.bigrams``,
whose docstring explains the tokenizer, the indexes and how a plan is chosen).

``IssueSearch.bigrams`` holds the tokens of title and content, space-separated, in a narrow side table (keeps the
index off the list table). PostgreSQL: a GIN index on ``array_to_tsvector(string_to_array(bigrams, ' '))``;
SQLite: an external-content FTS5 table kept in step by triggers (both made by migration 0003).

The functions below keep this module's names for the casework services, selectors, seed and benchmarks;
``filter_issues`` reads ``choose_plan``, ``term_frequencies`` and ``_issue_count_estimate`` from this module at
call time, so that tests can replace them.
"""

from django.db import connections

from lianluo.core import bigrams
from lianluo.core.bigrams import (  # noqa: F401  (this module's names before the index was made generic)
    CJK_RUN_RE,
    COMMON_FRACTION,
    ID_LIST_COST,
    LIKE_COST,
    MAX_WORD,
    ONE_CHARACTER_WINDOW,
    PAGE_ROWS,
    RARE_ID_LIMIT,
    STATISTICS_TTL,
    TOKEN_RE,
    Fragment,
    parse_query,
    tokens,
    tsquery,
)

ISSUES = bigrams.BigramIndex(
    side_table="casework_issuesearch",
    key_column="issue_id",
    owner_table="casework_issue",
    like_fields=("title", "content"),
    gin_index="casework_issuesearch_bigrams_gin",
    fts_table="casework_issuesearch_fts",
)
GIN_INDEX = ISSUES.gin_index
FTS_TABLE = ISSUES.fts_table
PG_DOCUMENT = ISSUES.pg_document
PG_CREATE_INDEX = ISSUES.pg_create_index
PG_INDEX_STATISTICS = ISSUES.pg_index_statistics

_statistics = bigrams._statistics  # the shared cache of term frequencies (tests clear it)


def document(title: str, content: str) -> str:
    """The value of ``IssueSearch.bigrams`` for an issue."""
    return bigrams.document(title, content)


def index_issue(issue) -> None:
    """Keep the search side table in step with the issue (called by the services on create and edit)."""
    from lianluo.casework.models import IssueSearch

    IssueSearch.objects.update_or_create(issue=issue, defaults={"bigrams": document(issue.title, issue.content)})


def filter_issues(qs, query: str):
    """Issues of ``qs`` whose title or content contains every fragment of ``query`` (empty query: ``qs``)."""
    return ISSUES.filter(qs, query, plan=choose_plan)


def choose_plan(qs, indexed: list[Fragment]) -> str:
    """"rare", "common" or "scoped" (see ``BigramIndex._postgres_filter``)."""
    return ISSUES.choose_plan(qs, indexed, frequencies=term_frequencies, count=_issue_count_estimate)


def term_frequencies(using: str = "default") -> dict[str, float]:
    """Share of issues holding each common term (``BigramIndex.term_frequencies``)."""
    return ISSUES.term_frequencies(using)


def _estimated_fraction(fragments: list[Fragment], using: str) -> float:
    return ISSUES.estimated_fraction(fragments, using, frequencies=term_frequencies)


def _issue_count_estimate(using: str) -> float:
    return ISSUES.count_estimate(using)


def index_rebuild(*, batch_size: int = 20_000, progress=None) -> int:
    """Recompute the whole side table from the issues (after bulk loads); returns the number of rows.

    PostgreSQL: TRUNCATE, COPY, then the GIN index is rebuilt once and analysed; the table is locked meanwhile,
    so run it while the site is not in use. SQLite: the FTS5 triggers follow each row.
    """
    from lianluo.casework.models import Issue, IssueSearch

    def batches():
        last = 0
        while True:
            rows = list(Issue.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "title", "content")
                        [:batch_size])
            if not rows:
                return
            last = rows[-1][0]
            yield [(pk, document(title, content)) for pk, title, content in rows]

    return ISSUES.rebuild(connections[IssueSearch.objects.db], batches(), progress=progress)


def create_gin_index(connection) -> None:
    """(Re)create the PostgreSQL GIN index with enough memory to build it in one pass, then analyse."""
    ISSUES.create_gin_index(connection)
