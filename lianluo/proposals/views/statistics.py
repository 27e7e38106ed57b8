"""Statistics of the handling of suggestions, the units' assessment, their Excel exports and the annual report."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from lianluo.proposals import annual_report, assessment, permissions, statistics, statistics_export
from lianluo.regions.models import Congress, Level, chinese_numeral

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
YEARS_BACK = 10
MIN_YEAR = 1979  # 地方组织法 (local congresses with standing committees) dates from 1979


class FilterForm(forms.Form):
    region = forms.ChoiceField(label="人大", required=False)
    own_level = forms.BooleanField(label="仅本级", required=False)
    term = forms.TypedChoiceField(label="届次", required=False, coerce=int, empty_value=None)
    session = forms.TypedChoiceField(label="会议", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    by = forms.ChoiceField(label="分组", required=False, choices=list(statistics.GROUPINGS.items()))

    def __init__(self, data, *, regions, terms, sessions, years):
        super().__init__(data)
        self.fields["region"].choices = [("", "管辖范围内全部"), *regions]
        self.fields["term"].choices = [("", "全部届次"), *terms]
        self.fields["session"].choices = [("", "全部会议"), *sessions]
        self.fields["year"].choices = [("", "全部年度"), *((y, f"{y}年") for y in years)]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-check-input" if name == "own_level" else "form-select"

    def filters(self) -> statistics.StatisticsFilters:
        if not self.is_valid():
            return statistics.StatisticsFilters()
        data = self.cleaned_data
        return statistics.StatisticsFilters(term=data["term"], session=data["session"], year=data["year"],
                                            region=data["region"], own_level=data["own_level"])


def _parse(request) -> tuple[FilterForm, statistics.Scope]:
    """The filter form, with choices for the asked-for office (or the reader's own), and the resolved scope."""
    user = request.user
    regions = statistics.region_choices(user=user)
    asked = request.GET.get("region", "")
    if asked.isascii() and asked.isdigit() and asked not in dict(regions):
        regions.append((asked, asked))  # a township asked for by code: offered, then checked by scope_for
    term = request.GET.get("term", "")
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - YEARS_BACK, -1))
    year = request.GET.get("year", "")
    if year.isdigit() and MIN_YEAR <= int(year) <= this_year + 1 and int(year) not in years:
        years.append(int(year))  # an earlier year asked for in the address
    data = request.GET.copy()
    # The current year unless another (or 全部年度, year="") is asked for: the usual question, and a fifth of
    # the rows to count.
    data.setdefault("year", str(this_year))
    form = FilterForm(data, regions=regions,
                      terms=statistics.term_choices(region_code=asked or statistics.home_region(user=user)),
                      sessions=statistics.session_choices(term_id=int(term) if term.isdigit() else None),
                      years=years)
    filters = form.filters()
    return form, statistics.scope_for(user=user, filters=filters)


def _conditions(form: FilterForm) -> str:
    """The filters in words, for the exports."""
    if not form.is_bound or not form.is_valid():
        return ""
    parts = []
    for name in ("region", "term", "session", "year"):
        value = form.cleaned_data[name]
        if value not in (None, ""):
            parts.append(f"{form.fields[name].label}：{dict(form.fields[name].choices).get(value, value)}")
    if form.cleaned_data["own_level"]:
        parts.append("仅本级")
    return "；".join(parts)


def _title(scope: statistics.Scope) -> str:
    return scope.region.congress_title if scope.region else "管辖范围内各级人大"


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _allowed(request) -> None:
    if not permissions.can_view_statistics(request.user):
        raise PermissionDenied


# A province office's table by unit has a row for every lead unit of the province (over a thousand); the page shows
# those with the most referrals and says so; "显示全部" and the Excel export have them all.
TABLE_ROWS = 50


def _shown(request, rows: list) -> tuple[list, int]:
    """(the rows the page draws, how many were left out)."""
    if request.GET.get("all") == "1" or len(rows) <= TABLE_ROWS:
        return rows, 0
    return rows[:TABLE_ROWS], len(rows) - TABLE_ROWS


def _chart(rows, limit: int = 15) -> dict:
    top = rows[:limit]
    return {
        "labels": [r.label for r in top],
        "series": [
            {"name": "办结率", "values": [_pct(r.figures.finish_rate) for r in top]},
            {"name": "见面率", "values": [_pct(r.figures.contact_rate) for r in top]},
            {"name": "满意率（含基本满意）", "values": [_pct(r.figures.first_satisfied_incl_rate) for r in top]},
            {"name": "解决率", "values": [_pct(r.figures.solved_rate) for r in top]},
        ],
    }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


@login_required
def statistics_page(request):
    _allowed(request)
    form, scope = _parse(request)
    by = form.cleaned_data.get("by") if form.is_bound and form.is_valid() else ""
    by = by or "unit"
    figures = statistics.headline(user=request.user, scope=scope)
    rows = statistics.grouped(user=request.user, scope=scope, by=by)
    shown, left_out = _shown(request, rows)
    query = urlencode(scope.filters.query())
    return render(request, "proposals/statistics.html", {
        "form": form, "scope": scope, "title": _title(scope), "figures": figures, "rows": shown,
        "left_out": left_out, "by": by,
        "by_label": statistics.GROUPINGS[by], "groupings": statistics.GROUPINGS, "classes": scope.classes,
        "chart": _chart(rows), "query": query, "today": timezone.localdate(),
        "headline": statistics_export.headline_rows(figures, scope.classes),
    })


@login_required
def statistics_export_xlsx(request):
    _allowed(request)
    form, scope = _parse(request)
    figures = statistics.headline(user=request.user, scope=scope)
    groups = {by: statistics.grouped(user=request.user, scope=scope, by=by) for by in statistics.GROUPINGS}
    data = statistics_export.statistics_xlsx(title=_title(scope), conditions=_conditions(form), figures=figures,
                                             groups=groups, classes=scope.classes)
    return _download(data, XLSX, f"代表建议办理统计_{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def assessment_page(request):
    _allowed(request)
    form, scope = _parse(request)
    ranking = assessment.unit_assessment(user=request.user, scope=scope)
    chart = {"labels": [s.unit.name for s in ranking.ranked[:20]],
             "series": [{"name": "得分", "values": [s.score for s in ranking.ranked[:20]]}]}
    ranked, left_out = _shown(request, ranking.ranked)
    apart, apart_left_out = _shown(request, ranking.apart)
    return render(request, "proposals/assessment.html", {
        "form": form, "scope": scope, "title": _title(scope), "ranking": ranking, "chart": chart,
        "ranked": ranked, "apart": apart, "left_out": left_out + apart_left_out,
        "query": urlencode(scope.filters.query()), "total": sum(w.weight for w in ranking.weights),
    })


@login_required
def assessment_export_xlsx(request):
    _allowed(request)
    form, scope = _parse(request)
    ranking = assessment.unit_assessment(user=request.user, scope=scope)
    data = statistics_export.assessment_xlsx(title=_title(scope), conditions=_conditions(form), ranking=ranking)
    return _download(data, XLSX, f"承办单位考核_{timezone.localdate():%Y%m%d}.xlsx")


def _subject(region, filters: statistics.StatisticsFilters, year: int) -> tuple[str, str]:
    """(what the title names, the period the first paragraph names)."""
    session = statistics.session_get(pk=filters.session)
    if session is not None and session.term.congress.region_id == region.code:
        subject = (f"{region.name}第{chinese_numeral(session.term.number)}届人民代表大会"
                   f"第{chinese_numeral(session.number)}次会议")
        return subject, f"{subject}期间"
    if filters.session == statistics.BETWEEN_SESSIONS:
        return f"{year}年{region.name}人大闭会期间", f"{year}年闭会期间"
    return f"{year}年度{region.name}人大", f"{year}年"


@login_required
def annual_report_docx(request):
    """The draft of the handling report of one congress office (its own level), for a year or a session."""
    _allowed(request)
    form, scope = _parse(request)
    user, today, filters = request.user, timezone.localdate(), scope.filters
    region = scope.region or statistics.scope_for(
        user=user, filters=statistics.StatisticsFilters(region=statistics.home_region(user=user))).region
    if region is None:  # a national assignment has no office of its own: ask which one
        messages.warning(request, "请先在筛选条件中选择人大，再生成办理情况报告。")
        return redirect("proposals:statistics")
    year = filters.year or today.year
    asked_session = filters.session not in (None, statistics.BETWEEN_SESSIONS)
    report_filters = statistics.StatisticsFilters(term=filters.term, session=filters.session,
                                                  year=None if asked_session else year, region=region.code,
                                                  own_level=True)
    report_scope = statistics.Scope(filters=report_filters, region=region)
    congress = Congress.objects.filter(region_id=region.code).only("level").first()
    has_committee = congress.has_standing_committee if congress else region.level <= Level.COUNTY
    subject, period = _subject(region, report_filters, year)
    data = annual_report.ReportInput(
        office=f"{region.name}人大常委会" if has_committee else f"{region.name}人大主席团",
        subject=subject, period=period, figures=statistics.headline(user=user, scope=report_scope),
        units=statistics.grouped(user=user, scope=report_scope, by="unit"), classes=report_scope.classes,
        as_of=today, has_standing_committee=has_committee)
    return _download(annual_report.report_docx(data), DOCX, f"{subject}代表建议办理情况报告（草稿）.docx")
