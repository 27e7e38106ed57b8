"""The engine's rules apart from the tally: ratios, thresholds and quorums, eligibility, the timetable and
recall. Each test names its article."""

import ast
import datetime
from pathlib import Path

import pytest

from lianluo.elections.engine import eligibility, ratios, recall, reconciliation, timetable, validity
from lianluo.elections.engine.eligibility import Person

D = datetime.date
ELECTION_DAY = D(2026, 8, 20)


def test_the_engine_imports_no_django():
    for path in (Path(__file__).resolve().parent.parent / "engine").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not any(n.split(".")[0] == "django" for n in names), path.name


# ---------------------------------------------------------------- ratios (选举法 Art 31, 地方组织法 Art 27)


@pytest.mark.parametrize(("seats", "low", "high"), [(1, 2, 2), (2, 3, 4), (3, 4, 6), (6, 8, 12)])
def test_art_31_direct_one_third_to_one_times_more(seats, low, high):
    allowed = ratios.deputies(seats, "direct")
    assert (allowed.low, allowed.high) == (low, high)
    assert "三分之一至一倍" in allowed.statement and "第三十一条" in allowed.statement


@pytest.mark.parametrize(("seats", "low", "high"), [(1, 2, 2), (4, 5, 6), (10, 12, 15), (30, 36, 45)])
def test_art_31_indirect_one_fifth_to_one_half_more(seats, low, high):
    allowed = ratios.deputies(seats, "indirect")
    assert (allowed.low, allowed.high) == (low, high)


def test_art_31_and_32_check_says_what_is_wrong_and_when_to_pre_elect():
    allowed = ratios.deputies(3, "direct")
    assert ratios.check(5, allowed).ok
    short = ratios.check(3, allowed)
    assert not short.ok and not short.pre_election and "4 至 6 名" in short.message
    many = ratios.check(7, allowed)
    assert not many.ok and many.pre_election and "预选" in many.message


def test_organic_law_art_27_single_post_one_more_or_uncontested():
    allowed = ratios.office(1, "single")
    assert ratios.check(2, allowed).ok and ratios.check(1, allowed).ok
    assert not ratios.check(3, allowed).ok


def test_organic_law_art_27_deputy_posts_one_to_three_more():
    allowed = ratios.office(4, "deputy")
    assert (allowed.low, allowed.high) == (5, 7)


@pytest.mark.parametrize(("seats", "low", "high"), [(9, 10, 10), (20, 22, 24), (35, 39, 42)])
def test_organic_law_art_27_committee_members_one_tenth_to_one_fifth_more(seats, low, high):
    allowed = ratios.office(seats, "members")
    assert (allowed.low, allowed.high) == (low, high)


def test_art_57_by_election_as_many_or_more():
    allowed = ratios.by_election(2)
    assert ratios.check(2, allowed).ok and ratios.check(9, allowed).ok and not ratios.check(1, allowed).ok


def test_seats_must_be_positive():
    with pytest.raises(ValueError):
        ratios.deputies(0, "direct")


# ---------------------------------------------------------------- validity and quorums


def test_more_than_half_is_strict():
    assert validity.more_than_half(6, 10) and not validity.more_than_half(5, 10)
    assert validity.smallest_majority(10) == 6 and validity.smallest_majority(11) == 6


def test_organic_law_art_14_quorum_two_thirds_of_all_deputies():
    assert validity.quorum_needed(100) == 67 and validity.quorum(67, 100) and not validity.quorum(66, 100)
    assert validity.quorum(2, 3) and validity.quorum_needed(45) == 30


def test_organic_law_art_25_elections_pass_by_more_than_half_of_all_deputies():
    assert validity.congress_passes(51, 100) and not validity.congress_passes(50, 100)


def test_organic_law_art_51_committee_votes_count_all_members_not_those_present():
    """An appointment with 16 of 30 members present, all voting yes, passes; 15 yes of 30 does not."""
    assert validity.committee_meeting_valid(16, 30) and not validity.committee_meeting_valid(15, 30)
    assert validity.committee_passes(16, 30) and not validity.committee_passes(15, 30)


# ---------------------------------------------------------------- eligibility (选举法 Arts 4, 27)


def test_art_4_eighteen_on_election_day_counts():
    assert eligibility.check(Person(D(2008, 8, 20)), ELECTION_DAY).eligible
    late = eligibility.check(Person(D(2008, 8, 21)), ELECTION_DAY)
    assert not late.eligible and late.reasons == [eligibility.UNDER_AGE]


def test_art_4_born_on_29_february_is_eighteen_on_1_march():
    assert not eligibility.is_of_age(D(2008, 2, 29), D(2026, 2, 28))
    assert eligibility.is_of_age(D(2008, 2, 29), D(2026, 3, 1))
    assert eligibility.is_of_age(D(2010, 2, 28), D(2028, 2, 28))


def test_art_4_deprived_of_political_rights_until_restored():
    person = Person(D(1980, 1, 1), deprived_until=D(2026, 8, 20))
    assert eligibility.check(person, ELECTION_DAY).reasons == [eligibility.DEPRIVED]
    assert eligibility.check(person, D(2026, 8, 21)).eligible
    assert not eligibility.check(Person(D(1980, 1, 1), deprived_for_life=True), ELECTION_DAY).eligible


def test_art_27_and_npcsc_1983_s4_incapable_and_suspended_are_not_registered():
    person = Person(D(1980, 1, 1), incapable_confirmed=True, suspended=True, citizen=False)
    result = eligibility.check(person, ELECTION_DAY)
    assert result.reasons == [eligibility.NOT_CITIZEN, eligibility.INCAPABLE, eligibility.SUSPENDED]
    assert all("条" in label for label in result.labels)


def test_art_42_proxies_in_writing_approved_at_most_three():
    assert eligibility.proxy_allowed(held=2, approved=True, in_writing=True) == []
    assert len(eligibility.proxy_allowed(held=3, approved=False, in_writing=False)) == 3


# ---------------------------------------------------------------- timetable (选举法 Arts 28, 29, 32)


def test_art_28_roll_twenty_days_before_shuangpai_2021():
    assert timetable.roll_last_day(D(2021, 8, 20)) == D(2021, 7, 31)


def test_art_29_objection_five_days_decision_three_suit_five_before():
    assert timetable.objection_last_day(D(2026, 7, 31)) == D(2026, 8, 5)
    assert timetable.objection_decision_last_day(D(2026, 8, 5)) == D(2026, 8, 8)
    assert timetable.suit_last_day(ELECTION_DAY) == D(2026, 8, 15)


def test_art_32_candidates_fifteen_days_formal_list_seven_days_before():
    assert timetable.candidates_last_day(ELECTION_DAY) == D(2026, 8, 5)
    assert timetable.formal_last_day(ELECTION_DAY) == D(2026, 8, 13)


def test_the_timetable_shows_done_late_due_and_overdue():
    steps = {s.key: s for s in timetable.steps(ELECTION_DAY, roll_published=D(2026, 7, 31),
                                               candidates_published=D(2026, 8, 6))}
    today = D(2026, 8, 14)
    assert steps["roll"].state(today) == timetable.State.DONE
    assert steps["candidates"].state(today) == timetable.State.LATE
    assert steps["formal"].state(today) == timetable.State.OVERDUE
    assert steps["formal"].state(D(2026, 8, 13)) == timetable.State.DUE


# ---------------------------------------------------------------- recall and resignation (选举法 Arts 50–55)


def test_art_50_recall_petition_fifty_county_thirty_township_in_writing_with_reasons():
    assert recall.petition_problems(level="county", signatures=50, in_writing=True, reasons="失职") == []
    assert len(recall.petition_problems(level="county", signatures=49, in_writing=True, reasons="失职")) == 1
    assert recall.petition_problems(level="township", signatures=30, in_writing=True, reasons="失职") == []
    assert len(recall.petition_problems(level="township", signatures=30, in_writing=False, reasons=" ")) == 2


def test_art_53_recall_needs_more_than_half_of_registered_voters():
    assert recall.direct_recall_passes(1501, 3000) and not recall.direct_recall_passes(1500, 3000)


def test_art_51_indirect_recall_proposers_one_tenth_in_session_one_fifth_between():
    assert recall.indirect_recall_proposers_needed(in_session=True, body_size=455) == 46
    assert recall.indirect_recall_proposers_needed(in_session=False, body_size=31) == 7


def test_art_52_53_and_55_recall_and_resignation_by_more_than_half_of_all():
    assert recall.indirect_recall_passes(228, 455) and not recall.indirect_recall_passes(227, 454)
    assert recall.resignation_accepted(16, 31) and not recall.resignation_accepted(15, 31)


# ---------------------------------------------------------------- a station's count sheet (选举法 Art 44)

def sheet(**changes):
    values = {"seats": 2, "voters_voted": 10, "ballots_issued": 10, "ballots_cast": 10, "ballots_invalid": 1,
              "votes": {"甲": 9, "乙": 8}}
    values.update(changes)
    return reconciliation.Sheet(**values)


def test_a_sound_sheet_has_no_problems():
    assert reconciliation.problems(sheet()) == {} and reconciliation.warnings(sheet()) == []


def test_returned_beyond_issued_and_invalid_beyond_returned_are_refused():
    assert set(reconciliation.problems(sheet(ballots_cast=11))) == {"ballots_cast"}
    assert set(reconciliation.problems(sheet(ballots_invalid=11))) >= {"ballots_invalid"}


def test_art_44_2_no_valid_ballot_votes_for_more_than_the_seats():
    assert "第四十四条" in reconciliation.problems(sheet(votes={"甲": 9, "乙": 9, "丙": 1}))["votes"]
    assert "不能多于有效票" in reconciliation.problems(sheet(votes={"甲": 10}))["votes"]


def test_art_44_1_more_returned_than_voted_is_shown_not_refused():
    odd = sheet(voters_voted=9)
    assert reconciliation.problems(odd) == {} and "选举无效" in reconciliation.warnings(odd)[0]
