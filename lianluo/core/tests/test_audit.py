"""The audit log is append-only and tamper-evident (等保 GB/T 22239-2019 8.1.4.3 a)–d); SECURITY.md A8, A9).

Every row carries ``hash = HMAC-SM3(prev_hash || row)``; database triggers refuse UPDATE and DELETE.
The tamper tests play a DBA who disables the trigger and edits or deletes rows by hand: the chain
verification must then point at the damaged place.
"""

import datetime
import io
import json
import re
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from lianluo.core.audit import GENESIS_HASH, audit_record, audit_verify
from lianluo.core.models import AuditChainHead, AuditEvent
from lianluo.regions import services as region_services
from lianluo.regions.models import Congress, Region

pytestmark = pytest.mark.django_db

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@contextmanager
def append_only_trigger_disabled():
    """What a DBA with DDL rights could do. Inside the test transaction, so it is undone afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        elif connection.vendor == "postgresql":
            # Rows just inserted have deferred foreign-key checks pending, and PostgreSQL will not
            # ALTER a table with pending trigger events: run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:  # pragma: no cover - only the two supported databases
            pytest.fail(f"no tamper recipe for {connection.vendor}")
    yield


def raw_update_summary(event_id: int, summary: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET summary = %s WHERE id = %s", [json.dumps(summary, ensure_ascii=False), event_id]
        )


def raw_delete(event_id: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event_id])


def three_new_events(actor) -> list[AuditEvent]:
    return [
        audit_record(action="test.event", actor=actor, object_type="test", object_id=str(n), summary={"n": n})
        for n in range(3)
    ]


def break_ids(report) -> list[int | None]:
    return [item.event_id for item in report.breaks]


# --- Appending ------------------------------------------------------------------------------


def test_audit_record_appends_a_row_linked_to_the_previous_head(cast):
    """audit_record appends one row whose prev_hash is the old chain head and moves the head to it."""
    actor = cast("hn_lianluo")
    head_before = AuditChainHead.objects.get(pk=1)
    count_before = AuditEvent.objects.count()

    event = audit_record(action="test.event", actor=actor, object_type="test", object_id="1", summary={"k": "v"})

    head_after = AuditChainHead.objects.get(pk=1)
    assert AuditEvent.objects.count() == count_before + 1
    assert event.prev_hash == head_before.last_hash
    assert event.hash != event.prev_hash and len(event.hash) == 64
    assert head_after.last_hash == event.hash
    assert head_after.length == head_before.length + 1
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor_id, stored.actor_label, stored.action, stored.summary) == (
        actor.pk, "hn_lianluo", "test.event", {"k": "v"}
    )


def test_first_row_of_the_chain_starts_from_the_genesis_hash():
    """The chain is anchored: the lowest id links to the all-zero genesis hash."""
    first = AuditEvent.objects.order_by("id").first()
    assert first is not None, "the demo world writes audit rows"
    assert first.prev_hash == GENESIS_HASH


def test_anonymous_actor_is_recorded_without_a_user():
    """An unauthenticated actor (AnonymousUser) is stored as no user, not as a fake account."""
    from django.contrib.auth.models import AnonymousUser

    event = audit_record(action="test.anonymous", actor=AnonymousUser(), actor_label="来访者")
    assert event.actor_id is None
    assert event.actor_label == "来访者"


# --- Verifying ------------------------------------------------------------------------------


def test_verify_passes_on_the_intact_demo_chain(cast):
    """The chain written by loading the demo world, plus new rows, verifies end to end."""
    three_new_events(cast("hn_lianluo"))
    report = audit_verify()
    assert report.ok, report.breaks
    assert report.checked == AuditEvent.objects.count() == AuditChainHead.objects.get(pk=1).length


def test_verify_with_small_chunks_gives_the_same_result(cast):
    """Verification streams rows in chunks; chunk boundaries must not matter."""
    three_new_events(cast("hn_lianluo"))
    assert audit_verify(chunk_size=7).ok


def test_edited_row_is_detected_at_that_row(cast):
    """A hand-edited row (trigger disabled, raw UPDATE) fails its own hash and is named (A9)."""
    first, middle, last = three_new_events(cast("hn_lianluo"))
    with append_only_trigger_disabled():
        raw_update_summary(middle.pk, {"n": 99})

    report = audit_verify()

    assert not report.ok
    assert break_ids(report) == [middle.pk]
    assert "被改动" in report.breaks[0].reason


@pytest.mark.parametrize(
    "column, value",
    [
        ("action", "test.harmless"),
        ("actor_label", "someone_else"),
        ("outcome", "failure"),
        ("object_id", "2"),
        ("ip", "10.0.0.9"),
        ("at", datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)),
    ],
)
def test_edit_of_any_recorded_field_is_detected(cast, column, value):
    """Every field that states who did what to which object is covered by the hash."""
    _, middle, _ = three_new_events(cast("hn_lianluo"))
    with append_only_trigger_disabled(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE core_auditevent SET {column} = %s WHERE id = %s", [value, middle.pk])  # noqa: S608
    assert break_ids(audit_verify()) == [middle.pk]


def test_rehashing_an_edited_row_without_the_key_still_breaks_the_next_link(cast):
    """Replacing a row's hash with any other value breaks the link of the row after it."""
    _, middle, last = three_new_events(cast("hn_lianluo"))
    with append_only_trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET hash = %s WHERE id = %s", ["f" * 64, middle.pk])
    report = audit_verify()
    assert middle.pk in break_ids(report)
    assert last.pk in break_ids(report)


def test_deleted_middle_row_is_detected_at_the_next_row(cast):
    """Deleting a row breaks the link of the row after it (A9)."""
    first, middle, last = three_new_events(cast("hn_lianluo"))
    with append_only_trigger_disabled():
        raw_delete(middle.pk)

    report = audit_verify()

    assert not report.ok
    assert last.pk in break_ids(report)
    assert any("链接断开" in item.reason for item in report.breaks if item.event_id == last.pk)


def test_deleted_last_row_is_detected_against_the_chain_head(cast):
    """Deleting the newest row leaves every link intact; the chain head's length and hash catch it."""
    first, middle, last = three_new_events(cast("hn_lianluo"))
    with append_only_trigger_disabled():
        raw_delete(last.pk)

    report = audit_verify()

    assert not report.ok
    assert len(report.breaks) == 1
    assert report.breaks[0].event_id == middle.pk
    assert "链尾不符" in report.breaks[0].reason


# --- The triggers -----------------------------------------------------------------------------


def _some_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e.pk).update(action="tampered"), id="orm-update"),
        pytest.param(lambda e: AuditEvent(**{**_fields(e), "action": "tampered"}).save(), id="orm-save"),
        pytest.param(lambda e: AuditEvent.objects.filter(pk=e.pk).delete(), id="orm-delete"),
        pytest.param(lambda e: raw_update_summary(e.pk, {"x": 1}), id="raw-update"),
        pytest.param(lambda e: raw_delete(e.pk), id="raw-delete"),
        pytest.param(lambda e: AuditEvent.objects.all().delete(), id="orm-delete-all"),
    ],
)
def test_update_and_delete_are_refused_by_the_database(attempt):
    """The append-only trigger refuses UPDATE and DELETE, whatever the client (等保 8.1.4.3 c)."""
    event = _some_event()
    count = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        attempt(event)
    assert AuditEvent.objects.count() == count
    assert AuditEvent.objects.get(pk=event.pk).action == event.action
    assert audit_verify().ok


def _fields(event: AuditEvent) -> dict:
    return {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}


# --- The console command ----------------------------------------------------------------------


def test_verify_command_reports_success():
    """`lianluo audit verify` prints the checked count and exits normally on an intact chain."""
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "哈希链校验通过" in out.getvalue()
    assert f"共 {AuditEvent.objects.count()} 条记录" in out.getvalue()


def test_verify_command_exits_1_and_names_the_row_on_a_tampered_chain(cast):
    """On a broken chain the command lists each break and exits with status 1 (for cron/monitoring)."""
    _, middle, _ = three_new_events(cast("hn_lianluo"))
    with append_only_trigger_disabled():
        raw_update_summary(middle.pk, {"n": -1})
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", stdout=out, stderr=err)

    assert exit_info.value.code == 1
    assert f"记录 {middle.pk}" in out.getvalue()
    assert "审计日志校验失败" in err.getvalue()


# --- Fail closed: audit and business write share one transaction --------------------------------


def _region_without_congress() -> Region:
    region = Region.objects.filter(level=3, congress__isnull=True).order_by("code").first()
    assert region is not None
    return region


def test_failed_business_transaction_rolls_back_its_audit_row():
    """If the business transaction fails after the audit row was written, neither survives (A9)."""
    region = _region_without_congress()
    count, head = AuditEvent.objects.count(), AuditChainHead.objects.get(pk=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        region_services.congress_ensure(region=region)
        assert AuditEvent.objects.count() == count + 1
        # The same one-to-one row again: the business write fails after the audit row exists.
        Congress.objects.create(region=region, level=region.level, name="重复")

    assert not Congress.objects.filter(region=region).exists()
    assert AuditEvent.objects.count() == count
    assert AuditChainHead.objects.get(pk=1).last_hash == head.last_hash
    assert audit_verify().ok


def test_failed_audit_write_rolls_back_the_business_write():
    """If the audit row cannot be written, the change it would record is not made (fail closed, A9)."""
    region = _region_without_congress()
    AuditChainHead.objects.all().delete()  # the audit chain is unusable

    with pytest.raises(AuditChainHead.DoesNotExist):
        region_services.congress_ensure(region=region)

    assert not Congress.objects.filter(region=region).exists()


# --- No personal data in audit rows -----------------------------------------------------------


def test_no_unmasked_mobile_number_in_any_demo_audit_row():
    """Audit rows hold masked mobiles only (SECURITY.md A8; PIPL Art 51): no 1[3-9]\\d{9} in any text."""
    rows = list(AuditEvent.objects.values_list("summary", "object_label", "actor_label"))
    texts = [json.dumps(summary, ensure_ascii=False) + " " + label + " " + actor for summary, label, actor in rows]
    leaks = [text for text in texts if MOBILE.search(text)]
    assert leaks == []
    # The scan looks where mobiles would be: account creation records the masked form.
    assert any("139****0003" in text for text in texts)
