import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lianluo.core.models import AuditEvent
from lianluo.deputies.models import Mandate, Person
from lianluo.deputies.services import deputy_register
from lianluo.regions.models import Term


@pytest.fixture
def county_term(db):
    return Term.objects.get(congress__region_id="430121")


def test_bad_identity_number_is_refused_with_the_field_named(county_term):
    """A wrong GB 11643 check digit is refused in Chinese, naming 身份证号, and nothing is written."""
    people, events = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        deputy_register(term=county_term, name="测试", gender="male", started_on=county_term.start_date,
                        id_number="430121199001011230")
    assert "身份证号" in caught.value.message_dict["id_number"][0]
    assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_one_person_can_hold_seats_at_two_levels(db):
    """The demo's first county deputy is also a provincial deputy: one person, two mandates."""
    multi = [p for p in Person.objects.all() if p.mandates.count() == 2]
    assert len(multi) == 1
    levels = sorted(m.term.congress.level for m in multi[0].mandates.all())
    assert levels == [1, 3]


def test_identity_numbers_are_encrypted_at_rest(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM deputies_person")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(value.startswith("sm4gcm1:") for value in stored)


def test_an_ended_mandate_needs_its_legal_reason_and_date(county_term):
    """Termination is recorded with a ground of 代表法 Art 62 and a date; the database refuses less."""
    mandate = Mandate.objects.filter(term=county_term).first()
    mandate.status = Mandate.Status.ENDED
    with pytest.raises(IntegrityError), transaction.atomic():
        mandate.save()
    mandate.ended_on = datetime.date(2025, 6, 30)
    mandate.end_reason = Mandate.EndReason.MOVED_AWAY
    mandate.save()
    assert Mandate.objects.get(pk=mandate.pk).get_end_reason_display() == "迁出或者调离本行政区域"


def test_api_roster_is_scoped(signed_in):
    data = signed_in("csx_lianluo").get("/api/v1/deputies?limit=500").json()
    assert len(data) == 13  # twelve generated deputies and 黄志勇 (the demo deputy account)
    assert {row["congress"] for row in data} == {"长沙县人民代表大会"}
    assert all("****" in row["mobile"] for row in data)
    province = signed_in("hn_lianluo").get("/api/v1/deputies?limit=500").json()
    assert len(province) == 38
