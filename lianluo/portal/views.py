"""The public site: a station's form (no sign-in), the query-code page, and the published deputy suggestions
with their replies (代表法 Art 51 ¶3).

Both are open to everyone. Against abuse: a check question (``challenge``), a hidden honeypot field, and rate
limits per client address and per station kept in the database (``throttle``). Responses are never cached
(they carry a query code or a person's answer; SECURITY.md A13), and the query code travels only in POST bodies,
so it appears in no URL, access log or Referer header.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lianluo.casework import services as casework
from lianluo.casework.models import Channel
from lianluo.core import request_context
from lianluo.core.errors import ServiceError
from lianluo.core.forms import apply_service_errors
from lianluo.portal import challenge, selectors
from lianluo.portal.forms import PublicIssueForm, QueryCodeForm, RatingForm
from lianluo.portal.throttle import Bucket, address_key, throttle_exceeded, throttle_record, window
from lianluo.proposals import selectors_publication as published
from lianluo.proposals.forms_publication import PublicSearchForm

SUBMIT_LABEL = "群众（网上反映）"
RATE_LABEL = "群众（查询码）"
NOT_FOUND = "没有找到与该查询码对应的意见，请核对后重新输入。"


def too_many(request):
    """429 with the window to wait, for every rate-limited public form."""
    response = render(request, "portal/too_many.html", {"minutes": int(window().total_seconds() // 60)}, status=429)
    response["Retry-After"] = str(int(window().total_seconds()))
    return response


def _client_key() -> str:
    return address_key(request_context.current().ip)


@never_cache
@require_http_methods(["GET", "POST"])
def station_form(request, public_key):
    station = selectors.station_for_public(public_key)
    if station is None:
        raise Http404
    question = None
    challenge_error = ""
    if request.method == "POST":
        client, station_key = _client_key(), str(station.pk)
        if (throttle_exceeded(bucket=Bucket.SUBMIT_ADDRESS, key=client)
                or throttle_exceeded(bucket=Bucket.SUBMIT_STATION, key=station_key)):
            return too_many(request)
        form = PublicIssueForm(request.POST)
        screening = challenge.screen_post(request, form)
        challenge_error, question = screening.error, screening.question
        if screening.passed:
            try:
                with transaction.atomic():
                    issue = casework.issue_submit(
                        region=station.region, station=station, channel=Channel.WEB,
                        title=form.cleaned_data["title"], content=form.cleaned_data["content"],
                        place=form.cleaned_data["place"], constituents=[form.constituent()],
                        actor=None, actor_label=SUBMIT_LABEL,
                    )
                    throttle_record(bucket=Bucket.SUBMIT_ADDRESS, key=client)
                    throttle_record(bucket=Bucket.SUBMIT_STATION, key=station_key)
            except (ValidationError, ServiceError) as error:
                if isinstance(error, ServiceError):
                    error = ValidationError(str(error))
                apply_service_errors(form, error)
            else:
                return render(request, "portal/submitted.html", {
                    "station": station, "issue": issue,
                    "wants_answer": form.cleaned_data["wants_answer"],
                })
    else:
        form = PublicIssueForm()
    if question is None:
        question = challenge.challenge_issue(request.session)
    return render(request, "portal/station_form.html", {
        "station": station, "form": form, "challenge": question, "challenge_error": challenge_error,
        "reception_days": selectors.station_reception_days(station),
        "next_shifts": selectors.station_next_shifts(station),
        "kept_answer": request.POST.get("challenge_answer", "") if question and question.reused else "",
    })


def _result(request, issue, code: str, rating: RatingForm | None = None, thanks: bool = False):
    progress = selectors.public_progress(issue)
    if rating is None and progress.rate_target is not None:
        rating = RatingForm(initial={"code": code})
    return render(request, "portal/follow.html", {
        "form": QueryCodeForm(), "progress": progress, "rating": rating if progress.rate_target else None,
        "thanks": thanks,
    })


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    if request.method == "GET":
        return render(request, "portal/follow.html", {"form": QueryCodeForm()})
    client = _client_key()
    if throttle_exceeded(bucket=Bucket.LOOKUP_ADDRESS, key=client):
        return too_many(request)
    rating_post = "satisfaction" in request.POST
    form = QueryCodeForm(request.POST)
    issue = selectors.issue_by_code(form.cleaned_data["code"]) if form.is_valid() else None
    if issue is None:
        # Wrong and unknown codes look the same, and both count against the address (guessing codes).
        throttle_record(bucket=Bucket.LOOKUP_ADDRESS, key=client)
        if "code" not in form.errors:
            form.add_error("code", NOT_FOUND)
        return render(request, "portal/follow.html", {"form": form})
    code = selectors.normalise_code(form.cleaned_data["code"])
    if not rating_post:
        return _result(request, issue, code)
    rating = RatingForm(request.POST)
    progress = selectors.public_progress(issue)
    if progress.rate_target is None:
        return _result(request, issue, code, thanks=bool(progress.satisfaction_label))
    if rating.is_valid():
        try:
            casework.issue_rate(
                issue=progress.rate_target, satisfaction=rating.cleaned_data["satisfaction"],
                comment=rating.cleaned_data["comment"], actor=None, actor_label=RATE_LABEL,
            )
        except (ValidationError, ServiceError) as error:
            if isinstance(error, ServiceError):
                error = ValidationError(str(error))
            apply_service_errors(rating, error)
        else:
            issue.refresh_from_db()
            return _result(request, issue, code, thanks=True)
    return _result(request, issue, code, rating=rating)


# ---------------------------------------------------------------- published suggestions (no personal data)


@require_http_methods(["GET"])
def suggestion_search(request):
    form = PublicSearchForm(request.GET or None,
                            choices=published.public_filter_choices(region=request.GET.get("region", "")))
    form.is_valid()  # a stale or unknown choice is left out; the other filters still apply
    data = getattr(form, "cleaned_data", {})
    filters = published.PublicFilters(
        region=data.get("region") or "", year=data.get("year"), session=data.get("session") or "",
        unit=data.get("unit") or "", category=data.get("category") or "",
        reply_class=data.get("reply_class") or "", query=(data.get("q") or "").strip(),
    )
    result = published.public_search(filters=filters, page=data.get("page") or 1)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/suggestion_search.html", {
        "form": form, "result": result, "query": query.urlencode(), "filtered": any(vars(filters).values()),
        "filters_open": any(value for name, value in vars(filters).items() if name != "query"),
    })


@require_http_methods(["GET"])
def suggestion_public(request, pk):
    publication = published.public_get(pk=pk)
    return render(request, "portal/suggestion_public.html", {
        "publication": publication, "reply_class_label": published.reply_class_label(publication.reply_class),
    })
