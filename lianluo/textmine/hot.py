"""Hot issues of the office's constituent issues: the engine's clusters (``engine.hotissues``) over each region's
recent issues, kept as a snapshot per region and read within the reader's jurisdiction.

A cluster is a proposal for the officer to look at; escalating it to a suggestion draft is the officer's act
(``casework.services.suggestion_draft_create``), never the engine's."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from lianluo.accounts.scoping import jurisdiction_codes
from lianluo.casework import selectors as casework_selectors
from lianluo.casework.models import Issue
from lianluo.casework.permissions import HOT_READERS
from lianluo.core.audit import audit_record
from lianluo.regions.models import Region
from lianluo.textmine.engine.hotissues import HotIssueFinder
from lianluo.textmine.models import HotIssueSnapshot

WINDOW_DAYS = 180  # issues received in the last half year
MAX_ISSUES = 5000  # the newest ones of a region, so that a provincial refresh stays within minutes
TOP = 20
SHOWN_MEMBERS = 8


def _messages(region_code: str, since: datetime.date) -> list[dict]:
    rows = (Issue.objects.filter(region__code__startswith=region_code, received_on__gte=since)
            .order_by("-received_on", "-id")
            .values_list("pk", "title", "content", "received_on", "people_count", "place_region__name", "place")
            [:MAX_ISSUES])
    return [{"key": pk, "subject": title, "body": content,
             "when": datetime.datetime.combine(received, datetime.time()),
             # Several people raising one issue count as its support, as likes do on a message board.
             "likes": max((people or 1) - 1, 0), "place": place_name or place or None}
            for pk, title, content, received, people, place_name, place in rows]


def hot_issues_refresh(*, region_code: str, today: datetime.date | None = None, actor=None) -> HotIssueSnapshot:
    """Cluster the region's recent issues afresh and keep the hottest as its snapshot."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=WINDOW_DAYS)
    messages = _messages(region_code, since)
    finder = HotIssueFinder.build(messages)
    now = datetime.datetime.combine(today, datetime.time())
    clusters = [{
        "title": c.title, "size": c.size, "heat": round(c.heat, 2), "first": c.first.date().isoformat(),
        "last": c.last.date().isoformat(), "places": c.places[:5], "members": list(c.members),
    } for c in finder.clusters(min_size=2, top=TOP, now=now)]
    with transaction.atomic():
        snapshot, _ = HotIssueSnapshot.objects.update_or_create(
            region_id=region_code, defaults={"computed_at": timezone.now(), "since": since,
                                             "issues": len(messages), "clusters": clusters})
        if actor is not None:
            audit_record(action="textmine.hot_issues_refresh", actor=actor, obj=snapshot,
                         summary={"region": region_code, "issues": len(messages), "clusters": len(clusters)})
    return snapshot


def regions_to_refresh(since: datetime.date) -> list[str]:
    """Every region with recent issues, and each of its ancestors up to the province: each office sees the
    clusters of its whole area."""
    codes = set()
    for code in Issue.objects.filter(received_on__gte=since).values_list("region_id", flat=True).distinct():
        codes.update(code[:n] for n in (2, 4, 6, 9) if len(code) >= n)
    return sorted(Region.objects.filter(code__in=codes).values_list("code", flat=True))


def hot_issues_refresh_all(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    codes = regions_to_refresh(today - datetime.timedelta(days=WINDOW_DAYS))
    for code in codes:
        hot_issues_refresh(region_code=code, today=today)
    return len(codes)


def hot_issues_for(*, user) -> list[dict]:
    """The snapshots of the reader's jurisdiction, each cluster with only the issues the reader may open (two
    queries in all: the snapshots, then their issues)."""
    codes = jurisdiction_codes(user, roles=HOT_READERS)
    snapshots = HotIssueSnapshot.objects.select_related("region").order_by("region_id")
    if codes is not None:
        snapshots = snapshots.filter(region_id__in=codes)
    snapshots = list(snapshots)
    wanted = {pk for s in snapshots for c in s.clusters for pk in c["members"]}
    visible = {i.pk: i for i in casework_selectors.issues_visible(user=user).filter(pk__in=wanted)
               .only("pk", "number", "title", "received_on")}
    shown = []
    for snapshot in snapshots:
        clusters = []
        for cluster in snapshot.clusters:
            members = [visible[pk] for pk in cluster["members"] if pk in visible]
            if len(members) >= 2:
                clusters.append({**cluster, "issues": members[:SHOWN_MEMBERS], "more": len(members) - SHOWN_MEMBERS,
                                 "ids": [m.pk for m in members]})
        shown.append({"snapshot": snapshot, "clusters": clusters})
    return shown
