"""Background housekeeping, run by the task worker (``lianluo db_worker``) when the scheduler enqueues it."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from lianluo.accounts.models import LoginThrottle, SignedInSession
from lianluo.core.audit import audit_record, audit_verify


@task()
def sessions_purge() -> int:
    """Delete expired sessions and their owner records (SECURITY.md A13: residual information)."""
    now = timezone.now()
    with transaction.atomic():
        deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
        SignedInSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()
    return deleted


@task()
def login_throttles_purge() -> int:
    """Forget failed-login counters a day after their last failure, once no lock is in force."""
    cutoff = timezone.now() - timedelta(days=1)
    stale = LoginThrottle.objects.filter(last_failure_at__lt=cutoff).exclude(locked_until__gt=timezone.now())
    deleted, _ = stale.delete()
    return deleted


@task()
def audit_chain_check() -> bool:
    """Nightly verification of the audit hash chain; the result itself is audited (等保 8.1.4.3 c)."""
    report = audit_verify()
    with transaction.atomic():
        audit_record(
            action="audit.verify", outcome="success" if report.ok else "failure", actor_label="计划任务",
            summary={"checked": report.checked, "breaks": [b.event_id for b in report.breaks][:20]},
        )
    return report.ok


@task()
def notifications_deliver() -> int:
    """Send pending text messages through the configured backend (core/notify.py)."""
    from lianluo.core.notify import deliver_pending

    return deliver_pending()
