"""Statistics of the handling of suggestions, the units' assessment, the exports and the annual report.

The figures are checked against a small case counted by hand (``world`` below: ten suggestions of 长沙县 in the
year 2031, which no demo suggestion has, built directly with the ORM so that every state is exactly as stated).
"""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from lianluo.proposals import assessment, statistics
from lianluo.proposals.assessment import UnitRates, Weight, parse_scheme, rank, unit_score
from lianluo.proposals.services.figures import figures_rebuild
from lianluo.proposals.statistics import StatisticsFilters

YEAR = 2031
TODAY = datetime.date(YEAR, 12, 31)
HOUSING, EDUCATION = "长沙县住房和城乡建设局", "长沙县教育局"


def d(month: int, day: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, day)


# ---------------------------------------------------------------- the hand-counted world


@pytest.fixture
def world(db):
    """The clock stands at the end of 2031 while a test runs (the pages count overdue from today).

    s1–s6 referred (4 to 住建局, 2 to 教育局), s7 accepted, s8 merged into s1, s9 a draft, s10 withdrawn.

    | #  | status     | lead unit | contact | class | first / final rating    | due        | replied    | round |
    | s1 | closed     | 住建局    | yes     | A     | satisfied / satisfied   | 2031-06-30 | 2031-06-01 | 1     |
    | s2 | closed     | 住建局    | yes (2) | B     | dissatisfied / basic    | 2031-08-01 | 2031-07-20 | 2     |
    | s3 | replied    | 住建局    | no      | A     | —                       | 2031-05-01 | 2031-05-10 | 1     |
    | s4 | assigned   | 住建局 (教育局 gave it back) | no | — | —               | 2031-03-01 | —          | 1     |
    | s5 | assigned   | 教育局    | yes     | —     | — (key suggestion)      | 2032-03-01 | —          | 1     |
    | s6 | rehandling | 教育局    | yes     | C     | dissatisfied / dissat.  | 2032-01-31 | —          | 2     |
    """
    from lianluo.casework.models import Category
    from lianluo.deputies.models import Mandate
    from lianluo.proposals.models import ContactRecord, Handling, Suggestion
    from lianluo.regions.models import Delegation, Organisation, Session, Term

    term = Term.objects.filter(congress__region_id="430121").order_by("-number").first()
    session = Session.objects.filter(term=term).order_by("-number").first()
    m1, m2 = list(Mandate.objects.filter(region_id="430121", term=term).order_by("id")[:2])
    delegation = Delegation.objects.create(term=term, name="统计测试代表团", region_id="430121")
    Mandate.objects.filter(pk=m1.pk).update(delegation=delegation)
    Mandate.objects.filter(pk=m2.pk).update(delegation=None)
    category = Category.objects.filter(region_id="430121", parent__isnull=False).first()
    units = {o.name: o for o in Organisation.objects.filter(region_id="430121", name__in=[HOUSING, EDUCATION])}

    def make(n, status, *, lead=m1, unit=HOUSING, session_=session, **fields):
        submitted = None if status == "draft" else d(1, 10)
        suggestion = Suggestion.objects.create(
            region_id="430121", term=term, session=session_, year=YEAR, number=9000 + n, title=f"统计测试建议{n}",
            body="正文", lead=lead, status=status, submitted_on=submitted, **fields)
        handling = None
        if unit:
            handling = Handling.objects.create(suggestion=suggestion, unit=units[unit], role="lead",
                                               status="signed", assigned_on=d(2, 1))
        return suggestion, handling

    def contact(pair, times=1):
        suggestion, handling = pair
        for _ in range(times):
            ContactRecord.objects.create(suggestion=suggestion, handling=handling, contacted_on=d(2, 10),
                                         way="meeting", summary="见面沟通")
        Suggestion.objects.filter(pk=suggestion.pk).update(contacted=True)  # as services.contact_record does

    s1 = make(1, "closed", category=category, due_on=d(6, 30), replied_on=d(6, 1), reply_class="A",
              first_satisfaction="satisfied", satisfaction="satisfied", closed_on=d(6, 5))
    contact(s1)
    s2 = make(2, "closed", category=category, due_on=d(8, 1), replied_on=d(7, 20), reply_class="B",
              first_satisfaction="dissatisfied", satisfaction="basically", round=2, closed_on=d(7, 25))
    contact(s2, times=2)
    make(3, "replied", due_on=d(5, 1), replied_on=d(5, 10), reply_class="A")
    s4 = make(4, "assigned", session_=None, due_on=d(3, 1))
    Handling.objects.create(suggestion=s4[0], unit=units[EDUCATION], role="lead", status="returned",
                            assigned_on=d(1, 20), return_reason="不属于本单位职责")
    s5 = make(5, "assigned", lead=m2, unit=EDUCATION, session_=None, due_on=d(3, 1, YEAR + 1), is_key=True)
    contact(s5)
    s6 = make(6, "rehandling", lead=m2, unit=EDUCATION, session_=None, due_on=d(1, 31, YEAR + 1), reply_class="C",
              first_satisfaction="dissatisfied", satisfaction="dissatisfied", round=2)
    contact(s6)
    make(7, "accepted", unit=None)
    make(8, "merged", unit=None, merged_into=s1[0])
    make(9, "draft", unit=None)
    make(10, "withdrawn", unit=None)
    figures_rebuild()  # built with the ORM, not the services: counted as after a bulk load
    with time_machine.travel(datetime.datetime(YEAR, 12, 31, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield {"term": term, "session": session, "delegation": delegation, "category": category, "units": units}


def scope(user, **filters):
    return statistics.scope_for(user=user, filters=StatisticsFilters(year=YEAR, **filters))


def test_headline_figures_match_the_hand_count(world, cast):
    user = cast("csx_lianluo")
    f = statistics.headline(user=user, scope=scope(user), today=TODAY)
    assert (f.received, f.merged, f.assigned, f.finished, f.closed, f.in_hands) == (9, 1, 6, 3, 2, 3)
    assert f.finish_rate == pytest.approx(3 / 6)
    assert (f.classed, f.classes, f.solved) == (4, (2, 1, 1), 2)
    assert f.solved_rate == pytest.approx(0.5)
    assert (f.overdue_open, f.replied_late, f.on_time, f.due) == (1, 1, 2, 4)
    assert f.on_time_rate == pytest.approx(0.5)
    assert (f.rehandled, f.key, f.key_finished) == (2, 1, 0)


def test_contact_rate_counts_suggestions_with_a_contact_record_once_art_51(world, cast):
    """代表法 Art 51 ¶2: a suggestion with two contact records counts once; one without any is not contacted."""
    user = cast("csx_lianluo")
    f = statistics.headline(user=user, scope=scope(user), today=TODAY)
    assert (f.contacted, f.uncontacted) == (4, 2)
    assert f.contact_rate == pytest.approx(4 / 6)


def test_the_contacted_flag_says_there_is_a_contact_record(db):
    """The figures read ``Suggestion.contacted``; the services set it with the first contact record (the demo
    suggestions are made through the services)."""
    from lianluo.proposals.models import Suggestion

    with_record = set(Suggestion.objects.filter(contacts__isnull=False).values_list("pk", flat=True))
    assert with_record
    assert with_record == set(Suggestion.objects.filter(contacted=True).values_list("pk", flat=True))


def test_first_and_final_satisfaction_are_reported_apart_e4_e5(world, cast):
    """RULES.md E4–E5: the first rating (before re-handling) and the final one, each with and without 基本满意."""
    user = cast("csx_lianluo")
    f = statistics.headline(user=user, scope=scope(user), today=TODAY)
    assert (f.first_rated, f.first_satisfied, f.first_basic, f.first_dissatisfied) == (3, 1, 0, 2)
    assert (f.final_rated, f.final_satisfied, f.final_basic, f.final_dissatisfied) == (3, 1, 1, 1)
    assert f.first_satisfied_rate == pytest.approx(1 / 3)
    assert f.first_satisfied_incl_rate == pytest.approx(1 / 3)
    assert f.final_satisfied_rate == pytest.approx(1 / 3)
    assert f.final_satisfied_incl_rate == pytest.approx(2 / 3)


def test_overdue_counts_follow_the_reply_deadline_art_51(world, cast):
    """代表法 Art 51 ¶1–2: in the units' hands past the due day is overdue (acting on the due day is on time,
    民法典 Art 203 ¶2); a reply after it is late; a due day still ahead is neither (s5, s6)."""
    user = cast("csx_lianluo")
    assert statistics.headline(user=user, scope=scope(user), today=d(3, 1)).overdue_open == 0  # s4: due 1 March
    assert statistics.headline(user=user, scope=scope(user), today=d(3, 2)).overdue_open == 1


def test_no_rate_without_a_denominator():
    figures = statistics.Figures()
    assert figures.finish_rate is None and figures.contact_rate is None and figures.solved_rate is None
    assert statistics.rate(0, 0) is None and statistics.rate(1, 4) == 0.25


def test_grouped_by_lead_unit_leaves_out_a_unit_that_gave_the_suggestion_back(world, cast):
    user = cast("csx_lianluo")
    rows = {r.label: r.figures for r in statistics.grouped(user=user, scope=scope(user), by="unit", today=TODAY)}
    assert set(rows) == {HOUSING, EDUCATION}
    housing, education = rows[HOUSING], rows[EDUCATION]
    assert (housing.assigned, housing.finished, housing.contacted, housing.classed, housing.solved) == (4, 3, 2, 3, 2)
    assert (housing.on_time, housing.due, housing.overdue_open, housing.replied_late) == (2, 4, 1, 1)
    assert (education.assigned, education.finished, education.contacted, education.due) == (2, 0, 2, 0)
    assert education.on_time_rate is None and education.first_satisfied_incl_rate == 0


def test_grouped_by_category_session_and_delegation(world, cast):
    user = cast("csx_lianluo")
    sc = scope(user)
    by_category = {r.label: r.figures.assigned for r in statistics.grouped(user=user, scope=sc, by="category")}
    parent = world["category"].parent.name
    assert by_category == {f"{parent} › {world['category'].name}": 2, "未分类": 4}
    by_session = {r.label: r.figures.assigned for r in statistics.grouped(user=user, scope=sc, by="session")}
    assert sorted(by_session.values()) == [3, 3]
    assert any(label.endswith("闭会期间") for label in by_session)
    by_delegation = {r.label: r.figures.assigned for r in statistics.grouped(user=user, scope=sc, by="delegation")}
    assert by_delegation == {"统计测试代表团": 4, "未编入代表团": 2}


def test_filters_between_sessions_and_session(world, cast):
    user = cast("csx_lianluo")
    between = statistics.headline(user=user, scope=scope(user, session=statistics.BETWEEN_SESSIONS), today=TODAY)
    assert between.assigned == 3
    during = statistics.headline(user=user, scope=scope(user, session=world["session"].pk), today=TODAY)
    assert during.assigned == 3
    other_year = statistics.headline(user=user, scope=statistics.scope_for(
        user=user, filters=StatisticsFilters(year=YEAR + 5)), today=TODAY)
    assert other_year.assigned == 0


# ---------------------------------------------------------------- jurisdiction


@pytest.fixture
def zhuzhou(db):
    """Liaison staff of 株洲市 (outside 长沙市)."""
    from lianluo.accounts.models import Assignment, User

    user = User.objects.create(username="tj_zhuzhou", full_name="株洲测试", home_region_id="4302",
                               must_change_password=False)
    Assignment.objects.create(user=user, role="liaison_staff", region_id="4302")
    return User.objects.get(pk=user.pk)


def test_city_office_sees_its_counties_figures(world, cast):
    """An office sees its own level and those below: 长沙市 sees 长沙县's suggestions, and 仅本级 leaves them out."""
    user = cast("cs_lianluo")
    assert statistics.headline(user=user, scope=scope(user), today=TODAY).assigned == 6
    assert statistics.headline(user=user, scope=scope(user, region="430121"), today=TODAY).assigned == 6
    assert statistics.headline(user=user, scope=scope(user, region="4301", own_level=True),
                               today=TODAY).assigned == 0


def test_another_city_sees_none_of_them(world, zhuzhou):
    assert statistics.headline(user=zhuzhou, scope=scope(zhuzhou), today=TODAY).assigned == 0
    assert statistics.grouped(user=zhuzhou, scope=scope(zhuzhou), by="unit") == []
    with pytest.raises(Http404):
        scope(zhuzhou, region="430121")


def test_county_office_cannot_ask_for_the_city(world, cast):
    with pytest.raises(Http404):
        scope(cast("csx_lianluo"), region="4301")
    with pytest.raises(Http404):
        scope(cast("csx_lianluo"), region="999999")


def test_pages_refuse_outside_regions_and_other_roles(world, signed_in, zhuzhou, client):
    assert signed_in("csx_daibiao").get("/proposals/statistics/").status_code == 403
    assert signed_in("csx_zhujian").get("/proposals/assessment/").status_code == 403
    client.force_login(zhuzhou, backend="lianluo.accounts.backends.UsernameOrMobileBackend")
    session = client.session
    from lianluo.accounts.middleware import SECOND_FACTOR, SIGNED_IN_AT

    session[SIGNED_IN_AT], session[SECOND_FACTOR] = __import__("time").time(), True
    session.save()
    assert client.get("/proposals/statistics/", {"region": "430121"}).status_code == 404
    assert client.get("/proposals/statistics/report.docx", {"region": "430121"}).status_code == 404
    response = client.get("/proposals/statistics/", {"year": YEAR})
    assert response.status_code == 200 and response.context["figures"].assigned == 0


# ---------------------------------------------------------------- assessment: pure scoring

W = parse_scheme(assessment.DEFAULT_SCHEME)


def unit(name, volume, **rates):
    return UnitRates(name, name, volume, {k: rates.get(k) for k in assessment.INDICATORS})


def test_default_scheme_and_its_parsing():
    assert [(w.key, w.weight) for w in W] == [("timeliness", 30), ("contact", 20), ("satisfaction", 30),
                                              ("solution", 20)]
    assert parse_scheme(" contact:50 ; final_satisfaction:50 ;")[1] == Weight("final_satisfaction", 50)
    for bad in ("speed:10", "contact:x", "contact", "contact:10;contact:20", "contact:0", ""):
        with pytest.raises(ImproperlyConfigured):
            parse_scheme(bad)


def test_scheme_and_minimum_come_from_settings(settings):
    assert assessment.scheme() == W and assessment.minimum_volume() == 3
    settings.LIANLUO_PROPOSALS_ASSESSMENT = "timeliness:60;contact:40"
    settings.LIANLUO_PROPOSALS_ASSESSMENT_MIN = 5
    assert [w.key for w in assessment.scheme()] == ["timeliness", "contact"]
    assert assessment.minimum_volume() == 5


def test_unit_score_is_the_weighted_rates_on_the_weights_total():
    rates = {"timeliness": 1.0, "contact": 0.5, "satisfaction": 0.8, "solution": 0.25}
    assert unit_score(rates, W) == pytest.approx(30 + 10 + 24 + 5)


def test_an_indicator_without_data_shares_its_weight_instead_of_scoring_zero():
    rates = {"timeliness": None, "contact": 1.0, "satisfaction": None, "solution": 0.5}
    assert unit_score(rates, W) == pytest.approx((20 * 1.0 + 20 * 0.5) / 40 * 100)
    assert unit_score({}, W) is None


def test_ranking_ties_share_a_rank_and_the_next_is_skipped():
    units = [unit("甲局", 5, timeliness=1, contact=1, satisfaction=1, solution=1),
             unit("乙局", 4, timeliness=0.5, contact=0.5, satisfaction=0.5, solution=0.5),
             unit("丙局", 9, timeliness=0.5, contact=0.5, satisfaction=0.5, solution=0.5),
             unit("丁局", 3, timeliness=0, contact=0.25, satisfaction=0, solution=0)]
    ranking = rank(units, weights=W, minimum=3)
    assert [(s.unit.name, s.rank, s.score) for s in ranking.ranked] == [
        ("甲局", 1, 100), ("丙局", 2, 50), ("乙局", 2, 50), ("丁局", 4, 5)]


def test_units_below_the_minimum_volume_are_listed_apart_and_not_ranked():
    units = [unit("大局", 3, contact=0.1), unit("小局", 2, contact=1.0), unit("无件局", 0)]
    ranking = rank(units, weights=W, minimum=3)
    assert [s.unit.name for s in ranking.ranked] == ["大局"] and ranking.ranked[0].rank == 1
    assert [s.unit.name for s in ranking.apart] == ["小局", "无件局"]
    assert all(s.rank is None for s in ranking.apart) and ranking.apart[0].score == 100


def test_unit_assessment_from_the_figures(world, cast):
    """住建局: timeliness 2/4, contact 2/4, first satisfaction 1/2, solved 2/3; 教育局 led 2, below 3: apart."""
    user = cast("csx_lianluo")
    ranking = assessment.unit_assessment(user=user, scope=scope(user))
    assert [(s.unit.name, s.rank) for s in ranking.ranked] == [(HOUSING, 1)]
    assert ranking.ranked[0].score == pytest.approx(15 + 10 + 15 + 20 * 2 / 3, abs=0.01)
    assert [s.unit.name for s in ranking.apart] == [EDUCATION]
    # 教育局: nothing due yet, so timeliness is left out: (20×1 + 30×0 + 20×0) / 70 × 100.
    assert ranking.apart[0].score == pytest.approx(2000 / 70, abs=0.01)


# ---------------------------------------------------------------- pages and exports


def test_statistics_page_shows_the_figures(world, signed_in):
    response = signed_in("csx_lianluo").get("/proposals/statistics/", {"year": YEAR, "by": "unit"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "代表建议办理统计" in html and HOUSING in html and "66.7%" in html  # the contact rate 4/6
    assert 'data-bars="group-chart"' in html and "<script>" not in html


def test_statistics_page_for_each_grouping_and_a_committee_member(world, signed_in):
    client = signed_in("hn_changwei")
    for by in statistics.GROUPINGS:
        response = client.get("/proposals/statistics/", {"year": YEAR, "by": by})
        assert response.status_code == 200 and response.context["by"] == by
        assert sum(r.figures.assigned for r in response.context["rows"]) == 6


def test_the_page_counts_the_current_year_unless_asked_otherwise(world, signed_in):
    client = signed_in("csx_lianluo")
    assert client.get("/proposals/statistics/").context["figures"].assigned == 6  # the clock stands in 2031
    assert client.get("/proposals/statistics/", {"year": ""}).context["figures"].assigned > 6  # 全部年度


def test_bad_filters_are_shown_and_ignored(world, signed_in):
    response = signed_in("csx_lianluo").get("/proposals/statistics/", {"year": "abc"})
    assert response.status_code == 200 and response.context["form"].errors


def test_assessment_page(world, signed_in):
    response = signed_in("csx_lianluo").get("/proposals/assessment/", {"year": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "未参与排名" in html and HOUSING in html and EDUCATION in html and "53.33" in html


def test_statistics_export_opens_and_holds_the_numbers(world, signed_in):
    from openpyxl import load_workbook

    response = signed_in("csx_lianluo").get("/proposals/statistics/export.xlsx", {"year": YEAR})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["总体情况", "按主办单位", "按分类", "按会议", "按代表团"]
    overall = {row[0]: row[1] for row in book["总体情况"].iter_rows(values_only=True) if row and row[0]}
    assert overall["交办"] == 6 and overall["收到建议"] == 9 and overall["见面率"] == pytest.approx(4 / 6)
    assert overall["首次满意率（含基本满意）"] == pytest.approx(1 / 3)
    assert overall["最终满意率（含基本满意）"] == pytest.approx(2 / 3)
    assert book["总体情况"]["B8"].number_format == "0.0%"
    header, *rows = list(book["按主办单位"].iter_rows(values_only=True))
    housing = dict(zip(header, next(r for r in rows if r[0] == HOUSING), strict=True))
    assert housing["交办件数"] == 4 and housing["解决率"] == pytest.approx(2 / 3)


def test_assessment_export_opens_and_holds_the_ranking(world, signed_in):
    from openpyxl import load_workbook

    response = signed_in("csx_lianluo").get("/proposals/assessment/export.xlsx", {"year": YEAR})
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["考核排名", "未参与排名", "评分办法"]
    ranked = list(book["考核排名"].iter_rows(min_row=2, values_only=True))
    assert ranked[0][:3] == (1, HOUSING, 4) and ranked[0][-1] == pytest.approx(53.33, abs=0.01)
    assert list(book["未参与排名"].iter_rows(min_row=2, values_only=True))[0][1] == EDUCATION
    rules = {row[0]: row[1] for row in book["评分办法"].iter_rows(min_row=2, values_only=True)}
    assert rules["按时答复率"] == 30 and rules["最低主办件数"] == 3


def _docx(content: bytes):
    from docx import Document

    return Document(io.BytesIO(content))


def test_annual_report_is_a_draft_word_document_in_official_layout_art_51(world, signed_in):
    """代表法 Art 51 ¶3: the handling report for the standing committee, drafted from the figures."""
    from docx.oxml.ns import qn

    response = signed_in("csx_lianluo").get("/proposals/statistics/report.docx", {"year": YEAR})
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    document = _docx(response.content)
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == f"关于{YEAR}年度长沙县人大代表建议、批评和意见办理情况的报告"
    assert "（草稿）" in text and "第五十一条" in text
    assert "共收到代表建议9件" in text and "办理6件" in text and "并案处理" in text
    assert "已答复代表3件，办结率50.0%" in text and "见面率66.7%" in text
    assert "解决率50.0%" in text and "满意率33.3%" in text and "含基本满意66.7%" in text
    assert "重点督办建议1件" in text
    assert "仍有1件建议超过法定答复期限尚未答复，涉及长沙县住房和城乡建设局" in text
    table = document.tables[0]
    units = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert units[HOUSING][1:4] == ["4", "3", "75.0%"]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert document.styles["Report Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.paragraphs[0].style.name == "Report Title"


def test_annual_report_for_a_session_names_it(world, signed_in):
    session = world["session"]
    response = signed_in("cs_lianluo").get("/proposals/statistics/report.docx",
                                           {"region": "430121", "term": world["term"].pk, "session": session.pk})
    assert response.status_code == 200
    title = _docx(response.content).paragraphs[0].text
    assert title.startswith("关于长沙县第") and "人民代表大会第" in title and title.endswith("办理情况的报告")


# ---------------------------------------------------------------- a fixed number of queries


def test_figures_are_cached_for_a_minute(world, cast, django_assert_num_queries):
    user = cast("csx_lianluo")
    statistics.headline(user=user, scope=scope(user), today=TODAY)
    with django_assert_num_queries(0):
        statistics.headline(user=user, scope=scope(user), today=TODAY)
    other = scope(user, own_level=True, region="430121")
    with django_assert_num_queries(2):  # other filters, another key: the sums and the live overdue count
        statistics.headline(user=user, scope=other, today=TODAY)


@pytest.mark.parametrize(("username", "url", "limit"), [
    # each table: the sums of the running counts, the live overdue count and the groups' names (two for sessions)
    ("csx_lianluo", "/proposals/statistics/", 13),
    ("hn_lianluo", "/proposals/statistics/?by=category", 13),
    ("hn_changwei", "/proposals/statistics/?by=delegation&year=2031", 13),
    ("csx_lianluo", "/proposals/statistics/?by=session&region=430121&own_level=on", 15),
    ("csx_lianluo", "/proposals/assessment/", 11),
])
def test_pages_run_a_fixed_number_of_queries(world, signed_in, django_assert_max_num_queries, username, url,
                                             limit):
    client = signed_in(username)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_query_count_does_not_grow_with_the_data(world, signed_in, django_assert_num_queries):
    """More suggestions, units and contacts: the same queries."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lianluo.proposals.models import Suggestion

    client = signed_in("csx_lianluo")
    with CaptureQueriesContext(connection) as before:
        client.get("/proposals/statistics/", {"year": YEAR})
    cache.clear()
    template = Suggestion.objects.get(number=9001, year=YEAR)
    for n in range(20):
        template.pk, template.number = None, 9100 + n
        template.save()
    figures_rebuild()
    with django_assert_num_queries(len(before.captured_queries)):
        client.get("/proposals/statistics/", {"year": YEAR})


def test_a_long_table_is_cut_on_the_page_and_whole_on_request(signed_in, monkeypatch):
    from lianluo.proposals.views import statistics as statistics_views

    monkeypatch.setattr(statistics_views, "TABLE_ROWS", 1)
    client = signed_in("csx_lianluo")
    page = client.get("/proposals/statistics/?year=&by=unit").content.decode()
    assert "显示全部" in page and page.count('<th scope="row" class="fw-normal">') == 1
    whole = client.get("/proposals/statistics/?year=&by=unit&all=1").content.decode()
    assert "显示全部" not in whole and whole.count('<th scope="row" class="fw-normal">') > 1
