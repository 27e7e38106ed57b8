"""Recompute the name sort keys of existing persons and copy them onto their mandates (ordering.py)."""

from django.db import migrations


def recompute(apps, schema_editor):
    from lianluo.deputies.ordering import pinyin_key, strokes_key

    Person = apps.get_model("deputies", "Person")
    Mandate = apps.get_model("deputies", "Mandate")
    batch = []
    for person in Person.objects.only("id", "name").iterator(chunk_size=2000):
        person.name_strokes_key, person.name_pinyin_key = strokes_key(person.name), pinyin_key(person.name)
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["name_strokes_key", "name_pinyin_key"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["name_strokes_key", "name_pinyin_key"])
    keys = {pk: (s, p) for pk, s, p in Person.objects.values_list("id", "name_strokes_key", "name_pinyin_key")}
    mandates = []
    for mandate in Mandate.objects.only("id", "person_id").iterator(chunk_size=2000):
        mandate.strokes_key, mandate.pinyin_key = keys[mandate.person_id]
        mandates.append(mandate)
    Mandate.objects.bulk_update(mandates, ["strokes_key", "pinyin_key"], batch_size=2000)


class Migration(migrations.Migration):

    dependencies = [
        ("deputies", "0003_roster_history"),
    ]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
