"""Text messages to people: queued with the change they report, delivered by the configured backend."""

import pytest

from lianluo.casework import services as casework
from lianluo.core import notify
from lianluo.core.models import Notification

pytestmark = pytest.mark.django_db


class FailingBackend:
    def send(self, notification):
        raise ConnectionError("网关无响应")


def _answered_issue(cast):
    from lianluo.regions.models import Region

    staff = cast("csx_lianluo")
    issue = casework.issue_submit(region=Region.objects.get(code="430121"), title="路灯不亮", content="路灯坏了一周。",
                                  channel="phone", constituents=[{"name": "群众甲", "mobile": "13800001111"},
                                                                 {"name": "群众乙", "mobile": "13800002222",
                                                                  "wants_answer": False}], actor=staff)
    issue = casework.issue_accept(issue=issue, actor=staff)
    return casework.issue_handle(issue=issue, answer="已修复。", actor=staff)


def test_an_answer_queues_a_message_to_each_person_who_asked_for_one(cast):
    issue = _answered_issue(cast)
    messages = list(Notification.objects.filter(object_type="casework.issue", object_id=str(issue.pk)))
    assert [m.recipient for m in messages] == ["13800001111"]  # the second person did not ask for an answer
    assert issue.query_code in messages[0].body and issue.number in messages[0].body


def test_the_number_is_encrypted_at_rest(cast):
    from django.db import connection

    _answered_issue(cast)
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient FROM core_notification ORDER BY id DESC LIMIT 1")
        stored = cursor.fetchone()[0]
    assert "13800001111" not in stored


def test_the_log_backend_marks_messages_sent(cast):
    _answered_issue(cast)
    assert notify.deliver_pending() >= 1
    assert not Notification.objects.filter(status="pending").exists()


def test_a_failing_gateway_is_retried_then_marked_failed(cast, settings):
    settings.LIANLUO_NOTIFY_BACKEND = "lianluo.core.tests.test_notify.FailingBackend"
    _answered_issue(cast)
    for _ in range(notify.MAX_ATTEMPTS):
        assert notify.deliver_pending() == 0
    failed = Notification.objects.order_by("-id").first()
    assert failed.status == "failed" and failed.attempts == notify.MAX_ATTEMPTS and "网关" in failed.error


def test_the_outbox_backend_leaves_messages_for_another_system(cast, settings):
    settings.LIANLUO_NOTIFY_BACKEND = "lianluo.core.notify.OutboxBackend"
    _answered_issue(cast)
    assert notify.deliver_pending() == 0
    assert Notification.objects.filter(status="pending").exists()
