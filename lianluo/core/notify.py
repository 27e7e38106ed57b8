"""Messages to people outside the system (an SMS to a constituent whose issue was answered).

``notify`` stores a ``Notification`` inside the caller's transaction, so a message exists only if the change it
reports was committed. The scheduler's ``notifications_deliver`` job hands pending messages to the backend named
by ``LIANLUO_NOTIFY_BACKEND``:

- ``lianluo.core.notify.LogBackend`` (the default): writes the message to the log with the number masked and marks
  it sent. For offices without an SMS gateway: the person still follows the issue with the query code.
- ``lianluo.core.notify.OutboxBackend``: leaves messages pending for an office that forwards them to the
  government SMS platform (政务短信平台) by its own means.

A deployment with a gateway adds a class with ``send(notification) -> None`` (raise to mark a failure) and names
it in the setting; messages that fail are retried up to ``MAX_ATTEMPTS`` times.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from lianluo.core.masking import mask_mobile
from lianluo.core.models import Notification

logger = logging.getLogger("lianluo.notify")
MAX_ATTEMPTS = 3
BATCH = 500


def notify(*, mobile: str, body: str, about=None) -> Notification | None:
    """Queue one text message to ``mobile`` about the model instance ``about`` (nothing for an empty number)."""
    mobile = (mobile or "").strip()
    if not mobile:
        return None
    return Notification.objects.create(
        recipient=mobile, body=body[:500], object_type=about._meta.label_lower if about is not None else "",
        object_id=str(about.pk) if about is not None else "")


class LogBackend:
    """Writes each message to the log (number masked) and marks it sent."""

    def send(self, notification: Notification) -> None:
        logger.info("SMS to %s: %s", mask_mobile(notification.recipient), notification.body)


class OutboxBackend:
    """Keeps messages pending: another system collects them."""

    keeps_pending = True

    def send(self, notification: Notification) -> None:  # pragma: no cover - never called
        raise NotImplementedError


def backend():
    return import_string(getattr(settings, "LIANLUO_NOTIFY_BACKEND", "lianluo.core.notify.LogBackend"))()


def deliver_pending(limit: int = BATCH) -> int:
    """Hand pending messages to the backend; returns how many were sent."""
    sender = backend()
    if getattr(sender, "keeps_pending", False):
        return 0
    sent = 0
    ids = list(Notification.objects.filter(status=Notification.Status.PENDING).order_by("id")
               .values_list("id", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            notification = Notification.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status=Notification.Status.PENDING).first()
            if notification is None:
                continue  # another worker has it
            notification.attempts += 1
            try:
                sender.send(notification)
            except Exception as exc:  # noqa: BLE001 - any gateway error counts as a failed attempt
                notification.error = str(exc)[:200]
                if notification.attempts >= MAX_ATTEMPTS:
                    notification.status = Notification.Status.FAILED
            else:
                notification.status, notification.sent_at, notification.error = (
                    Notification.Status.SENT, timezone.now(), "")
                sent += 1
            notification.save(update_fields=["status", "sent_at", "attempts", "error"])
    return sent
