"""Reads of the deputy roster, contacts and visits, always through the reader's jurisdiction."""

import datetime
from collections import Counter
from dataclasses import dataclass, fields

from django.db.models import Case, CharField, Count, Max, Q, QuerySet, Value, When
from django.http import Http404

from lianluo.accounts.scoping import jurisdiction_codes, restrict_to_jurisdiction
from lianluo.deputies.models import Contact, Mandate, OccupationCategory, Person, Visit
from lianluo.deputies.permissions import ROSTER_KEEPERS, ROSTER_READERS, VISIT_RECORDERS
from lianluo.regions.models import Congress, Delegation, DeputyGroup, Level, StandingCommitteeMember, Term
from lianluo.regions.tree import subtree_q

PARTY_CLASSES = (("cpc", "中共"), ("democratic", "民主党派"), ("nonparty", "无党派"))
CPC_PARTIES = ("中国共产党", "中共党员", "中共", "中共预备党员", "中国共产党党员")
NONPARTY = ("", "群众", "无党派", "无党派人士", "无")
ETHNIC_CLASSES = (("han", "汉族"), ("minority", "少数民族"))
# Age bands of the composition report (years of age on the day of the report). Decision: the bands offices use
# for the youth and retirement-age shares: 35 and under (young deputies), 36–45, 46–55, 56–60, over 60.
AGE_BANDS = (("le35", "35岁及以下"), ("36_45", "36至45岁"), ("46_55", "46至55岁"), ("56_60", "56至60岁"),
             ("gt60", "60岁以上"), ("unknown", "未填"))
EDUCATION_CLASSES = (("graduate", "研究生"), ("bachelor", "大学本科"), ("college", "大学专科"),
                     ("secondary", "高中及以下"), ("unknown", "未填"))


@dataclass
class RosterFilters:
    """What the roster page and the export filter on; built from a query string, unknown values ignored."""

    level: int | None = None
    region: str = ""
    delegation: int | None = None
    group: int | None = None
    gender: str = ""
    ethnicity: str = ""  # han / minority
    party: str = ""  # cpc / democratic / nonparty
    category: str = ""
    status: str = ""
    q: str = ""
    order: str = "strokes"  # strokes / pinyin

    @classmethod
    def from_query(cls, params) -> "RosterFilters":
        def number(name):
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        def choice(name, allowed):
            value = (params.get(name) or "").strip()
            return value if value in allowed else ""

        level = number("level")
        region = (params.get("region") or "").strip()
        return cls(
            level=level if level in Level.values else None,
            region=region if region.isascii() and region.isdigit() and len(region) <= 12 else "",
            delegation=number("delegation"), group=number("group"),
            gender=choice("gender", Person.Gender.values), ethnicity=choice("ethnicity", dict(ETHNIC_CLASSES)),
            party=choice("party", dict(PARTY_CLASSES)), category=choice("category", OccupationCategory.values),
            status=choice("status", Mandate.Status.values), q=(params.get("q") or "").strip()[:30],
            order=choice("order", ("strokes", "pinyin")) or "strokes",
        )

    def query_string(self, **override) -> str:
        from urllib.parse import urlencode

        values = {f.name: getattr(self, f.name) for f in fields(self)} | override
        return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _party_class():
    return Case(
        When(Q(person__party__in=CPC_PARTIES), then=Value("cpc")),
        When(Q(person__party__in=NONPARTY), then=Value("nonparty")),
        default=Value("democratic"), output_field=CharField(),
    )


def _scoped(user, roles=ROSTER_READERS) -> QuerySet[Mandate]:
    return restrict_to_jurisdiction(Mandate.objects.all(), user, roles=roles)


def mandate_list(*, user, level: int | None = None, status: str = "", query: str = "",
                 filters: RosterFilters | None = None, roles=ROSTER_READERS) -> QuerySet[Mandate]:
    filters = filters or RosterFilters(level=level, status=status, q=query)
    qs = _scoped(user, roles)
    if filters.level is not None:
        qs = qs.filter(term__congress__level=filters.level)
    if filters.region:
        qs = qs.filter(subtree_q("region", [filters.region]))
    if filters.delegation:
        qs = qs.filter(delegation_id=filters.delegation)
    if filters.group:
        qs = qs.filter(deputy_group_id=filters.group)
    if filters.gender:
        qs = qs.filter(person__gender=filters.gender)
    if filters.ethnicity == "han":
        qs = qs.filter(person__ethnicity="汉族")
    elif filters.ethnicity == "minority":
        qs = qs.exclude(person__ethnicity="汉族")
    if filters.party == "cpc":
        qs = qs.filter(person__party__in=CPC_PARTIES)
    elif filters.party == "nonparty":
        qs = qs.filter(person__party__in=NONPARTY)
    elif filters.party == "democratic":
        qs = qs.exclude(person__party__in=CPC_PARTIES + NONPARTY)
    if filters.category:
        qs = qs.filter(person__occupation_category=filters.category)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(person__name__contains=filters.q)
    key = "pinyin_key" if filters.order == "pinyin" else "strokes_key"
    return qs.select_related("person", "term__congress", "delegation", "deputy_group").order_by(key, "id")


def roster_page(qs: QuerySet[Mandate], *, order: str, after: str, size: int) -> tuple[list[Mandate], str]:
    """One page in official order after the keyset cursor "key~id"; returns (rows, next cursor or "")."""
    key = "pinyin_key" if order == "pinyin" else "strokes_key"
    last_key, _, last_id = (after or "").rpartition("~")
    if last_id.isdigit():
        qs = qs.filter(Q(**{f"{key}__gt": last_key}) | Q(**{key: last_key, "id__gt": int(last_id)}))
    rows = list(qs[: size + 1])
    cursor = ""
    if len(rows) > size:
        rows = rows[:size]
        cursor = f"{getattr(rows[-1], key)}~{rows[-1].pk}"
    return rows, cursor


def mandate_get(*, user, pk: int, roles=ROSTER_READERS) -> Mandate:
    mandate = mandate_list(user=user, roles=roles).filter(pk=pk).first()
    if mandate is None:
        raise Http404
    return mandate


def import_terms(*, user, roles) -> list[Term]:
    """The current terms whose rosters the user may import into."""
    today = datetime.date.today()
    qs = restrict_to_jurisdiction(Term.objects.all(), user, roles=roles, region_field="congress__region")
    qs = qs.filter(start_date__lte=today).exclude(end_date__lte=today)
    return list(qs.select_related("congress__region").order_by("congress__region_id", "-number")[:300])


def contact_candidates(*, member: StandingCommitteeMember, limit: int = 2000) -> list[Mandate]:
    """Serving deputies of the member's own term who are not yet the member's fixed contacts (the member was
    fetched through the reader's scope)."""
    return list(
        Mandate.objects.filter(term_id=member.committee.term_id, status=Mandate.Status.SERVING)
        .exclude(contacts__member=member, contacts__ended_on__isnull=True)
        .select_related("person").order_by("strokes_key", "id")[:limit]
    )


def other_mandates(*, user, mandate: Mandate) -> QuerySet[Mandate]:
    """The same person's other seats that the reader may also see."""
    return mandate_list(user=user).filter(person_id=mandate.person_id).exclude(pk=mandate.pk)


def filter_options(*, user) -> dict:
    """Bounded choice lists for the roster filters (congress regions, delegations, groups in jurisdiction)."""
    codes = jurisdiction_codes(user, roles=ROSTER_READERS)
    congresses = Congress.objects.filter(level__lte=Level.COUNTY).order_by("region_id")
    delegations = Delegation.objects.order_by("term_id", "order", "id")
    groups = DeputyGroup.objects.order_by("term_id", "region_id", "name")
    if codes is not None:
        congresses = congresses.filter(subtree_q("region", codes))
        delegations = delegations.filter(subtree_q("term__congress__region", codes))
        groups = groups.filter(subtree_q("term__congress__region", codes))
    return {
        "regions": list(congresses.values_list("region_id", "region__name")[:300]),
        "delegations": list(delegations.values_list("id", "name")[:300]),
        "groups": list(groups.values_list("id", "name")[:300]),
    }


# ---------------------------------------------------------------- composition (代表构成)


def _years_ago(today: datetime.date, years: int) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _age_band(today: datetime.date):
    # age <= 35  <=>  born after the day 36 years ago, and so on.
    return Case(
        When(person__birth_date__isnull=True, then=Value("unknown")),
        When(person__birth_date__gt=_years_ago(today, 36), then=Value("le35")),
        When(person__birth_date__gt=_years_ago(today, 46), then=Value("36_45")),
        When(person__birth_date__gt=_years_ago(today, 56), then=Value("46_55")),
        When(person__birth_date__gt=_years_ago(today, 61), then=Value("56_60")),
        default=Value("gt60"), output_field=CharField(),
    )


def education_class(text: str) -> str:
    if not text:
        return "unknown"
    if any(w in text for w in ("博士", "硕士", "研究生")):
        return "graduate"
    if any(w in text for w in ("本科", "大学", "学士")):
        return "bachelor"
    if any(w in text for w in ("大专", "专科")):
        return "college"
    return "secondary"


_VERSION_KEY = "deputies:composition:version"


def composition_cache_bump() -> None:
    from django.core.cache import cache

    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)


CACHE_SECONDS = 60


def composition_for(*, user, filters: RosterFilters, qs: QuerySet[Mandate]) -> dict:
    """composition(qs), cached for CACHE_SECONDS per jurisdiction and filter (grouped aggregates over 100,000+
    mandates take a few hundred milliseconds on PostgreSQL, and even a small filtered set costs more than the page
    itself). Every roster write bumps a version that is part of the key, so a change shows at once in this process
    and within a minute everywhere."""
    import hashlib

    from django.core.cache import cache

    codes = jurisdiction_codes(user, roles=ROSTER_READERS)
    version = cache.get(_VERSION_KEY, 0)
    fingerprint = repr((sorted(codes) if codes is not None else None, filters.query_string(order=""), version,
                        datetime.date.today().isoformat()))
    key = "deputies:composition:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = composition(qs)
    cache.set(key, result, CACHE_SECONDS)
    return result


def composition(qs: QuerySet[Mandate], *, today: datetime.date | None = None) -> dict:
    """Counts and shares by gender, ethnicity, age band, party, occupation category and education, from one
    grouped aggregate over the filtered mandates (no per-row work, no separate COUNT)."""
    today = today or datetime.date.today()
    grouped = (
        qs.order_by()
        .annotate(_age=_age_band(today), _party=_party_class(),
                  _han=Case(When(person__ethnicity="汉族", then=Value("han")), default=Value("minority"),
                            output_field=CharField()))
        .values("person__gender", "_han", "_age", "_party", "person__occupation_category", "person__education")
        .annotate(n=Count("id"))
    )
    counters = {name: Counter() for name in ("gender", "ethnicity", "age", "party", "category", "education")}
    total = 0
    for row in grouped:
        n = row["n"]
        total += n
        counters["gender"][row["person__gender"]] += n
        counters["ethnicity"][row["_han"]] += n
        counters["age"][row["_age"]] += n
        counters["party"][row["_party"]] += n
        counters["category"][row["person__occupation_category"] or ""] += n
        counters["education"][education_class(row["person__education"])] += n
    labels = {
        "gender": tuple(Person.Gender.choices), "ethnicity": ETHNIC_CLASSES, "age": AGE_BANDS,
        "party": PARTY_CLASSES, "category": (*OccupationCategory.choices, ("", "未填")),
        "education": EDUCATION_CLASSES,
    }
    figures = {}
    for name, counter in counters.items():
        items = [
            {"key": key, "label": label, "count": counter.get(key, 0),
             "percent": round(counter.get(key, 0) * 100 / total, 1) if total else 0.0}
            for key, label in labels[name]
        ]
        figures[name] = {"items": [i for i in items if i["count"] or i["key"] not in ("", "unknown")],
                         "chart": {"labels": [i["label"] for i in items if i["count"]],
                                   "values": [i["count"] for i in items if i["count"]]}}
    return {"total": total, "figures": figures}


# ---------------------------------------------------------------- contacts, visits, coverage


def _is_office(user) -> bool:
    return bool(user.role_set() & ROSTER_KEEPERS)


def member_list(*, user) -> QuerySet[StandingCommitteeMember]:
    """Committee members whose contacts the reader may see: the office sees the members of the committees in its
    jurisdiction (current terms), a committee member sees only themself."""
    qs = restrict_to_jurisdiction(StandingCommitteeMember.objects.all(), user, roles=VISIT_RECORDERS,
                                  region_field="committee__term__congress__region")
    if not _is_office(user):
        qs = qs.filter(user=user)
    today = datetime.date.today()
    qs = qs.filter(Q(committee__term__end_date__isnull=True) | Q(committee__term__end_date__gt=today))
    return qs.select_related("committee__term__congress__region").order_by(
        "committee__term__congress__region_id", "order", "id")


def member_get(*, user, pk: int) -> StandingCommitteeMember:
    member = member_list(user=user).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def contact_list(*, user) -> QuerySet[Contact]:
    qs = restrict_to_jurisdiction(Contact.objects.all(), user, roles=VISIT_RECORDERS)
    if not _is_office(user):
        qs = qs.filter(member__user=user)
    return qs.select_related("member", "mandate__person", "mandate__term__congress")


def contact_get(*, user, pk: int) -> Contact:
    contact = contact_list(user=user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    return contact


def visit_get(*, user, pk: int) -> Visit:
    visit = Visit.objects.filter(pk=pk, contact__in=contact_list(user=user)).select_related("contact").first()
    if visit is None:
        raise Http404
    return visit


def member_contacts(*, user, member) -> list[Contact]:
    """The member's open fixed contacts with the last visit date and open follow-ups (one query)."""
    today = datetime.date.today()
    return list(
        contact_list(user=user).filter(member=member, ended_on__isnull=True)
        .annotate(last_visit=Max("visits__visited_on"),
                  open_follow_ups=Count("visits", filter=Q(visits__follow_up_due__isnull=False,
                                                           visits__follow_up_done_on__isnull=True)),
                  overdue=Count("visits", filter=Q(visits__follow_up_due__lt=today,
                                                   visits__follow_up_done_on__isnull=True)))
        .order_by("mandate__strokes_key", "id")[:500]
    )


def recent_visits(*, user, member, limit: int = 50) -> list[Visit]:
    return list(Visit.objects.filter(contact__in=contact_list(user=user).filter(member=member))
                .select_related("contact__mandate__person").order_by("-visited_on", "-id")[:limit])


def mandate_contacts(*, user, mandate) -> list[Contact]:
    return list(contact_list(user=user).filter(mandate=mandate).order_by("-started_on", "id")[:50])


def mandate_visits(*, user, mandate) -> list[Visit]:
    return list(Visit.objects.filter(contact__in=contact_list(user=user).filter(mandate=mandate))
                .select_related("contact__member").order_by("-visited_on", "-id")[:50])


def coverage(*, user, year: int) -> list[dict]:
    """Per committee member for one year: fixed deputies, deputies visited, visits, overdue follow-ups."""
    members = list(member_list(user=user)[:300])
    ids = [m.pk for m in members]
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    today = datetime.date.today()
    fixed = dict(
        Contact.objects.filter(member_id__in=ids, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .values("member_id").annotate(n=Count("mandate_id", distinct=True)).values_list("member_id", "n")
    )
    visits = {
        row["contact__member_id"]: row
        for row in Visit.objects.filter(contact__member_id__in=ids, visited_on__range=(start, end))
        .values("contact__member_id")
        .annotate(visited=Count("contact__mandate_id", distinct=True), visits=Count("id"),
                  overdue=Count("id", filter=Q(follow_up_due__lt=today, follow_up_done_on__isnull=True)))
    }
    rows = []
    for member in members:
        v = visits.get(member.pk, {})
        n_fixed = fixed.get(member.pk, 0)
        visited = v.get("visited", 0)
        rows.append({"member": member, "fixed": n_fixed, "visited": visited, "visits": v.get("visits", 0),
                     "overdue": v.get("overdue", 0),
                     "percent": round(visited * 100 / n_fixed, 1) if n_fixed else None})
    return rows
