"""The periodic jobs and how often they run; the ``lianluo scheduler`` command enqueues them."""

from dataclasses import dataclass
from datetime import timedelta

from lianluo.core import tasks


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: object


JOBS = [
    Job("sessions_purge", timedelta(hours=1), tasks.sessions_purge),
    Job("login_throttles_purge", timedelta(hours=6), tasks.login_throttles_purge),
    Job("audit_chain_check", timedelta(days=1), tasks.audit_chain_check),
]


def due_jobs(last_runs: dict, now) -> list[Job]:
    """Jobs never run, or whose interval has passed since their last run."""
    return [job for job in JOBS if last_runs.get(job.name) is None or now - last_runs[job.name] >= job.every]
