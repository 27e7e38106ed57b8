"""A direct election through the services: constituencies, the roll, candidates, tallies, results, corrections.
Each rule's test names its article."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.models import AuditEvent
from lianluo.demo.elections import _id_number
from lianluo.elections import services
from lianluo.elections.models import ElectionEvent, ElectionStatus, Result, Voter
from lianluo.elections.tests.conftest import DAY
from lianluo.regions.models import Region


@pytest.fixture
def seat(election, staff):
    """One constituency with one seat, 10 voters, 2 formal candidates and one polling station."""
    constituency = services.constituency_add(election=election, number=1, name="春华村", seats=1, actor=staff)
    for n in range(10):
        services.voter_register(constituency=constituency, name=f"选民{n}", actor=staff,
                                id_number=_id_number(datetime.date(1980, 1, n + 1), 500 + n))
    for name in ("甲某", "乙某"):
        services.candidate_add(constituency=constituency, name=name, nominated_by="party", nominator=f"{name}推荐单位",
                               actor=staff)
    services.candidates_formalise(constituency=constituency, actor=staff)
    station = services.station_add(constituency=constituency, name="春华村投票站", actor=staff)
    return constituency, station


def test_only_county_and_township_congresses_hold_direct_elections_art_3(staff):
    with pytest.raises(ValidationError) as error:
        services.election_create(actor=staff, region=Region.objects.get(pk="4301"), title="x", election_day=DAY,
                                 committee="c")
    assert "region" in error.value.message_dict


def test_outside_the_jurisdiction_nobody_may_organise(cast):
    with pytest.raises(PermissionDeniedError):
        services.election_create(actor=cast("csx_daibiao"),
                                 region=Region.objects.get(pk="430121106"), title="x", election_day=DAY,
                                 committee="c")


def test_a_constituency_elects_one_to_three_art_25(election, staff):
    with pytest.raises(ValidationError) as error:
        services.constituency_add(election=election, number=1, name="大选区", seats=4, actor=staff)
    assert "第二十五条" in error.value.message_dict["seats"][0]


def test_voters_must_be_eighteen_on_election_day_art_4(election, staff):
    constituency = services.constituency_add(election=election, number=1, name="春华村", seats=1, actor=staff)
    services.voter_register(constituency=constituency, name="满十八", actor=staff,
                            id_number=_id_number(datetime.date(2008, 12, 20), 1))
    with pytest.raises(ValidationError) as error:
        services.voter_register(constituency=constituency, name="差一天", actor=staff,
                                id_number=_id_number(datetime.date(2008, 12, 21), 2))
    assert "十八周岁" in error.value.message_dict["id_number"][0]


def test_one_registration_per_person_per_election_art_5(election, staff):
    first = services.constituency_add(election=election, number=1, name="一", seats=1, actor=staff)
    second = services.constituency_add(election=election, number=2, name="二", seats=1, actor=staff)
    number = _id_number(datetime.date(1970, 5, 5), 9)
    voter = services.voter_register(constituency=first, name="王某", id_number=number, actor=staff)
    with pytest.raises(ValidationError) as error:
        services.voter_register(constituency=second, name="王某", id_number=number, actor=staff)
    assert "第1选区" in error.value.message_dict["id_number"][0]
    stored = Voter.objects.filter(pk=voter.pk).values_list("id_number", flat=True)
    assert voter.id_number == number  # decrypted in Python
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM elections_voter WHERE id = %s", [voter.pk])
        assert number not in cursor.fetchone()[0]  # encrypted at rest
    assert list(stored) == [number]


def test_a_bad_identity_number_is_refused_naming_the_field(election, staff):
    constituency = services.constituency_add(election=election, number=1, name="一", seats=1, actor=staff)
    with pytest.raises(ValidationError) as error:
        services.voter_register(constituency=constituency, name="王某", id_number="430121198001010000",
                                actor=staff)
    assert list(error.value.message_dict) == ["id_number"]
    assert not Voter.objects.filter(election=election).exists()


def test_voters_nominating_need_ten_and_no_nominator_exceeds_the_seats_art_30(election, staff):
    constituency = services.constituency_add(election=election, number=1, name="一", seats=1, actor=staff)
    with pytest.raises(ValidationError) as error:
        services.candidate_add(constituency=constituency, name="丙某", nominated_by="voters", nominator="张某等",
                               cosigners=9, actor=staff)
    assert "第三十条" in error.value.message_dict["cosigners"][0]
    services.candidate_add(constituency=constituency, name="甲某", nominated_by="party", nominator="某党委",
                           actor=staff)
    with pytest.raises(ValidationError) as error:
        services.candidate_add(constituency=constituency, name="乙某", nominated_by="party", nominator="某党委",
                               actor=staff)
    assert "应选代表名额" in error.value.message_dict["nominator"][0]


def test_the_formal_list_keeps_the_ratio_art_31(election, staff):
    constituency = services.constituency_add(election=election, number=1, name="一", seats=1, actor=staff)
    services.candidate_add(constituency=constituency, name="甲某", nominated_by="party", nominator="甲",
                           actor=staff)
    with pytest.raises(ValidationError) as error:
        services.candidates_formalise(constituency=constituency, actor=staff)
    assert "2 名" in error.value.message_dict["candidates"][0]


def test_a_tally_that_cannot_be_true_is_refused_and_changes_nothing(seat, staff):
    constituency, station = seat
    with pytest.raises(ValidationError) as error:
        services.tally_enter(station=station, actor=staff, voters_voted=8, ballots_issued=8, ballots_cast=9,
                             ballots_invalid=0, votes={"甲某": 5, "乙某": 3})
    assert "ballots_cast" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.tally_enter(station=station, actor=staff, voters_voted=8, ballots_issued=8, ballots_cast=8,
                             ballots_invalid=0, votes={"甲某": 5, "乙某": 4})
    assert "第四十四条" in error.value.message_dict["votes"][0]
    assert not station.tallies.exists()


def test_the_whole_count_to_certificates_with_history_and_audit(seat, staff):
    """Tally, decide (选举法 Art 45 ¶1: more than half of those who voted), publish, and the figures can be decided
    again from what was stored."""
    constituency, station = seat
    audit_before = AuditEvent.objects.count()
    services.tally_enter(station=station, actor=staff, voters_voted=8, ballots_issued=9, ballots_cast=8,
                         ballots_invalid=1, votes={"甲某": 5, "乙某": 2})
    assert constituency.election.__class__.objects.get(pk=constituency.election_id).status == ElectionStatus.VOTING
    preview = services.result_preview(constituency=constituency)
    assert preview["threshold"] == 5 and preview["elected"] == ["甲某"]
    result = services.result_publish(constituency=constituency, actor=staff)
    assert result.decision == preview and result.electorate == 10 and services.result_verify(result)
    assert constituency.election.__class__.objects.get(pk=constituency.election_id).status == ElectionStatus.CLOSED
    assert AuditEvent.objects.count() >= audit_before + 2
    assert list(ElectionEvent.objects.filter(constituency=constituency).values_list("action", flat=True))[-2:] == [
        "tally_enter", "result_publish"]
    with pytest.raises(ServiceError):
        services.result_publish(constituency=constituency, actor=staff)


def test_turnout_not_above_half_voids_the_election_art_45_1(seat, staff):
    constituency, station = seat
    services.tally_enter(station=station, actor=staff, voters_voted=5, ballots_issued=5, ballots_cast=5,
                         ballots_invalid=0, votes={"甲某": 5, "乙某": 0})
    result = services.result_publish(constituency=constituency, actor=staff)
    assert result.decision["valid"] is False and result.decision["void_reasons"] == ["turnout_not_majority"]


def test_a_published_result_is_corrected_only_by_a_new_recorded_decision(seat, staff):
    constituency, station = seat
    services.tally_enter(station=station, actor=staff, voters_voted=8, ballots_issued=8, ballots_cast=8,
                         ballots_invalid=0, votes={"甲某": 4, "乙某": 4})
    first = services.result_publish(constituency=constituency, actor=staff)
    # Tied candidates go to the runoff in ballot order (surname strokes: 乙 before 甲).
    assert first.decision["elected"] == [] and first.decision["runoff"]["order"] == ["乙某", "甲某"]
    services.tally_enter(station=station, actor=staff, voters_voted=8, ballots_issued=8, ballots_cast=8,
                         ballots_invalid=0, votes={"甲某": 5, "乙某": 3})
    assert services.tallies_changed_since(first)
    with pytest.raises(ValidationError):
        services.result_correct(result=first, actor=staff, reason=" ")
    second = services.result_correct(result=first, actor=staff, reason="复核发现第一投票站误记两票")
    assert second.replaces == first and second.decision["elected"] == ["甲某"]
    first.refresh_from_db()
    assert first.decision["elected"] == [] and not first.current and services.result_verify(first)
    with pytest.raises(ServiceError):
        services.result_correct(result=first, actor=staff, reason="再次更正")
    assert Result.objects.filter(constituency=constituency).count() == 2


def test_a_runoff_for_the_unfilled_seat_art_45_4_and_5(seat, staff):
    constituency, station = seat
    services.tally_enter(station=station, actor=staff, voters_voted=8, ballots_issued=8, ballots_cast=8,
                         ballots_invalid=0, votes={"甲某": 4, "乙某": 3})
    services.result_publish(constituency=constituency, actor=staff)
    assert services.round_candidates(constituency, "runoff") == ["甲某", "乙某"]
    services.tally_enter(station=station, actor=staff, round_="runoff", voters_voted=7, ballots_issued=7,
                         ballots_cast=7, ballots_invalid=0, votes={"甲某": 3, "乙某": 2})
    runoff = services.result_publish(constituency=constituency, actor=staff, round_="runoff")
    assert runoff.seats == 1 and runoff.decision["threshold"] == 3 and runoff.decision["elected"] == ["甲某"]


def test_recording_publications_shows_late_ones_art_28_32(election, staff):
    services.election_record_publication(election=election, step="roll", day=DAY - datetime.timedelta(days=19),
                                         actor=staff)
    event = ElectionEvent.objects.filter(election=election, action="publish_roll").get()
    assert event.data["late"] is True
    states = {s.key: s.state(DAY - datetime.timedelta(days=10)) for s in services.timetable_of(
        election.__class__.objects.get(pk=election.pk))}
    assert states == {"roll": "late", "candidates": "overdue", "formal": "due"}


def test_managing_needs_an_election_role_in_the_region(seat, cast):
    constituency, station = seat
    with pytest.raises(PermissionDeniedError):
        services.tally_enter(station=station, actor=cast("hn_changwei"), voters_voted=1, ballots_issued=1,
                             ballots_cast=1, ballots_invalid=0, votes={})


def test_removing_a_voter_needs_a_reason_and_leaves_the_electorate_art_27(seat, staff):
    constituency, _station = seat
    voter = constituency.voters.first()
    with pytest.raises(ValidationError):
        services.voter_remove(voter=voter, reason="", actor=staff)
    services.voter_remove(voter=voter, reason="已迁出本选区", actor=staff)
    from lianluo.elections import selectors

    assert selectors.registered_voters(constituency) == 9
    with pytest.raises(ServiceError):
        services.voter_remove(voter=voter, reason="再次", actor=staff)


def test_a_preliminary_candidate_can_be_withdrawn_a_formal_one_cannot_art_32(election, staff):
    constituency = services.constituency_add(election=election, number=1, name="一", seats=1, actor=staff)
    names = [services.candidate_add(constituency=constituency, name=n, nominated_by="party", nominator=n,
                                    actor=staff) for n in ("甲某", "乙某", "丙某")]
    services.candidate_withdraw(candidate=names[2], reason="预选未列入", actor=staff)
    # The ballot lists them by surname strokes: 乙 (1 stroke) before 甲 (5).
    assert [c.name for c in services.candidates_formalise(constituency=constituency, actor=staff)] == ["乙某", "甲某"]
    with pytest.raises(ServiceError):
        services.candidate_withdraw(candidate=names[0], reason="x", actor=staff)
    assert ElectionEvent.objects.filter(action="candidate_withdraw", data__name="丙某").exists()


def test_objections_within_five_days_decided_within_three_art_29(election, staff):
    with pytest.raises(ValidationError, match="尚未公布"):
        services.objection_receive(election=election, complainant="王某", content="漏登", received_on=DAY,
                                   actor=staff)
    published = DAY - datetime.timedelta(days=20)
    election = services.election_record_publication(election=election, step="roll", day=published, actor=staff)
    with pytest.raises(ValidationError) as error:
        services.objection_receive(election=election, complainant="王某", content="漏登",
                                   received_on=published + datetime.timedelta(days=6), actor=staff)
    assert "五日内" in error.value.message_dict["received_on"][0]
    objection = services.objection_receive(election=election, complainant="王某", content="漏登",
                                           received_on=published + datetime.timedelta(days=5), actor=staff)
    decided = services.objection_decide(objection=objection, upheld=False, decision="经核实不符合条件",
                                        decided_on=objection.received_on + datetime.timedelta(days=4), actor=staff)
    event = ElectionEvent.objects.get(action="objection_decide", election=election)
    assert decided.decided_on and event.data["late"] is True
    with pytest.raises(ServiceError):
        services.objection_decide(objection=decided, upheld=True, decision="再议", decided_on=decided.decided_on,
                                  actor=staff)


def test_proxies_in_writing_and_at_most_three_per_holder_art_42(seat, staff):
    constituency, _station = seat
    voters = list(constituency.voters.order_by("id"))
    holder = voters[0]
    with pytest.raises(ValidationError):
        services.proxy_record(principal=voters[1], holder=holder, approved_on=DAY, in_writing=False, actor=staff)
    for principal in voters[1:4]:
        services.proxy_record(principal=principal, holder=holder, approved_on=DAY, in_writing=True, actor=staff)
    with pytest.raises(ValidationError) as error:
        services.proxy_record(principal=voters[4], holder=holder, approved_on=DAY, in_writing=True, actor=staff)
    assert "不得超过三人" in error.value.message_dict["holder"][0]
    with pytest.raises(ValidationError):
        services.proxy_record(principal=voters[1], holder=voters[5], approved_on=DAY, in_writing=True, actor=staff)
    with pytest.raises(ValidationError):
        services.proxy_record(principal=voters[6], holder=voters[6], approved_on=DAY, in_writing=True, actor=staff)


def machine_file(**changes) -> bytes:
    import json

    data = {"method": "direct", "round": "first", "seats": 1, "electorate": 10, "voters_voted": 8,
            "candidates": ["甲某", "乙某"],
            "ballots": [{"for": ["甲某"]}] * 5 + [{"for": ["乙某"]}] * 2 + [{"for": ["甲某", "乙某"]}]}
    data.update(changes)
    return json.dumps(data, ensure_ascii=False).encode()


def test_a_counting_machines_file_is_counted_ballot_by_ballot_art_44(seat, staff):
    constituency, station = seat
    tally = services.tally_import(station=station, data=machine_file(), ballots_issued=9, actor=staff)
    assert (tally.ballots_cast, tally.ballots_invalid, tally.votes) == (8, 1, {"甲某": 5, "乙某": 2})
    assert services.result_preview(constituency=constituency)["elected"] == ["甲某"]


def test_a_machine_file_of_another_count_is_refused(seat, staff):
    _constituency, station = seat
    with pytest.raises(ValidationError) as error:
        services.tally_import(station=station, data=machine_file(candidates=["甲某", "丙某"]), ballots_issued=9,
                              actor=staff)
    assert "正式候选人" in error.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as error:
        services.tally_import(station=station, data=b'{"seats": 1}', ballots_issued=9, actor=staff)
    assert "method" in error.value.message_dict["file"][0]
    assert not station.tallies.exists()
