"""Housekeeping of the public site, run by the task worker when the scheduler enqueues it."""

from django.utils import timezone
from django_tasks import task

from lianluo.portal.models import ThrottleEvent
from lianluo.portal.throttle import window


@task()
def throttle_events_purge() -> int:
    """Delete rate-limit counters older than the window: they no longer count."""
    cutoff = timezone.now() - window()
    deleted, _ = ThrottleEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
