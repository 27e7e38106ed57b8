"""Roster pages, mandate termination (代表法 Art 62), contacts, visits, coverage and scoping."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lianluo.core.models import AuditEvent
from lianluo.deputies import selectors
from lianluo.deputies.models import Contact, Mandate, MandateEvent, Visit
from lianluo.deputies.services import (
    contact_assign,
    contact_end,
    mandate_end,
    mandate_update,
    person_update,
    visit_follow_up_done,
    visit_record,
)
from lianluo.regions.models import StandingCommitteeMember


@pytest.fixture
def county_mandate(db):
    return Mandate.objects.filter(term__congress__region_id="430121", status="serving").order_by("id").last()


def test_mandate_end_art62_records_reason_date_history_and_audit(county_mandate, cast):
    """代表法 Art 62: a mandate ends on a listed ground, with its date; history and audit rows are written."""
    actor = cast("csx_lianluo")
    ended = mandate_end(mandate=county_mandate, reason=Mandate.EndReason.MOVED_AWAY,
                        ended_on=datetime.date(2025, 6, 30), actor=actor)
    assert ended.status == "ended" and ended.get_end_reason_display() == "迁出或者调离本行政区域"
    event = MandateEvent.objects.get(mandate=ended, kind="ended")
    assert event.actor == actor and event.changes["end_reason"] == ["", "moved_away"]
    assert AuditEvent.objects.filter(action="deputy.mandate_end", object_id=str(ended.pk)).exists()
    with pytest.raises(ValidationError):
        mandate_end(mandate=ended, reason="resigned", ended_on=datetime.date(2025, 7, 1), actor=actor)


@pytest.mark.parametrize(("reason", "ended_on", "field"), [
    ("fired", datetime.date(2025, 1, 1), "reason"),
    ("resigned", datetime.date.today() + datetime.timedelta(days=3), "ended_on"),
    ("resigned", datetime.date(2000, 1, 1), "ended_on"),
])
def test_mandate_end_art62_refuses_bad_input_and_changes_nothing(county_mandate, reason, ended_on, field):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        mandate_end(mandate=county_mandate, reason=reason, ended_on=ended_on)
    assert field in caught.value.message_dict
    county_mandate.refresh_from_db()
    assert county_mandate.status == "serving" and AuditEvent.objects.count() == events


def test_mandate_end_art62_page(signed_in, county_mandate):
    client = signed_in("csx_lianluo")
    page = client.post(f"/deputies/{county_mandate.pk}/end/", {"reason": "", "ended_on": "2025-06-30"})
    assert page.status_code == 200 and "请选择" in page.content.decode()
    done = client.post(f"/deputies/{county_mandate.pk}/end/", {"reason": "resigned", "ended_on": "2025-06-30"})
    assert done.status_code == 302
    county_mandate.refresh_from_db()
    assert county_mandate.end_reason == "resigned"


def test_person_update_follows_name_keys_and_masks_history(county_mandate, cast):
    person = person_update(person=county_mandate.person, name="欧阳新", mobile="13812345678",
                           actor=cast("csx_lianluo"))
    county_mandate.refresh_from_db()
    assert county_mandate.strokes_key == person.name_strokes_key
    event = MandateEvent.objects.filter(mandate=county_mandate, kind="updated").latest("id")
    assert event.changes["mobile"][1] == "138****5678" and event.changes["name"][1] == "欧**"
    with pytest.raises(ValidationError) as caught:
        person_update(person=person, id_number="430121199001011230")
    assert "身份证号" in caught.value.message_dict["id_number"][0]


def test_mandate_update_refuses_a_delegation_of_another_term(county_mandate):
    from lianluo.regions.models import Delegation

    other = Delegation.objects.exclude(term=county_mandate.term).first()
    with pytest.raises(ValidationError) as caught:
        mandate_update(mandate=county_mandate, delegation=other)
    assert "delegation" in caught.value.message_dict
    updated = mandate_update(mandate=county_mandate, constituency="第20选区")
    assert updated.constituency == "第20选区"


def test_roster_filters_order_and_keyset_pages(signed_in):
    client = signed_in("hn_lianluo")
    page = client.get("/deputies/?level=3&order=strokes")
    rows = page.context["mandates"]
    keys = [m.strokes_key for m in rows]
    assert keys == sorted(keys) and page.context["stats"]["total"] == len(rows)
    qs = selectors.mandate_list(user=page.wsgi_request.user, filters=selectors.RosterFilters(order="pinyin"))
    first, cursor = selectors.roster_page(qs, order="pinyin", after="", size=10)
    second, _ = selectors.roster_page(qs, order="pinyin", after=cursor, size=10)
    assert cursor and not {m.pk for m in first} & {m.pk for m in second}
    assert first[-1].pinyin_key <= second[0].pinyin_key
    women = client.get("/deputies/?gender=female").context["mandates"]
    assert women and all(m.person.gender == "female" for m in women)
    minority = client.get("/deputies/?ethnicity=minority").context["mandates"]
    assert all(m.person.ethnicity != "汉族" for m in minority)
    cpc = client.get("/deputies/?party=cpc").context["mandates"]
    assert all(m.person.party == "中国共产党" for m in cpc)


def test_roster_is_scoped_to_jurisdiction(signed_in):
    rows = signed_in("csx_lianluo").get("/deputies/").context["mandates"]
    assert rows and {m.region_id for m in rows} == {"430121"}
    province = signed_in("hn_lianluo").get(f"/deputies/{rows[0].pk}/")
    assert province.status_code == 200
    outsider = Mandate.objects.filter(region_id="43").first()
    assert signed_in("csx_lianluo").get(f"/deputies/{outsider.pk}/").status_code == 404


def test_composition_figures_add_up(signed_in):
    page = signed_in("hn_lianluo").get("/deputies/composition/")
    stats = page.context["stats"]
    assert stats["total"] == Mandate.objects.count()
    for figure in stats["figures"].values():
        assert sum(i["count"] for i in figure["items"]) == stats["total"]
    assert {i["label"] for i in stats["figures"]["party"]["items"]} == {"中共", "民主党派", "无党派"}
    assert "少数民族" in page.content.decode()


@pytest.fixture
def member(db):
    return StandingCommitteeMember.objects.get(committee__term__congress__region_id="43", name="王丽华")


def test_demo_member_is_linked_and_has_fixed_deputies(member, signed_in):
    assert member.user.username == "hn_changwei"
    page = signed_in("hn_changwei").get("/deputies/contacts/")
    assert page.status_code == 200 and page.context["member"] == member
    assert len(page.context["contacts"]) == 3


def test_contact_assign_needs_the_same_congress_term(member, cast):
    county = Mandate.objects.filter(region_id="430121").first()
    with pytest.raises(ValidationError) as caught:
        contact_assign(member=member, mandate=county, actor=cast("hn_lianluo"))
    assert "本届本级" in caught.value.message_dict["mandate"][0]
    taken = Contact.objects.filter(member=member).first().mandate
    with pytest.raises(ValidationError):
        contact_assign(member=member, mandate=taken)


def test_visits_follow_ups_and_coverage(member, cast):
    actor = cast("hn_changwei")
    contacts = list(Contact.objects.filter(member=member).order_by("id"))
    year = datetime.date.today().year
    rows = {r["member"].pk: r for r in selectors.coverage(user=actor, year=year)}
    assert rows[member.pk]["fixed"] == 3 and list(rows) == [member.pk]
    visit = visit_record(contact=contacts[1], visited_on=datetime.date.today(), heard="建议增加公交班次",
                         follow_up="转交通部门", follow_up_due=datetime.date.today(), actor=actor)
    visit_record(contact=contacts[1], visited_on=datetime.date.today(), heard="再次座谈", way="forum", actor=actor)
    rows = {r["member"].pk: r for r in selectors.coverage(user=actor, year=year)}
    assert (rows[member.pk]["visited"], rows[member.pk]["visits"]) == (1, 2)
    visit_follow_up_done(visit=visit, actor=actor)
    assert Visit.objects.get(pk=visit.pk).follow_up_done_on == datetime.date.today()
    old = {r["member"].pk: r for r in selectors.coverage(user=actor, year=2025)}
    assert old[member.pk]["overdue"] == 1  # the demo visit's follow-up is past its date
    with pytest.raises(ValidationError) as caught:
        visit_record(contact=contacts[0], visited_on=datetime.date.today() + datetime.timedelta(days=1), heard="")
    assert {"visited_on", "heard"} <= set(caught.value.message_dict)


def test_contact_end_and_visit_page(member, signed_in, cast):
    contact = Contact.objects.filter(member=member).first()
    client = signed_in("hn_changwei")
    bad = client.post(f"/deputies/contacts/{contact.pk}/visits/new/", {"visited_on": "2025-01-01", "way": "visit"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    ok = client.post(f"/deputies/contacts/{contact.pk}/visits/new/",
                     {"visited_on": "2025-05-01", "way": "phone", "heard": "意见"})
    assert ok.status_code == 302
    ended = contact_end(contact=contact, actor=cast("hn_lianluo"))
    assert ended.ended_on == datetime.date.today()


def test_committee_member_sees_only_own_contacts(member, signed_in):
    other = StandingCommitteeMember.objects.filter(committee=member.committee).exclude(pk=member.pk).first()
    mandate = Mandate.objects.filter(term=member.committee.term).order_by("-id").first()
    contact = contact_assign(member=other, mandate=mandate)
    assert signed_in("hn_changwei").get(f"/deputies/contacts/{contact.pk}/visits/new/").status_code == 404
    assert signed_in("hn_lianluo").get(f"/deputies/contacts/{contact.pk}/visits/new/").status_code == 200
