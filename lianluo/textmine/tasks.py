"""Background work of the text engine: the hot issues of every region, refreshed by the scheduler."""

from django_tasks import task

from lianluo.textmine import hot


@task()
def hot_issues_refresh_all() -> int:
    """Recompute the hot-issue snapshot of every region with recent issues; returns how many regions."""
    return hot.hot_issues_refresh_all()
