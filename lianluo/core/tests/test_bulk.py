"""Bulk writes through one prepared statement (lianluo/core/bulk.py), on SQLite and PostgreSQL alike.

The rows must come out as ``save()`` would have written them: encrypted fields hold ciphertext, timestamps and
defaults are filled, reserved ids link child rows, and the database hands out later ids above the reserved ones.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from lianluo.core.bulk import insert_rows, reserve_ids, update_rows
from lianluo.core.crypto import CIPHERTEXT_PREFIX
from lianluo.core.fields import blind_index
from lianluo.deputies.models import Mandate, MandateEvent, Person
from lianluo.regions.models import Term

PERSON_FIELDS = ["id", "name", "gender", "birth_date", "id_number", "mobile", "id_number_index", "name_strokes_key",
                 "name_pinyin_key"]


def person_row(pk, name, id_number="", mobile=""):
    keys = Person.derived_values(name=name, id_number=id_number)
    return (pk, name, "female", datetime.date(1980, 5, 1), id_number, mobile, keys["id_number_index"],
            keys["name_strokes_key"], keys["name_pinyin_key"])


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 (test constants)
        return cursor.fetchone()[0]


@pytest.fixture
def term(db):
    return Term.objects.get(congress__region_id="430121")


def test_reserved_ids_are_new_and_link_child_rows(term):
    highest = Person.objects.order_by("-id").values_list("id", flat=True).first()
    ids = reserve_ids(Person, 3)
    assert len(set(ids)) == 3 and min(ids) > highest
    before = timezone.now()
    assert insert_rows(Person, PERSON_FIELDS, [
        person_row(ids[0], "甲乙", "11010519491231002X", "13800001111"),
        person_row(ids[1], "丙丁"),
        person_row(ids[2], "欧阳戊"),
    ]) == 3
    mandate_ids = reserve_ids(Mandate, 3)
    insert_rows(Mandate, ["id", "person_id", "term_id", "region_id", "started_on"],
                [(m, p, term.pk, term.congress.region_id, term.start_date) for m, p in zip(mandate_ids, ids,
                                                                                            strict=True)])

    first = Person.objects.get(pk=ids[0])
    assert (first.name, first.gender, first.birth_date) == ("甲乙", "female", datetime.date(1980, 5, 1))
    assert first.id_number == "11010519491231002X" and first.mobile == "13800001111"
    assert first.user_id is None  # a field not named gets its default
    assert before <= first.created_at == first.updated_at <= timezone.now()  # auto_now(_add) filled
    assert first.id_number_index == blind_index("11010519491231002X", purpose="id_number")
    saved = Person(name="甲乙", gender="female")
    saved.save()
    assert (first.name_strokes_key, first.name_pinyin_key) == (saved.name_strokes_key, saved.name_pinyin_key)
    assert saved.pk > max(ids)  # the database hands out ids after the reserved ones
    mandates = Mandate.objects.filter(pk__in=mandate_ids).order_by("id")
    assert [m.person_id for m in mandates] == ids
    assert {(m.status, m.end_reason, m.ended_on) for m in mandates} == {("serving", "", None)}


def test_encrypted_fields_hold_ciphertext_and_empty_stays_empty(db):
    [pk] = reserve_ids(Person, 1)
    insert_rows(Person, PERSON_FIELDS, [person_row(pk, "甲乙", "11010519491231002X", "")])
    stored = raw("deputies_person", "id_number", pk)
    assert stored.startswith(CIPHERTEXT_PREFIX) and "11010519491231002X" not in stored
    assert raw("deputies_person", "mobile", pk) == ""


def test_rows_without_ids_get_ids_from_the_database_and_callable_defaults_per_row(term):
    mandate = Mandate.objects.filter(term=term).first()
    before = MandateEvent.objects.count()
    insert_rows(MandateEvent, ["mandate", "kind", "note"], [(mandate.pk, "imported", "一"),
                                                            (mandate.pk, "imported", "二")])
    events = list(MandateEvent.objects.order_by("-id")[:2])
    assert MandateEvent.objects.count() == before + 2
    assert {e.note for e in events} == {"一", "二"} and all(e.changes == {} and e.actor_id is None for e in events)


def test_later_reservations_follow_inserted_ids(db):
    first = reserve_ids(Person, 2)
    insert_rows(Person, PERSON_FIELDS, [person_row(first[0], "甲"), person_row(first[1], "乙")])
    assert min(reserve_ids(Person, 2)) > max(first)


def test_ids_of_deleted_rows_are_not_reserved_again(db):
    ids = reserve_ids(Person, 2)
    insert_rows(Person, PERSON_FIELDS, [person_row(ids[0], "甲"), person_row(ids[1], "乙")])
    if connection.vendor == "sqlite":  # explicit ids advance the AUTOINCREMENT counter
        with connection.cursor() as cursor:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = 'deputies_person'")
            assert cursor.fetchone()[0] == ids[1]
    Person.objects.filter(pk=ids[1]).delete()
    assert min(reserve_ids(Person, 1)) > ids[1]


def test_update_rows_writes_the_named_fields_only(db):
    [pk] = reserve_ids(Person, 1)
    insert_rows(Person, PERSON_FIELDS, [person_row(pk, "甲乙", mobile="13800001111")])
    created = Person.objects.get(pk=pk)
    later = created.updated_at + datetime.timedelta(minutes=5)
    assert update_rows(Person, ["mobile", "party", "updated_at"], [(pk, "13900002222", "群众", later)]) == 1
    person = Person.objects.get(pk=pk)
    assert (person.mobile, person.party, person.updated_at, person.name) == ("13900002222", "群众", later, "甲乙")
    assert person.created_at == created.created_at
    assert raw("deputies_person", "mobile", pk).startswith(CIPHERTEXT_PREFIX)


def test_bad_calls_are_refused_without_echoing_values(db):
    with pytest.raises(ValueError, match="named twice"):
        insert_rows(Person, ["name", "name"], [])
    with pytest.raises(ValueError, match="named twice"):
        insert_rows(Person, ["name"], [], same={"name": "甲乙"})
    with pytest.raises(ValueError, match="not a column"):
        insert_rows(Person, ["mandates"], [])
    with pytest.raises(ValueError) as error:
        insert_rows(Person, ["name", "mobile"], [("甲乙",)])
    assert "甲乙" not in str(error.value)
    assert reserve_ids(Person, 0) == []


def test_awkward_text_and_json_arrive_intact(term):
    mandate = Mandate.objects.filter(term=term).first()
    note = "制表\t换行\n反斜杠\\N 引号'\""
    changes = {"name": ["甲\t乙", "丙\\N"], "nested": {"list": [1, None, "\n"]}}
    insert_rows(MandateEvent, ["mandate_id", "note", "changes"], [(mandate.pk, note, changes)],
                same={"kind": "imported"})
    event = MandateEvent.objects.latest("id")
    assert (event.note, event.changes, event.kind) == (note, changes, "imported")
