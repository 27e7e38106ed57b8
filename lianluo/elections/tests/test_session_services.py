"""Elections at a congress session and the standing committee's appointment votes, each test naming its article."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.elections import session_services as services
from lianluo.elections.models import AppointmentVote, ElectionEvent
from lianluo.regions.models import Region, Session

MEETING = datetime.date(2026, 11, 20)


@pytest.fixture
def office(cast):
    return cast("csx_lianluo")


@pytest.fixture
def session(db):
    return Session.objects.filter(term__congress__region_id="430121").order_by("-number").first()


@pytest.fixture
def mayor(session, office):
    """选举县长: one post, two candidates."""
    election = services.session_election_create(session=session, title="选举长沙县人民政府县长（测试）", kind="office",
                                                post="single", seats=1, actor=office)
    services.nominee_add(election=election, name="甲某", nominated_by="presidium", actor=office)
    services.nominee_add(election=election, name="乙某", nominated_by="deputies", cosigners=10, actor=office)
    return election


def count(election, *, present=None, voted=None, votes=None, invalid=0, **extra):
    total = election.total_deputies
    present = total if present is None else present
    voted = present if voted is None else voted
    return dict(present=present, voted=voted, ballots_cast=voted, ballots_invalid=invalid,
                votes=votes if votes is not None else {}, **extra)


def test_all_deputies_are_the_serving_mandates_of_the_term(mayor, session):
    assert mayor.total_deputies == services.serving_deputies(session) > 10


def test_organic_law_art_26_joint_nominations_need_ten_at_county_level(session, office):
    election = services.session_election_create(session=session, title="选举副县长（测试）", kind="office",
                                                post="deputy", seats=2, actor=office)
    with pytest.raises(ValidationError) as error:
        services.nominee_add(election=election, name="丙某", nominated_by="deputies", cosigners=9, actor=office)
    assert "10 人以上" in error.value.message_dict["cosigners"][0]


def test_organic_law_art_26_the_presidium_nominates_no_more_than_the_seats(mayor, office):
    with pytest.raises(ValidationError) as error:
        services.nominee_add(election=mayor, name="丙某", nominated_by="presidium", actor=office)
    assert "不得超过应选名额" in error.value.message_dict["nominated_by"][0]


def test_organic_law_art_14_no_vote_without_two_thirds_present(mayor, office):
    short = mayor.total_deputies * 2 // 3 - 1
    with pytest.raises(ValidationError) as error:
        services.vote_record(election=mayor, actor=office, **count(mayor, present=short))
    assert "三分之二" in error.value.message_dict["present"][0]
    assert not mayor.votes.exists()


def test_organic_law_art_25_more_than_half_of_all_deputies_not_of_those_voting(mayor, office):
    total = mayor.total_deputies
    present = -(-total * 2 // 3)
    half = total // 2
    vote = services.vote_record(election=mayor, actor=office, **count(
        mayor, present=present, votes={"甲某": half, "乙某": present - half}))
    assert vote.decision["threshold"] == half + 1 and vote.decision["elected"] == []
    assert services.vote_verify(vote)
    assert services.next_ballot(mayor)["why"] == "unfilled"
    corrected = services.vote_record(election=mayor, actor=office, replaces=vote, reason="计票差错",
                                     **count(mayor, votes={"甲某": half + 1, "乙某": 0}))
    assert corrected.decision["elected"] == ["甲某"] and not vote.__class__.objects.get(pk=vote.pk).current
    assert ElectionEvent.objects.filter(session_election=mayor, action="session_vote_correct").exists()
    assert services.next_ballot(mayor) is None
    with pytest.raises(ServiceError):
        services.vote_record(election=mayor, actor=office, **count(mayor, votes={"甲某": half + 1}))


def test_art_45_4_an_unfilled_post_goes_to_another_vote_in_first_vote_order(mayor, office):
    total = mayor.total_deputies
    services.vote_record(election=mayor, actor=office, **count(mayor, votes={"甲某": total // 2, "乙某": 3}))
    ballot = services.next_ballot(mayor)
    assert ballot == {"round": "runoff", "seats": 1, "candidates": ["甲某", "乙某"], "why": "unfilled"}
    runoff = services.vote_record(election=mayor, actor=office, **count(mayor, votes={"甲某": total // 2 + 1}))
    assert runoff.round == "runoff" and runoff.decision["elected"] == ["甲某"]
    assert services.elected_so_far(services.current_votes(mayor)) == ["甲某"]


def test_art_45_3_candidates_tied_at_the_cut_off_are_voted_on_again(session, office):
    election = services.session_election_create(session=session, title="选举副主任（测试）", kind="office",
                                                post="deputy", seats=2, actor=office)
    for name in ("甲某", "乙某", "丙某"):
        services.nominee_add(election=election, name=name, nominated_by="deputies", cosigners=10, actor=office)
    total = election.total_deputies
    first = services.vote_record(election=election, actor=office, **count(
        election, votes={"甲某": total - 1, "乙某": total // 2 + 1, "丙某": total // 2 + 1}))
    assert first.decision["elected"] == ["甲某"] and first.decision["tied"] == ["乙某", "丙某"]
    assert services.next_ballot(election) == {"round": "runoff", "seats": 1, "candidates": ["乙某", "丙某"],
                                              "why": "tie"}
    with pytest.raises(ValidationError):
        services.vote_record(election=election, actor=office, **count(election, votes={"甲某": 3}))
    again = services.vote_record(election=election, actor=office, **count(
        election, votes={"乙某": total // 2 + 2, "丙某": 1}))
    assert again.decision["elected"] == ["乙某"]
    assert services.elected_so_far(services.current_votes(election)) == ["甲某", "乙某"]
    assert services.next_ballot(election) is None


def test_organic_law_art_27_the_ratio_is_checked_before_the_count(session, office):
    election = services.session_election_create(session=session, title="选举常务委员会委员（测试）", kind="office",
                                                post="members", seats=10, actor=office)
    for n in range(10):
        services.nominee_add(election=election, name=f"委员{n}", nominated_by="deputies", cosigners=10,
                             actor=office)
    with pytest.raises(ValidationError) as error:
        services.vote_record(election=election, actor=office, **count(election))
    assert "11 至 12 名" in error.value.message_dict["votes"][0]


def test_a_single_post_may_be_uncontested_art_27(session, office):
    election = services.session_election_create(session=session, title="选举主任（测试）", kind="office",
                                                post="single", seats=1, actor=office)
    services.nominee_add(election=election, name="甲某", nominated_by="presidium", actor=office)
    vote = services.vote_record(election=election, actor=office,
                                **count(election, votes={"甲某": election.total_deputies - 3}))
    assert vote.decision["elected"] == ["甲某"]


# ---------------------------------------------------------------- appointments


def appoint(actor, **changes):
    values = dict(region=Region.objects.get(pk="430121"), meeting="县十九届人大常委会第十次会议",
                  meeting_date=MEETING, person="王某", post="长沙县教育局局长", kind="appoint",
                  nominated_by="government", members_total=35, present=30, yes=18, no=7, abstain=5)
    values.update(changes)
    return services.appointment_record(actor=actor, **values)


def test_organic_law_art_51_appointments_need_more_than_half_of_all_members(office):
    assert appoint(office, yes=18).passed
    assert not appoint(office, yes=17, no=8).passed  # 17 of 30 present, but not more than half of 35


def test_organic_law_art_51_the_meeting_needs_more_than_half_present(office):
    with pytest.raises(ValidationError) as error:
        appoint(office, present=17, yes=17, no=0, abstain=0)
    assert "第五十一条" in error.value.message_dict["present"][0]
    assert not AppointmentVote.objects.filter(person="王某").exists()


def test_oath_and_notice_follow_a_passed_appointment(office):
    vote = appoint(office)
    services.appointment_oath(vote=vote, day=MEETING, actor=office)
    services.appointment_notice(vote=vote, day=MEETING + datetime.timedelta(days=1), actor=office)
    vote.refresh_from_db()
    assert vote.oath_on == MEETING and vote.notice_on
    failed = appoint(office, yes=10, no=15)
    with pytest.raises(ServiceError):
        services.appointment_oath(vote=failed, day=MEETING, actor=office)


def test_townships_have_no_standing_committee_art_46(office):
    with pytest.raises(ValidationError) as error:
        appoint(office, region=Region.objects.get(pk="430121105"))
    assert "第四十六条" in error.value.message_dict["region"][0]


def test_only_offices_of_the_region_record_appointments(cast):
    with pytest.raises(PermissionDeniedError):
        appoint(cast("hn_changwei"))


# ---------------------------------------------------------------- recall, resignation, by-election


def county_deputy(exclude=()):
    from lianluo.deputies.models import Mandate

    return (Mandate.objects.filter(region_id="430121", status="serving").exclude(pk__in=exclude)
            .exclude(person__user__username="csx_daibiao").order_by("-id").first())


def test_art_50_a_recall_of_a_county_deputy_needs_fifty_voters(office):
    mandate = county_deputy()
    with pytest.raises(ValidationError) as error:
        services.change_file(mandate=mandate, kind="recall_voters", filed_on=MEETING, proposed_by="选民联名",
                             petitioners=49, reasons="失职", actor=office)
    assert "50 人以上" in error.value.message_dict["petitioners"][0]
    assert services.change_file(mandate=mandate, kind="recall_voters", filed_on=MEETING, proposed_by="选民联名",
                                petitioners=50, reasons="失职", actor=office).pk


def test_art_53_a_recall_passes_with_more_than_half_of_registered_voters_and_ends_the_mandate(office):
    mandate = county_deputy()
    change = services.change_file(mandate=mandate, kind="recall_voters", filed_on=MEETING, proposed_by="选民联名",
                                  petitioners=60, reasons="严重失职", actor=office)
    services.change_reply(change=change, reply="本人不同意罢免理由", actor=office)
    failed = services.change_vote(change=change, yes=1500, body_size=3000, voted_on=MEETING, actor=office)
    assert failed.passed is False
    mandate.refresh_from_db()
    assert mandate.status == "serving"
    other = county_deputy(exclude=[mandate.pk])
    second = services.change_file(mandate=other, kind="recall_voters", filed_on=MEETING, proposed_by="选民联名",
                                  petitioners=60, reasons="严重失职", actor=office)
    assert services.change_vote(change=second, yes=1501, body_size=3000, voted_on=MEETING, actor=office).passed
    other.refresh_from_db()
    assert other.status == "ended" and other.end_reason == "recalled"


def test_art_51_indirect_recall_proposers_and_art_55_resignation(office):
    mandate = county_deputy()
    with pytest.raises(ValidationError) as error:
        services.change_file(mandate=mandate, kind="recall_congress", filed_on=MEETING, proposed_by="代表联名",
                             petitioners=6, in_session=False, body_size=31, reasons="失职", actor=office)
    assert "至少 7 人" in error.value.message_dict["petitioners"][0]
    assert services.change_file(mandate=mandate, kind="recall_congress", filed_on=MEETING, proposed_by="主任会议",
                                reasons="失职", actor=office).pk
    resignation = services.change_file(mandate=mandate, kind="resignation", filed_on=MEETING, proposed_by="代表本人",
                                       reasons="工作调动", actor=office)
    accepted = services.change_vote(change=resignation, yes=16, body_size=31, voted_on=MEETING, actor=office)
    mandate.refresh_from_db()
    assert accepted.passed and mandate.end_reason == "resigned"


def test_art_57_a_by_election_may_have_as_many_candidates_as_seats(cast):
    from lianluo.elections import services as direct

    staff = cast("csx_xuanju")
    election = direct.election_create(actor=staff, region=Region.objects.get(pk="430121106"), title="春华镇补选",
                                      election_day=MEETING, committee="春华镇选举委员会", by_election=True)
    constituency = direct.constituency_add(election=election, number=1, name="春华村", seats=1, actor=staff)
    direct.candidate_add(constituency=constituency, name="甲某", nominated_by="party", nominator="甲", actor=staff)
    assert [c.name for c in direct.candidates_formalise(constituency=constituency, actor=staff)] == ["甲某"]


def test_hunan_appointment_rules_art_3_a_new_government_submits_within_two_months(office):
    formed = datetime.date(2026, 9, 10)
    on_time = appoint(office, government_formed_on=formed, submitted_on=datetime.date(2026, 11, 10))
    assert services.submission_deadline(on_time) == datetime.date(2026, 11, 10)
    assert services.submitted_late(on_time) is False
    late = appoint(office, government_formed_on=formed, submitted_on=datetime.date(2026, 11, 11))
    assert services.submitted_late(late) is True  # recorded as it happened, shown late
    assert ElectionEvent.objects.filter(appointment=late, data__submitted_late=True).exists()
    court = appoint(office, nominated_by="court", government_formed_on=formed, submitted_on=MEETING)
    assert services.submission_deadline(court) is None  # the deadline is the government's


def test_hunan_appointment_rules_art_3_the_submission_period_is_a_setting(office, settings):
    settings.LIANLUO_APPOINTMENT_SUBMIT_MONTHS = 1
    vote = appoint(office, government_formed_on=datetime.date(2026, 9, 10), submitted_on=datetime.date(2026, 10, 20))
    assert services.submitted_late(vote) is True


def test_an_appointment_is_not_submitted_after_its_meeting(office):
    with pytest.raises(ValidationError) as error:
        appoint(office, submitted_on=MEETING + datetime.timedelta(days=1))
    assert "submitted_on" in error.value.message_dict


def test_organic_law_art_29_2_new_candidates_for_a_seat_the_runoff_left_unfilled(mayor, office):
    total = mayor.total_deputies
    services.vote_record(election=mayor, actor=office, **count(mayor, votes={"甲某": 4, "乙某": 3}))
    assert services.renomination_open(mayor) == 1
    services.vote_record(election=mayor, actor=office, **count(mayor, votes={"甲某": 5, "乙某": 2}))
    assert services.next_ballot(mayor) is None  # the runoff in first-vote order failed too
    services.nominee_add(election=mayor, name="丁某", nominated_by="presidium", actor=office)
    with pytest.raises(ValidationError, match="不得超过应选名额"):
        services.nominee_add(election=mayor, name="戊某", nominated_by="presidium", actor=office)
    services.nominee_add(election=mayor, name="丙某", nominated_by="deputies", cosigners=10, actor=office)
    ballot = services.next_ballot(mayor)
    assert ballot == {"round": "runoff", "seats": 1, "candidates": ["丁某", "丙某"], "why": "renominated"}
    vote = services.vote_record(election=mayor, actor=office, **count(mayor, votes={"丙某": total // 2 + 1}))
    assert vote.decision["elected"] == ["丙某"] and services.renomination_open(mayor) == 0
    with pytest.raises(ServiceError, match="另行提名"):
        services.nominee_add(election=mayor, name="己某", nominated_by="presidium", actor=office)


def _deputy_heads(session, office, title):
    election = services.session_election_create(session=session, title=title, kind="office", post="deputy", seats=2,
                                                actor=office)
    for name in ("甲某", "乙某", "丙某"):
        services.nominee_add(election=election, name=name, nominated_by="deputies", cosigners=10, actor=office)
    return election


def test_organic_law_art_29_2_someone_elected_is_not_nominated_again(session, office):
    election = _deputy_heads(session, office, "选举副主任（测试二）")
    services.vote_record(election=election, actor=office, **count(
        election, votes={"甲某": election.total_deputies - 1, "乙某": 3, "丙某": 2}))
    assert services.renomination_open(election) == 1
    with pytest.raises(ValidationError, match="已经当选"):
        services.nominee_add(election=election, name="甲某", nominated_by="presidium", actor=office)
    again = services.nominee_add(election=election, name="乙某", nominated_by="presidium", actor=office)
    assert again.after_vote == 1 and services.next_ballot(election)["candidates"] == ["乙某"]


def test_organic_law_art_29_2_no_new_nomination_while_a_tie_is_to_be_voted_on(session, office):
    election = _deputy_heads(session, office, "选举副主任（测试三）")
    total = election.total_deputies
    services.vote_record(election=election, actor=office, **count(
        election, votes={"甲某": total - 1, "乙某": total // 2 + 1, "丙某": total // 2 + 1}))
    assert services.renomination_open(election) == 0
    with pytest.raises(ServiceError, match="另行提名"):
        services.nominee_add(election=election, name="丁某", nominated_by="presidium", actor=office)
