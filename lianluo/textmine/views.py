"""Pages of the text tools: the warning of similar suggestions that the filing page fetches while the deputy types.

The warning is only a prompt. Whether to file stays the deputy's decision (代表法 Art 36 gives the right to every
deputy), so nothing here blocks, merges or records anything.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lianluo.proposals import permissions, selectors
from lianluo.proposals.models import Suggestion
from lianluo.textmine import corpus

MIN_CHARS = 4  # fewer characters than this say nothing yet about what the suggestion is about
LIMIT = 5


def _filing_region(user, asked: str) -> str | None:
    """The congress the user is filing to: ``asked`` if they may file there, else their first one; None if none.

    A deputy files to the congress of one of their serving mandates; liaison staff key in for the congresses of
    their jurisdiction (the same rules as the filing page)."""
    own = [m.region_id for m in selectors.filing_mandates(user=user)]
    if not asked:
        return own[0] if own else next(iter(selectors.office_codes(user=user)), None)
    if asked in own or permissions.can_manage_region(user, asked):
        return asked
    return None


@login_required
@require_GET
def similar_suggestions(request):
    user = request.user
    if not permissions.can_file(user):
        raise PermissionDenied
    region = _filing_region(user, request.GET.get("region", "").strip())
    if region is None:
        raise PermissionDenied
    title, body = request.GET.get("title", "").strip(), request.GET.get("body", "").strip()
    items = []
    if len(title) + len(body) >= MIN_CHARS:
        exclude = request.GET.get("exclude", "")
        found = corpus.similar_to_text(
            region_code=region, year=timezone.localdate().year, text=corpus.suggestion_text(title, body),
            exclude_pk=int(exclude) if exclude.isdigit() else None, limit=LIMIT)
        pks = [pk for pk, _ in found]
        rows = {s.pk: s for s in Suggestion.objects.filter(pk__in=pks).select_related("session").only(
            "id", "title", "year", "status", "session_id", "session__number")}
        corpus.forget(pk for pk in pks if pk not in rows)
        visible = set(selectors.suggestions_visible(user=user).filter(pk__in=list(rows)).values_list("pk", flat=True)) \
            if rows else set()
        items = [{"suggestion": rows[pk], "percent": round(score * 100), "link": pk in visible}
                 for pk, score in found if pk in rows]
    return render(request, "textmine/_similar.html", {"items": items})
