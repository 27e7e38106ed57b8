"""The periodic jobs and how often they run; the ``lianluo scheduler`` command enqueues them."""

from dataclasses import dataclass
from datetime import timedelta

from lianluo.casework import tasks as casework_tasks
from lianluo.core import tasks
from lianluo.portal import tasks as portal_tasks
from lianluo.proposals import tasks as proposal_tasks
from lianluo.textmine import tasks as textmine_tasks


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: object


JOBS = [
    Job("sessions_purge", timedelta(hours=1), tasks.sessions_purge),
    Job("login_throttles_purge", timedelta(hours=6), tasks.login_throttles_purge),
    Job("audit_chain_check", timedelta(days=1), tasks.audit_chain_check),
    Job("notifications_deliver", timedelta(minutes=5), tasks.notifications_deliver),
    Job("portal_throttle_events_purge", timedelta(hours=1), portal_tasks.throttle_events_purge),
    Job("issues_remind_overdue", timedelta(days=1), casework_tasks.issues_remind_overdue),
    Job("issues_close_unrated", timedelta(days=1), casework_tasks.issues_close_unrated),
    Job("suggestions_remind", timedelta(days=1), proposal_tasks.suggestions_remind),
    Job("suggestions_close_unrated", timedelta(days=1), proposal_tasks.suggestions_close_unrated),
    Job("hot_issues_refresh_all", timedelta(hours=1), textmine_tasks.hot_issues_refresh_all),
]


def due_jobs(last_runs: dict, now) -> list[Job]:
    """Jobs never run, or whose interval has passed since their last run."""
    return [job for job in JOBS if last_runs.get(job.name) is None or now - last_runs[job.name] >= job.every]
