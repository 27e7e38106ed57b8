"""``lianluo seed``: refuses a database with data unless forced, builds every kind of row, encrypts personal data."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lianluo.casework.models import Constituent, Issue, IssueEvent, IssueSearch
from lianluo.core.crypto import CIPHERTEXT_PREFIX, provider
from lianluo.core.validators import id_number_is_valid
from lianluo.deputies.models import Mandate, Person
from lianluo.stations.models import Reception, Station, StationDeputy


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in
            (Person, Mandate, Station, StationDeputy, Reception, Issue, Constituent, IssueEvent, IssueSearch)}


def test_seed_refuses_a_database_with_data(db):
    """The demo world is loaded in the test database: without --force nothing is written."""
    before = counts()
    with pytest.raises(CommandError, match="已有"):
        call_command("seed", "--scale", "tiny")
    assert counts() == before


def test_seed_tiny_builds_every_kind_of_row_with_personal_data_encrypted(db, capsys):
    before = counts()
    call_command("seed", "--scale", "tiny", "--force", "--seed", "3")
    after = counts()
    added = {name: after[name] - before[name] for name in after}
    assert added["Issue"] == 300
    assert added["Mandate"] >= 40 and added["Person"] >= 40
    assert added["Station"] == 6 and added["StationDeputy"] > 0 and added["Reception"] == 12
    assert added["Constituent"] > 250 and added["IssueEvent"] >= 300
    assert after["IssueSearch"] == after["Issue"]
    statuses = set(Issue.objects.filter(number__contains="-").values_list("status", flat=True))
    assert {"received", "forwarded", "closed"} <= statuses
    with connection.cursor() as cursor:
        cursor.execute("SELECT mobile, id_number, name FROM casework_constituent ORDER BY id DESC LIMIT 50")
        rows = cursor.fetchall()
        cursor.execute("SELECT id_number, mobile FROM deputies_person ORDER BY id DESC LIMIT 50")
        persons = cursor.fetchall()
    assert all(mobile.startswith(CIPHERTEXT_PREFIX) and name.startswith(CIPHERTEXT_PREFIX)
               for mobile, _id, name in rows)
    assert all(id_number.startswith(CIPHERTEXT_PREFIX) for id_number, _mobile in persons)
    number = provider().decrypt(persons[0][0], purpose="id_number")
    assert id_number_is_valid(number)
    person = Person.objects.order_by("-id").first()
    assert id_number_is_valid(person.id_number) and len(person.mobile) == 11
    # The roster walks the mandates' own copies of the official sort keys: seeded rows must carry them.
    seeded = Mandate.objects.filter(person__in=Person.objects.order_by("-id")[:40]).select_related("person")
    assert all(m.strokes_key and m.strokes_key == m.person.name_strokes_key and m.pinyin_key for m in seeded)
    assert "基准数据就绪" in capsys.readouterr().out


def test_texts_are_deterministic_for_a_seed():
    import random

    from lianluo.seed import texts

    assert texts.compose(random.Random(1), 0, "星沙") == texts.compose(random.Random(1), 0, "星沙")
    assert texts.compose(random.Random(1), 0, "星沙") != texts.compose(random.Random(2), 0, "星沙")
