"""The roll and the candidate list beyond the basics: transfers (选举法 Art 27), suits against objection decisions
(Art 29), the pre-election (Art 32), and the ballot order (a local practice)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lianluo.core.errors import ServiceError
from lianluo.core.models import AuditEvent
from lianluo.demo.elections import _id_number
from lianluo.elections import preelection, services, suits
from lianluo.elections.models import Candidate, ElectionEvent
from lianluo.elections.tests.conftest import DAY
from lianluo.regions.models import Region


@pytest.fixture
def two(election, staff):
    first = services.constituency_add(election=election, number=1, name="春华村", seats=1, actor=staff)
    second = services.constituency_add(election=election, number=2, name="金鼎村", seats=2, actor=staff)
    return first, second


def register(constituency, staff, n):
    return services.voter_register(constituency=constituency, name=f"选民{n}", actor=staff,
                                   id_number=_id_number(datetime.date(1980, 1, n + 1), 700 + n))


def nominate(constituency, staff, names):
    return [services.candidate_add(constituency=constituency, name=n, nominated_by="party", nominator=f"{n}推荐",
                                   actor=staff) for n in names]


# ---------------------------------------------------------------- transfers


def test_art_27_a_voter_who_moved_is_listed_in_the_new_constituency(two, staff):
    first, second = two
    voter = register(first, staff, 1)
    moved = services.voter_transfer(voter=voter, to=second, reason="户籍迁入金鼎村", actor=staff)
    assert moved.constituency == second and moved.status == "registered"
    event = ElectionEvent.objects.get(action="voter_transfer")
    assert event.data == {"from": 1, "to": 2} and event.note == "户籍迁入金鼎村"
    assert AuditEvent.objects.filter(action="election.voter_transfer").exists()


def test_art_27_a_transfer_names_a_reason_and_another_constituency_of_the_same_election(two, staff, election):
    first, second = two
    voter = register(first, staff, 2)
    with pytest.raises(ValidationError) as error:
        services.voter_transfer(voter=voter, to=first, reason="", actor=staff)
    assert set(error.value.message_dict) == {"reason", "to"}
    other = services.election_create(actor=staff, region=Region.objects.get(pk="430121106"), title="补选",
                                      election_day=DAY, committee="c", by_election=True)
    elsewhere = services.constituency_add(election=other, number=1, name="x", seats=1, actor=staff)
    with pytest.raises(ValidationError, match="本次选举"):
        services.voter_transfer(voter=voter, to=elsewhere, reason="迁居", actor=staff)
    voter.refresh_from_db()
    assert voter.constituency == first


def test_art_27_removed_voters_and_voters_with_proxies_are_not_moved(two, staff):
    first, second = two
    gone, principal, holder = (register(first, staff, n) for n in (3, 4, 5))
    services.voter_remove(voter=gone, reason="死亡", actor=staff)
    with pytest.raises(ServiceError, match="已除名"):
        services.voter_transfer(voter=gone, to=second, reason="迁居", actor=staff)
    services.proxy_record(principal=principal, holder=holder, approved_on=DAY, in_writing=True, actor=staff)
    for voter in (principal, holder):
        with pytest.raises(ServiceError, match="委托投票"):
            services.voter_transfer(voter=voter, to=second, reason="迁居", actor=staff)


# ---------------------------------------------------------------- suits


@pytest.fixture
def decided(election, staff):
    published = DAY - datetime.timedelta(days=20)
    election = services.election_record_publication(election=election, step="roll", day=published, actor=staff)
    objection = services.objection_receive(election=election, complainant="王某", content="漏登",
                                           received_on=published, actor=staff)
    return services.objection_decide(objection=objection, upheld=False, decision="不予更正", actor=staff,
                                     decided_on=published + datetime.timedelta(days=2))


def test_art_29_a_suit_is_filed_five_days_before_election_day_at_the_latest(decided, staff):
    with pytest.raises(ValidationError) as error:
        suits.suit_file(objection=decided, filed_on=DAY - datetime.timedelta(days=4), court="长沙县人民法院",
                        actor=staff)
    assert "第二十九条" in error.value.message_dict["filed_on"][0]
    filed = suits.suit_file(objection=decided, filed_on=DAY - datetime.timedelta(days=5), court="长沙县人民法院",
                            actor=staff)
    assert filed.suit_filed_on == DAY - datetime.timedelta(days=5) and filed.court == "长沙县人民法院"
    with pytest.raises(ServiceError, match="已经起诉"):
        suits.suit_file(objection=filed, filed_on=DAY - datetime.timedelta(days=6), court="x", actor=staff)


def test_art_29_only_a_decision_made_can_be_sued_against(election, staff):
    published = DAY - datetime.timedelta(days=20)
    election = services.election_record_publication(election=election, step="roll", day=published, actor=staff)
    pending = services.objection_receive(election=election, complainant="李某", content="错登", received_on=published,
                                         actor=staff)
    with pytest.raises(ServiceError, match="尚未作出处理决定"):
        suits.suit_file(objection=pending, filed_on=published + datetime.timedelta(days=1), court="法院", actor=staff)


def test_art_29_the_court_rules_before_election_day_and_its_judgment_is_final(decided, staff):
    filed = suits.suit_file(objection=decided, filed_on=DAY - datetime.timedelta(days=8), court="长沙县人民法院",
                            actor=staff)
    with pytest.raises(ValidationError) as error:
        suits.suit_judgment(objection=filed, judged_on=DAY, upheld=True, judgment="更正", actor=staff)
    assert "选举日以前" in error.value.message_dict["judged_on"][0]
    judged = suits.suit_judgment(objection=filed, judged_on=DAY - datetime.timedelta(days=2), upheld=True,
                                 judgment="应将王某列入选民名单", actor=staff)
    assert judged.court_upheld is True and judged.judgment == "应将王某列入选民名单"
    with pytest.raises(ServiceError, match="最后决定"):
        suits.suit_judgment(objection=judged, judged_on=DAY - datetime.timedelta(days=1), upheld=False,
                            judgment="x", actor=staff)
    assert list(ElectionEvent.objects.filter(action__startswith="suit_").values_list("action", flat=True)) == [
        "suit_file", "suit_judgment"]


# ---------------------------------------------------------------- the pre-election


def test_art_32_no_pre_election_within_the_ratio(two, staff):
    first, _ = two
    a, b = nominate(first, staff, ["甲某", "乙某"])
    with pytest.raises(ServiceError, match="无需预选"):
        preelection.preelection_record(constituency=first, votes={a.pk: 3, b.pk: 1}, keep=2, actor=staff)


def test_art_32_the_formal_list_is_taken_in_the_order_of_the_pre_elections_votes(two, staff):
    _, second = two  # 2 seats: 3 or 4 candidates are lawful (Art 31)
    nominated = nominate(second, staff, ["甲某", "乙某", "丙某", "丁某", "戊某", "己某"])
    assert preelection.preelection_needed(second)
    votes = {c.pk: v for c, v in zip(nominated, (40, 12, 33, 25, 8, 30), strict=True)}
    retained = preelection.preelection_record(constituency=second, votes=votes, keep=4, actor=staff)
    assert [c.name for c in retained] == ["甲某", "丙某", "己某", "丁某"]
    assert sorted(second.candidates.values_list("name", "preelection_votes")) == sorted(
        [("甲某", 40), ("丙某", 33), ("己某", 30), ("丁某", 25)])
    assert ElectionEvent.objects.filter(action="candidate_withdraw").count() == 2
    assert ElectionEvent.objects.get(action="preelection_record").data["votes"]["乙某"] == 12
    formal = services.candidates_formalise(constituency=second, actor=staff)
    assert len(formal) == 4 and all(c.formal for c in formal)


def test_art_32_a_tie_at_the_cut_off_or_a_size_outside_the_ratio_changes_nothing(two, staff):
    _, second = two
    nominated = nominate(second, staff, ["甲某", "乙某", "丙某", "丁某", "戊某"])
    tied = {c.pk: v for c, v in zip(nominated, (40, 30, 20, 20, 5), strict=True)}
    with pytest.raises(ValidationError, match="并列"):
        preelection.preelection_record(constituency=second, votes=tied, keep=3, actor=staff)
    with pytest.raises(ValidationError) as error:
        preelection.preelection_record(constituency=second, votes=tied, keep=2, actor=staff)
    assert "keep" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        preelection.preelection_record(constituency=second, votes={nominated[0].pk: 3}, keep=4, actor=staff)
    assert "votes" in error.value.message_dict
    assert second.candidates.count() == 5 and not Candidate.objects.filter(preelection_votes__isnull=False).exists()


# ---------------------------------------------------------------- ballot order


def test_the_ballot_lists_candidates_by_surname_strokes_by_default(two, staff):
    first, second = two
    nominate(second, staff, ["曾志强", "王芳", "丁一"])
    formal = services.candidates_formalise(constituency=second, actor=staff)
    assert [(c.name, c.position) for c in formal] == [("丁一", 1), ("王芳", 2), ("曾志强", 3)]


def test_the_ballot_order_may_be_the_order_of_nomination(two, staff, settings):
    settings.LIANLUO_ELECTIONS_BALLOT_ORDER = "nomination"
    _, second = two
    nominate(second, staff, ["曾志强", "王芳", "丁一"])
    formal = services.candidates_formalise(constituency=second, actor=staff)
    assert [c.name for c in formal] == ["曾志强", "王芳", "丁一"]
