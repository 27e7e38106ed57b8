"""Writes to persons and mandates (audited, atomic)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.core.audit import audit_record
from lianluo.core.fields import blind_index
from lianluo.core.masking import mask_id_number
from lianluo.core.validators import id_number_is_valid, normalise_mobile
from lianluo.deputies.models import Mandate, Person
from lianluo.regions.models import Term


def deputy_register(
    *, term: Term, name: str, gender: str, started_on: datetime.date, ethnicity: str = "汉族",
    birth_date: datetime.date | None = None, party: str = "", occupation: str = "", id_number: str = "",
    mobile: str = "", delegation=None, deputy_group=None, constituency: str = "", actor=None,
) -> Mandate:
    """Record a deputy's seat in a term, reusing the person when the identity number is known.

    Identity numbers are checked against the GB 11643 check digit and stored encrypted.
    """
    errors = {}
    if not name.strip():
        errors["name"] = "姓名不能为空。"
    if gender not in Person.Gender.values:
        errors["gender"] = "性别应为“男”或“女”。"
    id_number = id_number.strip().upper()
    if id_number and not id_number_is_valid(id_number):
        errors["id_number"] = "身份证号不正确（位数或校验位不符）。"
    if mobile and not normalise_mobile(mobile):
        errors["mobile"] = "联系电话应为 11 位手机号码。"
    if delegation is not None and delegation.term_id != term.pk:
        errors["delegation"] = "代表团不属于该届人大。"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        person = None
        if id_number:
            person = Person.objects.select_for_update().filter(
                id_number_index=blind_index(id_number, purpose="id_number")
            ).first()
        if person is None:
            person = Person.objects.create(
                name=name.strip(), gender=gender, ethnicity=ethnicity, birth_date=birth_date, party=party,
                occupation=occupation, id_number=id_number, mobile=normalise_mobile(mobile),
            )
        mandate, created = Mandate.objects.get_or_create(
            person=person, term=term,
            defaults={"region_id": term.congress.region_id, "delegation": delegation, "deputy_group": deputy_group,
                      "constituency": constituency, "started_on": started_on},
        )
        if created:
            audit_record(action="deputy.register", actor=actor, obj=mandate,
                         summary={"after": {"name": person.name, "term": term.pk,
                                            "id_number": mask_id_number(id_number)}})
    return mandate
