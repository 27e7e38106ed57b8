"""Search over issue titles and contents (to be replaced by the bigram index)."""

from django.db.models import Q, QuerySet


def filter_issues(qs: QuerySet, query: str) -> QuerySet:
    """Issues whose title or content contains ``query``."""
    query = query.strip()
    if not query:
        return qs
    return qs.filter(Q(title__contains=query) | Q(content__contains=query))


def index_issue(issue) -> None:
    """Keep the search side table in step with the issue (called by the services on create and edit)."""
    return None
