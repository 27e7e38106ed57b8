"""The tally contract (contracts/election-tally.md), rule by rule, each test naming its article of 选举法."""

import json

import pytest

from lianluo.elections.engine import contract
from lianluo.elections.engine.tally import decide


def run(**fields):
    data = {"method": "direct", "round": "first", "seats": 1, "electorate": 10, "voters_voted": 8,
            "candidates": ["甲", "乙"], "ballots": []}
    data.update(fields)
    return contract.as_json(decide(contract.parse(data)))


def ballots(*groups):
    """ballots((3, ["甲"]), (2, ["乙"]), (1, [])) -> 3 for 甲, 2 for 乙, 1 blank."""
    return [{"for": list(names)} for n, names in groups for _ in range(n)]


def test_the_contracts_example_shape():
    out = run(seats=2, electorate=3000, voters_voted=2100, candidates=["张三", "李四", "王五"],
              ballots=[{"for": ["张三", "李四"], "against": ["王五"]}, {"for": ["张三", "赵六"]}, {}])
    assert list(out) == ["valid", "void_reasons", "ballots_cast", "ballots_invalid", "ballots_valid", "threshold",
                         "votes", "elected", "tied", "unfilled_seats", "runoff"]
    assert out["threshold"] == 1051 and out["votes"] == {"张三": 2, "李四": 1, "王五": 0, "赵六": 1}


def test_art_44_2_a_ballot_with_more_for_names_than_seats_is_void_but_cast():
    out = run(seats=1, voters_voted=6, ballots=ballots((4, ["甲"]), (1, ["甲", "乙"]), (1, [])))
    assert (out["ballots_cast"], out["ballots_invalid"], out["ballots_valid"]) == (6, 1, 5)
    assert out["votes"] == {"甲": 4, "乙": 0}


def test_art_44_2_as_many_for_names_as_seats_is_valid():
    out = run(seats=2, voters_voted=6, candidates=["甲", "乙", "丙"], ballots=ballots((6, ["甲", "乙"])))
    assert out["ballots_invalid"] == 0 and out["elected"] == ["甲", "乙"]


def test_art_44_1_more_ballots_than_voters_voids_the_count():
    out = run(voters_voted=6, ballots=ballots((7, ["甲"])))
    assert out["valid"] is False and out["void_reasons"] == ["ballots_exceed_voters"]
    assert out["elected"] == [] and out["runoff"] is None and out["unfilled_seats"] == 1


def test_art_44_1_as_many_ballots_as_voters_stands():
    assert run(voters_voted=6, ballots=ballots((6, ["甲"])))["valid"] is True


def test_art_45_1_direct_turnout_must_be_more_than_half_of_the_electorate():
    half = run(electorate=10, voters_voted=5, ballots=ballots((5, ["甲"])))
    assert half["valid"] is False and half["void_reasons"] == ["turnout_not_majority"]
    assert run(electorate=10, voters_voted=6, ballots=ballots((6, ["甲"])))["valid"] is True


def test_art_45_1_turnout_applies_to_direct_runoffs_too():
    out = run(round="runoff", electorate=10, voters_voted=5, ballots=ballots((5, ["甲"])))
    assert out["void_reasons"] == ["turnout_not_majority"]


def test_both_void_reasons_together_in_order():
    out = run(electorate=10, voters_voted=4, ballots=ballots((5, ["甲"])))
    assert out["void_reasons"] == ["ballots_exceed_voters", "turnout_not_majority"]


def test_art_45_2_indirect_has_no_turnout_rule_and_needs_more_than_half_of_all_deputies():
    out = run(method="indirect", electorate=100, voters_voted=40, ballots=ballots((40, ["甲"])))
    assert out["valid"] is True and out["threshold"] == 51 and out["elected"] == []
    out = run(method="indirect", electorate=100, voters_voted=80, ballots=ballots((51, ["甲"]), (29, ["乙"])))
    assert out["elected"] == ["甲"]


def test_art_45_1_direct_first_round_threshold_is_more_than_half_of_those_who_voted():
    assert run(voters_voted=8, ballots=ballots((4, ["甲"]), (4, ["乙"])))["threshold"] == 5
    assert run(voters_voted=7, ballots=ballots((4, ["甲"]), (3, ["乙"])))["threshold"] == 4
    exactly_half = run(voters_voted=8, ballots=ballots((4, ["甲"]), (2, ["乙"]), (2, [])))
    assert exactly_half["elected"] == [] and exactly_half["unfilled_seats"] == 1


def test_art_45_1_the_threshold_counts_voters_not_valid_ballots():
    """Invalid and blank ballots still count in the denominator: it is those who voted."""
    out = run(voters_voted=9, ballots=ballots((5, ["甲"]), (4, ["甲", "乙"])))
    assert out["threshold"] == 5 and out["elected"] == ["甲"]


def test_art_45_5_direct_runoff_most_votes_but_one_third_of_ballots_cast():
    out = run(round="runoff", electorate=10, voters_voted=9, candidates=["甲", "乙", "丙"],
              ballots=ballots((3, ["甲"]), (2, ["乙"]), (2, ["丙"]), (2, [])))
    assert out["threshold"] == 3 and out["elected"] == ["甲"] and out["runoff"] is None
    too_few = run(round="runoff", electorate=10, voters_voted=9, candidates=["甲", "乙", "丙"],
                  ballots=ballots((2, ["甲"]), (1, ["乙"]), (6, [])))
    assert too_few["elected"] == [] and too_few["unfilled_seats"] == 1 and too_few["runoff"] is None


def test_art_45_5_one_third_rounds_up():
    out = run(round="runoff", electorate=12, voters_voted=10, ballots=ballots((4, ["甲"]), (3, ["乙"]), (3, [])))
    assert out["threshold"] == 4  # 10 / 3 = 3.33: at least 4


def test_art_45_5_indirect_runoff_still_needs_more_than_half_of_all_deputies():
    out = run(method="indirect", round="runoff", electorate=100, voters_voted=90,
              ballots=ballots((50, ["甲"]), (40, ["乙"])))
    assert out["threshold"] == 51 and out["elected"] == []


def test_art_45_3_most_votes_win_up_to_the_seats_in_descending_order():
    out = run(seats=2, electorate=20, voters_voted=15, candidates=["甲", "乙", "丙"],
              ballots=ballots((9, ["乙", "丙"]), (4, ["甲", "乙"]), (2, ["甲", "丙"])))
    assert out["votes"] == {"甲": 6, "乙": 13, "丙": 11}
    assert out["elected"] == ["乙", "丙"] and out["unfilled_seats"] == 0


def test_art_45_3_a_tie_at_the_cut_off_is_voted_on_again():
    out = run(seats=2, electorate=20, voters_voted=16, candidates=["甲", "乙", "丙"],
              ballots=ballots((6, ["甲", "乙"]), (6, ["甲", "丙"]), (4, ["乙", "丙"])))
    assert out["votes"] == {"甲": 12, "乙": 10, "丙": 10}
    assert out["elected"] == ["甲"] and out["tied"] == ["乙", "丙"] and out["unfilled_seats"] == 0
    assert out["runoff"] is None


def test_art_45_3_a_tie_for_one_seat_elects_nobody_yet():
    out = run(seats=1, electorate=20, voters_voted=16, ballots=ballots((8, ["甲"]), (8, ["乙"])))
    assert out["elected"] == [] and out["tied"] == [] and out["unfilled_seats"] == 1  # neither has 9
    many = run(seats=2, electorate=20, voters_voted=18, candidates=["甲", "乙", "丙"],
               ballots=ballots((6, ["甲", "乙"]), (6, ["乙", "丙"]), (6, ["甲", "丙"])))
    assert many["elected"] == [] and many["tied"] == ["甲", "乙", "丙"] and many["unfilled_seats"] == 0


def test_art_45_3_a_tie_below_the_cut_off_does_not_matter():
    out = run(seats=1, electorate=20, voters_voted=16, candidates=["甲", "乙", "丙"],
              ballots=ballots((10, ["甲"]), (3, ["乙"]), (3, ["丙"])))
    assert out["elected"] == ["甲"] and out["tied"] == []


def test_art_45_3_a_tie_among_those_below_the_threshold_is_not_a_tie_vote():
    out = run(seats=2, electorate=20, voters_voted=16, candidates=["甲", "乙", "丙"],
              ballots=ballots((10, ["甲", "乙"]), (6, ["丙"])))
    assert out["elected"] == ["甲", "乙"] and out["tied"] == []
    partly = run(seats=2, electorate=20, voters_voted=16, candidates=["甲", "乙", "丙"],
                 ballots=ballots((9, ["甲"]), (4, ["乙"]), (3, ["丙"])))
    assert partly["elected"] == ["甲"] and partly["tied"] == [] and partly["unfilled_seats"] == 1


def test_art_41_write_ins_are_counted_and_can_be_elected():
    out = run(voters_voted=8, ballots=ballots((6, ["孙七"]), (2, ["甲"])))
    assert out["votes"] == {"甲": 2, "乙": 0, "孙七": 6} and out["elected"] == ["孙七"]


def test_art_45_4_runoff_for_unfilled_seats_in_first_round_order_with_the_ratio():
    out = run(seats=3, electorate=100, voters_voted=80, candidates=["甲", "乙", "丙", "丁", "戊"],
              ballots=ballots((45, ["甲", "乙", "丙"]), (20, ["丁", "戊"]), (15, ["戊"])))
    assert out["elected"] == ["甲", "乙", "丙"] and out["runoff"] is None
    out = run(seats=3, electorate=100, voters_voted=80, candidates=["甲", "乙", "丙", "丁", "戊"],
              ballots=ballots((45, ["甲", "丁"]), (20, ["乙", "戊"]), (15, ["丙", "戊"])))
    assert out["votes"] == {"甲": 45, "乙": 20, "丙": 15, "丁": 45, "戊": 35}
    assert out["elected"] == ["甲", "丁"] and out["unfilled_seats"] == 1
    assert out["runoff"] == {"seats": 1, "order": ["戊", "乙", "丙"], "candidates_min": 2, "candidates_max": 2}


@pytest.mark.parametrize(("method", "seats", "low", "high"), [
    ("direct", 1, 2, 2), ("direct", 2, 3, 4), ("direct", 3, 4, 6), ("direct", 4, 6, 8),
    ("indirect", 1, 2, 2), ("indirect", 2, 3, 3), ("indirect", 5, 6, 7), ("indirect", 10, 12, 15),
])
def test_art_45_4_and_31_the_runoff_ratio(method, seats, low, high):
    electorate = 1000
    out = run(method=method, seats=seats, electorate=electorate, voters_voted=600,
              candidates=[f"候选人{i}" for i in range(seats + 2)], ballots=[{}] * 600)
    assert out["unfilled_seats"] == seats
    assert (out["runoff"]["candidates_min"], out["runoff"]["candidates_max"]) == (low, high)


def test_no_runoff_is_proposed_from_a_runoff():
    out = run(round="runoff", electorate=10, voters_voted=9, ballots=ballots((1, ["甲"]), (8, [])))
    assert out["unfilled_seats"] == 1 and out["runoff"] is None


def test_a_name_marked_both_for_and_against_counts_as_neither():
    out = run(voters_voted=3, electorate=4, ballots=[{"for": ["甲"], "against": ["甲"]}, {"for": ["甲"]},
                                                     {"for": ["甲", "甲"]}])
    assert out["votes"]["甲"] == 2 and out["ballots_invalid"] == 0


def test_zero_ballots_is_a_valid_count_that_elects_nobody():
    out = run(electorate=10, voters_voted=6, ballots=[])
    assert out["valid"] is True and out["elected"] == [] and out["runoff"]["seats"] == 1


# ---------------------------------------------------------------- malformed input


@pytest.mark.parametrize(("change", "field"), [
    ({"method": "secret"}, "method"),
    ({"round": 2}, "round"),
    ({"seats": 0}, "seats"),
    ({"seats": "2"}, "seats"),
    ({"seats": True}, "seats"),
    ({"seats": 1.5}, "seats"),
    ({"electorate": -1}, "electorate"),
    ({"voters_voted": 11}, "voters_voted"),
    ({"candidates": "甲"}, "candidates"),
    ({"candidates": []}, "candidates"),
    ({"candidates": ["甲", ""]}, "candidates[1]"),
    ({"candidates": ["甲", "甲"]}, "candidates[1]"),
    ({"ballots": {}}, "ballots"),
    ({"ballots": [{}, []]}, "ballots[1]"),
    ({"ballots": [{"for": "甲"}]}, "ballots[0].for"),
    ({"ballots": [{"for": ["甲", 3]}]}, "ballots[0].for[1]"),
    ({"ballots": [{"fro": ["甲"]}]}, "ballots[0].fro"),
])
def test_malformed_input_names_the_field(change, field):
    data = {"method": "direct", "round": "first", "seats": 1, "electorate": 10, "voters_voted": 8,
            "candidates": ["甲", "乙"], "ballots": []}
    data.update(change)
    with pytest.raises(contract.ContractError) as error:
        contract.parse(data)
    assert error.value.field == field and str(error.value).startswith(field)


@pytest.mark.parametrize("missing", ["method", "round", "seats", "electorate", "voters_voted", "candidates",
                                     "ballots"])
def test_a_missing_field_is_named(missing):
    data = {"method": "direct", "round": "first", "seats": 1, "electorate": 10, "voters_voted": 8,
            "candidates": ["甲", "乙"], "ballots": []}
    del data[missing]
    with pytest.raises(contract.ContractError) as error:
        contract.parse(data)
    assert error.value.field == missing


def test_not_json_and_not_an_object():
    with pytest.raises(contract.ContractError, match="FILE"):
        contract.loads("{")
    with pytest.raises(contract.ContractError, match="FILE"):
        contract.loads(json.dumps([1]))


def test_other_top_level_keys_are_ignored_and_abstain_is_accepted():
    out = run(constituency="第一选区", voters_voted=6, ballots=[{"for": ["甲"], "abstain": ["乙"]}] * 6)
    assert out["elected"] == ["甲"]
