"""Services that write congress structures: terms, sessions, committees (audited, atomic, scoped).

Rules of law encoded here:
- 代表法 Art 2 / 宪法 Art 98: a local people's congress is elected for a term of five years.
- 地方组织法 (2022) Art 47 (宪法 Art 96 ¶2): congresses at county level and above elect a standing
  committee; township congresses do not.
- 地方组织法 (2022) Art 33: special committees exist at county level and above.
Liaison staff edit only congresses inside their own jurisdiction (DESIGN.md §2; 等保 8.1.4.2 e).
"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lianluo.core.audit import audit_verify
from lianluo.core.errors import PermissionDeniedError
from lianluo.core.models import AuditEvent
from lianluo.regions import services
from lianluo.regions.models import (
    Congress,
    Delegation,
    Level,
    Region,
    Session,
    SpecialCommittee,
    StandingCommittee,
    StandingCommitteeMember,
    Term,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def congress_of(code: str) -> Congress:
    return Congress.objects.get(region_id=code)


def term_of(code: str) -> Term:
    return Term.objects.filter(congress__region_id=code).order_by("-number").first()


@pytest.fixture
def nothing_written():
    """Asserts, at the end of the block, that no audit row and no structure row was added."""

    def snapshot():
        return (AuditEvent.objects.count(), Term.objects.count(), Session.objects.count(),
                SpecialCommittee.objects.count(), StandingCommittee.objects.count(), Congress.objects.count(),
                Delegation.objects.count(), StandingCommitteeMember.objects.count())

    before = snapshot()
    yield
    assert snapshot() == before


# --- term_open ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end",
    [(D(2026, 12, 20), D(2031, 12, 20)), (D(2024, 2, 29), D(2029, 2, 28)), (D(2028, 1, 10), D(2033, 1, 10))],
)
def test_term_runs_five_years(cast, start, end):
    """A term ends five calendar years after its first session (代表法 Art 2; 29 Feb → 28 Feb)."""
    term = services.term_open(congress=congress_of("430121"), number=19, start_date=start, actor=cast("csx_lianluo"))
    assert (term.start_date, term.end_date) == (start, end)


@pytest.mark.parametrize("code", ["43", "4301", "430121"])
def test_county_level_and_above_terms_get_a_standing_committee(cast, code):
    """地方组织法 Art 47: each new term of a county-or-higher congress has a standing committee."""
    term = services.term_open(congress=congress_of(code), number=30, start_date=D(2027, 1, 15),
                              actor=cast("hn_lianluo"))
    assert StandingCommittee.objects.filter(term=term).count() == 1


def test_township_term_has_no_standing_committee(cast):
    """A township congress has no standing committee (地方组织法 Art 47); its presidium acts between sessions."""
    congress = congress_of("430121105")
    assert congress.level == Level.TOWNSHIP and not congress.has_standing_committee
    term = services.term_open(congress=congress, number=19, start_date=D(2026, 12, 1), actor=cast("csx_lianluo"))
    assert not StandingCommittee.objects.filter(term=term).exists()
    assert not StandingCommittee.objects.filter(term__congress=congress).exists()


def test_term_open_writes_one_audit_row(cast):
    """Opening a term is audited once, with its dates (等保 8.1.4.3; A8)."""
    before = AuditEvent.objects.count()
    term = services.term_open(congress=congress_of("430121"), number=19, start_date=D(2026, 12, 20),
                              actor=cast("csx_lianluo"))
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.actor_label, event.object_id) == ("term.open", "csx_lianluo", str(term.pk))
    assert event.summary == {"start_date": "2026-12-20", "end_date": "2031-12-20"}
    assert audit_verify().ok


def test_term_open_is_idempotent(cast):
    """Opening an existing term number returns it unchanged and writes nothing."""
    existing = term_of("430121")
    before = AuditEvent.objects.count()
    again = services.term_open(congress=existing.congress, number=existing.number, start_date=existing.start_date,
                               actor=cast("csx_lianluo"))
    assert again == existing
    assert AuditEvent.objects.count() == before


def test_term_number_must_be_positive(cast, nothing_written):
    with pytest.raises(ValidationError) as info:
        services.term_open(congress=congress_of("430121"), number=0, start_date=D(2026, 12, 20),
                           actor=cast("csx_lianluo"))
    assert "届次" in info.value.message_dict["number"][0]


# --- session_create ---------------------------------------------------------------------------------


def test_session_create_records_the_session_and_one_audit_row(cast):
    term = term_of("430121")  # 18th term, 2021-12-20 to 2026-12-20
    before = AuditEvent.objects.count()
    session = services.session_create(term=term, number=6, start_date=D(2026, 3, 2), end_date=D(2026, 3, 4),
                                      actor=cast("csx_lianluo"))
    assert Session.objects.get(pk=session.pk).title == "第六次会议"
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id) == ("session.create", str(session.pk))


@pytest.mark.parametrize(
    "kwargs, field, words",
    [
        pytest.param({"number": 5, "start_date": D(2026, 3, 2)}, "number", "本届已有第5次会议", id="duplicate-number"),
        pytest.param({"number": 6, "start_date": D(2021, 12, 19)}, "start_date", "开幕日期", id="before-term"),
        pytest.param({"number": 6, "start_date": D(2026, 12, 20)}, "start_date", "开幕日期", id="on-term-end"),
        pytest.param({"number": 6, "start_date": D(2027, 3, 1)}, "start_date", "开幕日期", id="after-term"),
        pytest.param(
            {"number": 6, "start_date": D(2026, 3, 4), "end_date": D(2026, 3, 2)}, "end_date", "闭幕日期",
            id="end-before-start",
        ),
        pytest.param({"number": 0, "start_date": D(2026, 3, 2)}, "number", "会次", id="zero-number"),
        pytest.param({"number": 6, "start_date": D(2026, 3, 2), "kind": "secret"}, "kind", "会议类型", id="bad-kind"),
    ],
)
def test_session_create_rejects_bad_input_and_writes_nothing(cast, nothing_written, kwargs, field, words):
    """Each problem is reported against its field in Chinese, and neither session nor audit row is written."""
    term = term_of("430121")
    with pytest.raises(ValidationError) as info:
        services.session_create(term=term, actor=cast("csx_lianluo"), **kwargs)
    messages = info.value.message_dict
    assert field in messages, messages
    assert words in messages[field][0]


def test_session_create_reports_every_problem_at_once(cast, nothing_written):
    """Several wrong fields give several messages in one answer (the form shows them all)."""
    with pytest.raises(ValidationError) as info:
        services.session_create(term=term_of("430121"), number=0, start_date=D(2030, 1, 2), end_date=D(2030, 1, 1),
                                actor=cast("csx_lianluo"))
    assert set(info.value.message_dict) == {"number", "start_date", "end_date"}


def test_session_on_the_first_and_last_day_of_the_term_is_accepted(cast):
    """The term's own bounds: the start date is inside, the end date is the next term's first day."""
    term = term_of("430121")
    actor = cast("csx_lianluo")
    services.session_create(term=term, number=20, start_date=term.start_date, actor=actor)
    services.session_create(term=term, number=21, start_date=term.end_date - datetime.timedelta(days=1), actor=actor)
    assert term.sessions.filter(number__in=[20, 21]).count() == 2


# --- Committees --------------------------------------------------------------------------------------


def test_special_committee_refused_for_a_township_congress(cast, nothing_written):
    """地方组织法 Art 33: special committees exist at county level and above only."""
    with pytest.raises(ValidationError) as info:
        services.special_committee_ensure(term=term_of("430121105"), name="财政经济委员会", actor=cast("csx_lianluo"))
    assert "乡镇" in info.value.message_dict["term"][0]


def test_special_committee_allowed_for_a_county_congress(cast):
    committee = services.special_committee_ensure(term=term_of("430121"), name="财政经济委员会",
                                                  actor=cast("csx_lianluo"))
    assert committee.term.congress.region_id == "430121"


def test_standing_committee_member_refused_for_a_township_congress(cast, nothing_written):
    """No standing committee at township level, so no members can be added to one."""
    with pytest.raises(ValidationError):
        services.standing_committee_member_ensure(term=term_of("430121105"), name="张三",
                                                  position=StandingCommitteeMember.Position.MEMBER,
                                                  actor=cast("csx_lianluo"))


# --- Jurisdiction -------------------------------------------------------------------------------------


def _edits(code):
    """Every editing service, aimed at the congress of region ``code``."""
    return {
        "term_open": lambda actor: services.term_open(congress=congress_of(code), number=40,
                                                      start_date=D(2027, 1, 1), actor=actor),
        "session_create": lambda actor: services.session_create(term=term_of(code), number=40,
                                                                start_date=term_of(code).start_date, actor=actor),
        "special_committee_ensure": lambda actor: services.special_committee_ensure(
            term=term_of(code), name="新设委员会", actor=actor),
        "delegation_ensure": lambda actor: services.delegation_ensure(
            term=term_of(code), name="新代表团", region=Region.objects.get(code=code), actor=actor),
        "standing_committee_member_ensure": lambda actor: services.standing_committee_member_ensure(
            term=term_of(code), name="新委员", position=StandingCommitteeMember.Position.MEMBER, actor=actor),
    }


EDIT_NAMES = list(_edits("43"))


@pytest.mark.parametrize("edit", EDIT_NAMES)
@pytest.mark.parametrize(
    "username, code",
    [
        ("csx_lianluo", "4301"),  # county officer, city congress
        ("csx_lianluo", "43"),  # county officer, provincial congress
        ("cs_lianluo", "43"),  # city officer, provincial congress
        ("csx_daibiao", "430121"),  # a deputy is not liaison staff, even in their own county
        ("hn_xitong", "43"),  # the system administrator does not edit business data (8.1.5.1)
        ("hn_shenji", "43"),  # the audit administrator is read-only (8.1.5.2)
    ],
)
def test_editing_a_congress_outside_ones_jurisdiction_is_denied(cast, nothing_written, edit, username, code):
    """PermissionDeniedError before anything is written (DESIGN.md §2; 等保 8.1.4.2 e)."""
    with pytest.raises(PermissionDeniedError):
        _edits(code)[edit](cast(username))


@pytest.mark.parametrize(
    "username, code",
    [("csx_lianluo", "430121"), ("cs_lianluo", "430121"), ("hn_lianluo", "430121"), ("hn_lianluo", "4301"),
     ("cs_lianluo", "4301")],
)
def test_liaison_staff_edit_congresses_in_their_jurisdiction(cast, username, code):
    """The same officers may edit their own congress and those below it."""
    actor = cast(username)
    for edit in _edits(code).values():
        edit(actor)
    assert AuditEvent.objects.filter(actor_label=username).count() >= len(EDIT_NAMES)


def test_county_officer_may_edit_a_township_congress_below(cast):
    session = services.session_create(term=term_of("430121105"), number=10, start_date=D(2026, 6, 1),
                                      actor=cast("csx_lianluo"))
    assert session.term.congress.region_id == "430121105"


def test_congress_ensure_outside_jurisdiction_is_denied(cast, nothing_written):
    with pytest.raises(PermissionDeniedError):
        services.congress_ensure(region=Region.objects.get(code="4302"), actor=cast("cs_lianluo"))


# --- region_import authorisation ----------------------------------------------------------------------


HEADER_AND_ROW = "code,name,parent_code,level\n430121999,测试新镇,430121,4\n".encode()


@pytest.mark.parametrize("username", ["hn_lianluo", "hn_anquan", "hn_shenji", "csx_lianluo"])
def test_only_the_system_administrator_imports_divisions(cast, nothing_written, username):
    """Division tables are reference data kept by the system administrator (等保 8.1.5.1)."""
    with pytest.raises(PermissionDeniedError):
        services.region_import(data=HEADER_AND_ROW, actor=cast(username))
    assert not Region.objects.filter(code="430121999").exists()


def test_system_administrator_import_is_audited_under_their_name(cast):
    report = services.region_import(data=HEADER_AND_ROW, actor=cast("hn_xitong"))
    assert report.ok and report.created == 1
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.actor_label) == ("region.import", "hn_xitong")
