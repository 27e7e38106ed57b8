"""The permission matrix: who may call which route, inside and outside their jurisdiction (SECURITY.md A6, C1).

Each row is a ``Case``: a URL name, a method, URL kwargs and request data, the actor, and the status the actor
must get. ``tests/test_permission_matrix.py`` runs one test per row and checks, for every row that is not
expected to write, that nothing in the database changed (no audit row added, no account or role touched).
A completeness test walks ``django.urls.get_resolver()`` and fails when any named route (or any method of an
``/api/v1/`` operation) has no row for every actor in ``EVERYONE``.

How to add a module (deputies, stations, casework, ...)
---------------------------------------------------------
1. If the rows need objects that the demo world does not have, teach ``World`` to build them (``World.__init__``)
   and register a resolver: ``RESOLVERS["station"] = lambda world, key: world.station_ids[key]``. Rows then say
   ``kwargs={"pk": Ref("station", "星沙")}`` and the id appears in the test name.
2. Write the app's rows as one list, e.g. ``DEPUTIES: list[Case] = [...]``, mostly with ``rows(...)`` (one Case
   per actor, expectations by group with per-user overrides) and ``jurisdiction_rows(...)`` (the inside/outside
   axis: 200 inside, 404 outside, by each actor's region in ``JURISDICTION``).
3. Append the list to ``APPS`` at the bottom. The completeness test then stops failing for the new routes.

Conventions: pages send anonymous users to the login page (302), API operations answer 401; an administrator
whose second factor is not verified (``HALF``) is signed out and sent to the login page; an account that still
has its starting password (``FRESH``) is sent to the password page on every page and gets 401 from the API.
A row whose expectation is a known gap carries ``known_gap="why"`` and runs as a strict xfail, so that fixing
the gap makes the test fail until the row is updated.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# ---------------------------------------------------------------- actors

ANON = "anonymous"
BUSINESS = (
    "hn_lianluo", "cs_lianluo", "csx_lianluo", "csx_daibiao", "csx_zhujian", "csx_zhujian_fz",
    "xs_zhanzhang", "hn_changwei", "hn_zhuanwei", "csx_xuanju",
)
SYSTEM, SECURITY, AUDIT = "hn_xitong", "hn_anquan", "hn_shenji"
ADMINS = (SYSTEM, SECURITY, AUDIT)
DEMO = (*BUSINESS, *ADMINS)

# Extra accounts made for the matrix (World.__init__); (username, home region, role, role region).
NOBODY = "mx_wujuese"        # signed in, no assignment at all
FRESH = "mx_xinzhanghu"      # liaison staff in 长沙县 who still has the starting password
OUTSIDER = "mx_zhuzhou"      # liaison staff homed in 株洲市 (outside 长沙市)
CITY_SYSTEM = "mx_cs_xitong"  # 长沙市 system administrator
CITY_SECURITY = "mx_cs_anquan"  # 长沙市 security administrator
EXTRA_ACCOUNTS = [
    (NOBODY, "43", None, None),
    (FRESH, "430121", "liaison_staff", "430121"),
    (OUTSIDER, "4302", "liaison_staff", "4302"),
    (CITY_SYSTEM, "4301", "system_admin", "4301"),
    (CITY_SECURITY, "4301", "security_admin", "4301"),
]
HALF = "hn_xitong/password-only"  # the system administrator with a password-only session
TOKEN = "hn_lianluo/bearer-token"  # hn_lianluo's API token (API rows only)
REVOKED_TOKEN = "hn_lianluo/revoked-token"

# Every route must have a row for each of these (the completeness test checks it).
EVERYONE = (ANON, *DEMO, NOBODY, FRESH, HALF)
API_EVERYONE = (*EVERYONE, TOKEN, REVOKED_TOKEN)

# The region each actor's roles cover (one assignment each), for the inside/outside axis.
JURISDICTION = {
    "hn_lianluo": "43", "cs_lianluo": "4301", "csx_lianluo": "430121", "csx_daibiao": "430121",
    "csx_zhujian": "430121", "csx_zhujian_fz": "430121", "xs_zhanzhang": "430121001", "hn_changwei": "43",
    "hn_zhuanwei": "43", "csx_xuanju": "430121", SYSTEM: "43", SECURITY: "43", FRESH: "430121",
    OUTSIDER: "4302", CITY_SYSTEM: "4301", CITY_SECURITY: "4301", TOKEN: "43",
}
# Signed in, but no structure jurisdiction: the audit administrator reads only the audit log (DESIGN.md §2).
NO_STRUCTURE = (AUDIT, NOBODY)

LOGIN = "/accounts/login/"
PASSWORD = "/accounts/password/"
HOME = "/workbench/"


def inside(who: str, code: str) -> bool:
    return code.startswith(JURISDICTION[who])


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Ref:
    """A placeholder for an id that exists only once the test world is built ("user:csx_daibiao")."""

    kind: str
    key: str

    def __repr__(self):
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class Case:
    route: str  # URL name with namespace: "accounts:user_detail", "api-1.0.0:region_list"
    who: str  # ANON, a demo username, an EXTRA_ACCOUNTS username, HALF, TOKEN, REVOKED_TOKEN
    expect: int  # the status code
    method: str = "GET"
    kwargs: Mapping[str, Any] = field(default_factory=dict)  # URL kwargs; Ref values are resolved
    data: Mapping[str, Any] | None = None  # form data for pages, a JSON body for the API
    writes: bool = False  # True: the request must write (an audit row is added); False: nothing may change
    redirect: str | None = None  # for 3xx: the Location must start with this
    note: str = ""
    known_gap: str = ""  # a strict xfail: the expectation is what should happen, the code does not yet

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api-")

    def __str__(self):
        args = ",".join(f"{k}={v!r}" if isinstance(v, Ref) else f"{k}={v}" for k, v in self.kwargs.items())
        target = f"{self.route}({args})" if args else self.route
        extra = f" [{self.note}]" if self.note else ""
        return f"{self.method} {target} as {self.who} -> {self.expect}{extra}"


Expect = Mapping[str, int | tuple[int, str]]  # actor or group -> status, or (status, redirect prefix)

GROUPS = {"anonymous": (ANON,), "business": BUSINESS, "admins": ADMINS, "structure": (*BUSINESS, SYSTEM, SECURITY)}


def _page_defaults() -> dict:
    return {ANON: (302, LOGIN), FRESH: (302, PASSWORD), HALF: (302, LOGIN)}


def _api_defaults() -> dict:
    return {ANON: 401, FRESH: 401, HALF: 401}


def rows(
    route: str, expect: Expect, *, method: str = "GET", kwargs: Mapping | None = None, data: Mapping | None = None,
    writes: Iterable[str] = (), who: Iterable[str] = EVERYONE, note: str = "",
    known_gaps: Mapping[str, str] | None = None,
) -> list[Case]:
    """One Case per actor in ``who``. ``expect`` maps an actor, a group name (see GROUPS) or "*" to a status or
    to (status, redirect prefix); an actor's own entry wins over its group, a group over "*". Pages and API
    operations get the anonymous / FRESH / HALF conventions from the module docstring unless ``expect`` names
    those actors. ``writes`` lists the actors for whom the request must write."""
    defaults = _api_defaults() if route.startswith("api-") else _page_defaults()
    writes = set(writes)
    known_gaps = known_gaps or {}
    cases = []
    for actor in who:
        outcome = expect.get(actor)
        if outcome is None:
            outcome = next((expect[g] for g, members in GROUPS.items() if g in expect and actor in members), None)
        if outcome is None:
            outcome = defaults.get(actor, expect.get("*"))
        if outcome is None:
            raise ValueError(f"{route}: no expectation for {actor}")
        status, redirect = outcome if isinstance(outcome, tuple) else (outcome, None)
        cases.append(Case(route, actor, status, method, dict(kwargs or {}), data, actor in writes, redirect, note,
                          known_gaps.get(actor, "")))
    return cases


def jurisdiction_rows(
    route: str, codes: Mapping[str, Mapping[str, Any]], *, method: str = "GET", data: Mapping | None = None,
    allowed: Iterable[str] = (), ok: int = 200, denied: int = 403, writes_inside: bool = False,
    no_structure: int = 403, permission_first: bool = False, who: Iterable[str] = EVERYONE,
) -> list[Case]:
    """The inside/outside axis: for each region code (-> URL kwargs), an actor whose jurisdiction covers it gets
    ``ok`` if they are in ``allowed`` (all structure readers when empty) or ``denied`` otherwise; an actor outside
    gets 404; an actor with no structure jurisdiction gets ``no_structure``. With ``permission_first`` (views
    that check the role before looking the object up) everyone not in ``allowed`` gets ``denied``."""
    allowed = set(allowed)
    cases = []
    for code, kwargs in codes.items():
        expect: dict[str, Any] = {}
        writes = []
        for actor in who:
            if actor in (ANON, FRESH, HALF):
                continue  # the page/API conventions apply (see rows)
            if permission_first and actor not in allowed:
                expect[actor] = denied
            elif actor in NO_STRUCTURE:
                expect[actor] = no_structure
            elif actor in JURISDICTION:
                if not inside(actor, code):
                    expect[actor] = 404
                elif allowed and actor not in allowed:
                    expect[actor] = denied
                else:
                    expect[actor] = ok
                    if writes_inside:
                        writes.append(actor)
        cases += rows(route, expect, method=method, kwargs=kwargs, data=data, writes=writes, who=who,
                      note=f"region {code}")
    return cases


# ---------------------------------------------------------------- dashboard

DASHBOARD: list[Case] = [
    *rows("dashboard:root", {"*": (302, HOME)}),
    *rows("dashboard:home", {"*": 200}),
]

# ---------------------------------------------------------------- accounts

WRONG_LOGIN = {"username": "csx_daibiao", "password": "not-the-password"}
NEW_PASSWORD_BAD = {"old_password": "wrong-old-password", "new_password": "Xk2#mP9qLw4z",
                    "new_password_again": "Xk2#mP9qLw4z"}
NEW_USER = {"username": "mx_new_account", "full_name": "矩阵新账户", "mobile": "13907319999", "home_region": "430121"}
GRANT_STATION = {"role": "station_manager", "region": "430121"}
DAIBIAO = {"pk": Ref("user", "csx_daibiao")}

ACCOUNTS: list[Case] = [
    *rows("accounts:login", {ANON: 200, "*": (302, HOME)}),
    # A wrong password is not denied: it writes a failure count and an audit row.
    *rows("accounts:login", {ANON: 200, "*": (302, HOME)}, method="POST", data=WRONG_LOGIN, writes=[ANON]),
    # No password step pending: back to the login page, whoever asks.
    *rows("accounts:totp", {"*": (302, LOGIN)}),
    *rows("accounts:totp", {"*": (302, LOGIN)}, method="POST", data={"code": "123456"}),
    # POST-only views answer 405 to a GET before anything else, anonymous or not (require_POST is outermost);
    # sign-out and the password page are open to FRESH.
    *rows("accounts:logout", {"*": 405, ANON: 405, FRESH: 405}),
    *rows("accounts:logout", {"*": (302, LOGIN), FRESH: (302, LOGIN)}, method="POST",
          writes=[*DEMO, NOBODY, FRESH]),
    *rows("accounts:password_change", {"*": 200, FRESH: 200}),
    *rows("accounts:password_change", {"*": 400, FRESH: 400}, method="POST", data=NEW_PASSWORD_BAD,
          note="wrong old password"),
    *rows("accounts:profile", {"*": 200}),
    *rows("accounts:profile", {"*": 200, NOBODY: 403}, method="POST", data={"name": "统计脚本"}, writes=DEMO),
    *rows("accounts:token_revoke", {ANON: 405, "*": 405}, kwargs={"pk": Ref("token", "hn_lianluo")}),
    *rows("accounts:token_revoke", {"hn_lianluo": (302, "/accounts/me/"), "*": 404}, method="POST",
          kwargs={"pk": Ref("token", "hn_lianluo")}, writes=["hn_lianluo"], note="someone else's token is a 404"),
    *rows("accounts:user_list", {SYSTEM: 200, SECURITY: 200, "*": 403}),
    *rows("accounts:user_create", {SYSTEM: 200, "*": 403}),
    *rows("accounts:user_create", {SYSTEM: 200, "*": 403}, method="POST", data=NEW_USER, writes=[SYSTEM],
          note="security admin cannot create accounts"),
    *rows("accounts:user_detail", {SYSTEM: 200, SECURITY: 200, "*": 403}, kwargs=DAIBIAO),
    *rows("accounts:user_detail", {SYSTEM: 404, SECURITY: 404, "*": 403}, kwargs={"pk": 987654321},
          note="no such account"),
    # Outside axis: an account homed in 株洲市 does not exist for the 长沙市 administrators.
    *rows("accounts:user_detail", {CITY_SYSTEM: 404, CITY_SECURITY: 404, SYSTEM: 200, SECURITY: 200},
          kwargs={"pk": Ref("user", OUTSIDER)}, who=[CITY_SYSTEM, CITY_SECURITY, SYSTEM, SECURITY],
          note="account homed outside"),
    *rows("accounts:user_detail", {"*": 200}, kwargs=DAIBIAO, who=[CITY_SYSTEM, CITY_SECURITY],
          note="account homed inside"),
    *rows("accounts:assignment_add", {"*": 405, ANON: 405}, kwargs=DAIBIAO),
    *rows("accounts:assignment_add", {SECURITY: 302, "*": 403}, method="POST", kwargs=DAIBIAO, data=GRANT_STATION,
          writes=[SECURITY], note="system admin cannot grant roles"),
    *rows("accounts:assignment_add", {CITY_SECURITY: 404, SECURITY: 302}, method="POST",
          kwargs={"pk": Ref("user", OUTSIDER)}, data={"role": "station_manager", "region": "4302"},
          who=[CITY_SECURITY, SECURITY], writes=[SECURITY], note="account homed outside"),
    *rows("accounts:assignment_add", {CITY_SECURITY: 400}, method="POST", kwargs=DAIBIAO,
          data={"role": "station_manager", "region": "4302"}, who=[CITY_SECURITY],
          note="granting over a region outside"),
    *rows("accounts:assignment_add", {CITY_SECURITY: 302}, method="POST", kwargs=DAIBIAO, data=GRANT_STATION,
          who=[CITY_SECURITY], writes=[CITY_SECURITY], note="inside"),
    *rows("accounts:user_action", {"*": 405, ANON: 405}, kwargs={**DAIBIAO, "action": "deactivate"}),
    *rows("accounts:user_action", {SYSTEM: 302, "*": 403}, method="POST", kwargs={**DAIBIAO, "action": "deactivate"},
          writes=[SYSTEM]),
    *rows("accounts:user_action", {SYSTEM: 302, "*": 403}, method="POST", kwargs={**DAIBIAO, "action": "activate"},
          writes=[SYSTEM]),
    *rows("accounts:user_action", {SYSTEM: 200, "*": 403}, method="POST",
          kwargs={**DAIBIAO, "action": "reset-password"}, writes=[SYSTEM]),
    *rows("accounts:user_action", {SECURITY: 302, "*": 403}, method="POST", kwargs={**DAIBIAO, "action": "unlock"},
          writes=[SECURITY]),
    *rows("accounts:user_action", {SECURITY: 302, "*": 403}, method="POST",
          kwargs={**DAIBIAO, "action": "reset-totp"}, writes=[SECURITY]),
    *rows("accounts:user_action", {SYSTEM: 404, SECURITY: 404, "*": 403}, method="POST",
          kwargs={**DAIBIAO, "action": "promote"}, note="no such action"),
    *rows("accounts:user_action", {CITY_SYSTEM: 404, SYSTEM: 302}, method="POST",
          kwargs={"pk": Ref("user", OUTSIDER), "action": "deactivate"}, who=[CITY_SYSTEM, SYSTEM], writes=[SYSTEM],
          note="account homed outside"),
    *rows("accounts:user_action", {CITY_SECURITY: 404, SECURITY: 302}, method="POST",
          kwargs={"pk": Ref("user", OUTSIDER), "action": "unlock"}, who=[CITY_SECURITY, SECURITY],
          writes=[SECURITY], note="account homed outside"),
    *rows("accounts:user_action", {CITY_SYSTEM: 302}, method="POST", kwargs={**DAIBIAO, "action": "deactivate"},
          who=[CITY_SYSTEM], writes=[CITY_SYSTEM], note="inside"),
    *rows("accounts:assignment_remove", {"*": 405, ANON: 405}, kwargs={"pk": Ref("assignment", "csx_daibiao")}),
    *rows("accounts:assignment_remove", {SECURITY: 302, "*": 403}, method="POST",
          kwargs={"pk": Ref("assignment", "csx_daibiao")}, writes=[SECURITY]),
    *rows("accounts:assignment_remove", {CITY_SECURITY: 404, SECURITY: 302}, method="POST",
          kwargs={"pk": Ref("assignment", OUTSIDER)}, who=[CITY_SECURITY, SECURITY], writes=[SECURITY],
          note="role over a region outside"),
    *rows("accounts:assignment_remove", {CITY_SECURITY: 302}, method="POST",
          kwargs={"pk": Ref("assignment", "csx_daibiao")}, who=[CITY_SECURITY], writes=[CITY_SECURITY],
          note="inside"),
]

# ---------------------------------------------------------------- regions and congresses

REGION_CODES = ("43", "4301", "430121", "430121001", "4302")
CONGRESS_CODES = ("43", "4301", "430121", "430121105")
TERM_CODES = ("43", "4301", "430121")
LIAISON = ("hn_lianluo", "cs_lianluo", "csx_lianluo", FRESH, OUTSIDER)
NEW_SESSION = {"number": 77, "kind": "regular", "start_date": "2026-06-01"}

REGIONS: list[Case] = [
    *rows("regions:region_index", {
        **{u: (302, f"/regions/{JURISDICTION[u]}/") for u in (*BUSINESS, SYSTEM, SECURITY)},
        AUDIT: 403, NOBODY: 403,
    }),
    *jurisdiction_rows("regions:region_detail", {code: {"code": code} for code in REGION_CODES}),
    *jurisdiction_rows("regions:region_detail", {"4302": {"code": "4302"}, "4301": {"code": "4301"}},
                       who=[OUTSIDER, CITY_SYSTEM]),
    *rows("regions:region_detail", {"*": 404}, kwargs={"code": "439999"}, who=["hn_lianluo"], note="no such region"),
    *rows("regions:congress_list", {"structure": 200, AUDIT: 403, NOBODY: 403}),
    *jurisdiction_rows("regions:congress_detail", {c: {"pk": Ref("congress", c)} for c in CONGRESS_CODES}),
    *jurisdiction_rows("regions:session_create", {c: {"term_pk": Ref("term", c)} for c in TERM_CODES},
                       allowed=LIAISON, no_structure=404),
    *jurisdiction_rows("regions:session_create", {c: {"term_pk": Ref("term", c)} for c in TERM_CODES},
                       method="POST", data=NEW_SESSION, allowed=LIAISON, ok=302, writes_inside=True, no_structure=404),
]

# ---------------------------------------------------------------- audit log (审计管理员 only)

AUDIT_LOG: list[Case] = [
    *rows("core:audit_log", {AUDIT: 200, "*": 403}),
    *rows("core:audit_chain", {AUDIT: 200, "*": 403}),
]

# ---------------------------------------------------------------- deputies (the roster)

# Staff who work with deputies read the roster; deputies, unit staff and administrators do not.
ROSTER_READERS = ("hn_lianluo", "cs_lianluo", "csx_lianluo", "xs_zhanzhang", "hn_changwei", "hn_zhuanwei",
                  "csx_xuanju", OUTSIDER)
MANDATE_CODES = ("43", "4301", "430121")

DEPUTIES: list[Case] = [
    *rows("deputies:roster", {**dict.fromkeys(ROSTER_READERS, 200), "*": 403}),
    *jurisdiction_rows("deputies:mandate_detail", {c: {"pk": Ref("mandate", c)} for c in MANDATE_CODES},
                       allowed=ROSTER_READERS, permission_first=True),
    *rows("api-1.0.0:deputy_list", {**dict.fromkeys(ROSTER_READERS, 200), TOKEN: 200, REVOKED_TOKEN: 401, "*": 403},
          who=API_EVERYONE),
]

# ---------------------------------------------------------------- JSON API

API_SESSION = {"number": 78, "kind": "regular", "start_date": "2026-07-01"}

API: list[Case] = [
    *rows("api-1.0.0:me", {"*": 200, REVOKED_TOKEN: 401}, who=API_EVERYONE),
    *rows("api-1.0.0:region_list", {"structure": 200, TOKEN: 200, AUDIT: 403, NOBODY: 403, REVOKED_TOKEN: 401},
          who=API_EVERYONE),
    *jurisdiction_rows("api-1.0.0:region_detail", {code: {"code": code} for code in REGION_CODES},
                       who=[*EVERYONE, TOKEN]),
    *rows("api-1.0.0:congress_list", {"structure": 200, AUDIT: 403, NOBODY: 403}),
    *jurisdiction_rows("api-1.0.0:congress_detail", {c: {"congress_id": Ref("congress", c)} for c in CONGRESS_CODES}),
    *jurisdiction_rows("api-1.0.0:session_create", {c: {"term_id": Ref("term", c)} for c in TERM_CODES},
                       method="POST", data=API_SESSION, allowed=LIAISON, ok=201, writes_inside=True, no_structure=404),
    *rows("api-1.0.0:session_create", {"*": 405}, kwargs={"term_id": Ref("term", "430121")}, who=["csx_lianluo"]),
    *rows("api-1.0.0:audit_events", {AUDIT: 200, "*": 403, REVOKED_TOKEN: 401}, who=API_EVERYONE),
    # Ninja's root view answers 404 to everyone.
    *rows("api-1.0.0:api-root", {"*": 404, ANON: 404, FRESH: 404, HALF: 404}),
    # The docs and schema carry no data; they are meant for signed-in users (the navigation links them).
    *rows("api-1.0.0:openapi-json", {"*": 200, ANON: (302, LOGIN), FRESH: 200, HALF: 200}),
    *rows("api-1.0.0:openapi-view", {"*": 200, ANON: (302, LOGIN), FRESH: 200, HALF: 200}),
]



# ---------------------------------------------------------------- the world the rows run in


class World:
    """The demo world plus the extra accounts and objects the rows refer to (built inside each test)."""

    def __init__(self):
        # Plain ORM writes (no services, no audit rows): this runs before every row, so it is kept cheap.
        from datetime import timedelta

        from django.utils import timezone

        from lianluo.accounts.models import ApiToken, Assignment, User
        from lianluo.core.crypto import provider
        from lianluo.regions.models import Term

        users = []
        for username, home, _, _ in EXTRA_ACCOUNTS:
            user = User(username=username, full_name=f"矩阵{username[-4:]}", home_region_id=home,
                        must_change_password=username == FRESH)
            user.set_password("Matrix-Pass-2026")
            users.append(user)
        User.objects.bulk_create(users)
        self.users = dict(User.objects.values_list("username", "pk"))
        Assignment.objects.bulk_create([
            Assignment(user_id=self.users[username], role=role, region_id=region)
            for username, _, role, region in EXTRA_ACCOUNTS if role
        ])
        self.assignments = {
            username: pk for username, pk in Assignment.objects.order_by("pk").values_list("user__username", "pk")
        }
        self.congresses, self.terms = {}, {}
        for congress_id, code, term_id in Term.objects.order_by("number").values_list(
            "congress_id", "congress__region_id", "pk"
        ):
            self.congresses[code] = congress_id
            self.terms[code] = term_id  # ordered by number: the latest term wins
        from lianluo.deputies.models import Mandate  # noqa: PLC0415

        self.mandates = {}
        for code, pk in Mandate.objects.order_by("-pk").values_list("region_id", "pk"):
            self.mandates[code] = pk
        self.raw_token, self.revoked_token = "ll_matrix_token_live", "ll_matrix_token_revoked"
        now = timezone.now()
        live, _ = ApiToken.objects.bulk_create([
            ApiToken(user_id=self.users["hn_lianluo"], name=name, prefix=raw[:10],
                     digest=provider().digest(raw.encode()), expires_at=now + timedelta(days=30),
                     revoked_at=revoked)
            for name, raw, revoked in [("矩阵", self.raw_token, None), ("已吊销", self.revoked_token, now)]
        ])
        self.tokens = {"hn_lianluo": live.pk}

    def resolve(self, value):
        if isinstance(value, Ref):
            return RESOLVERS[value.kind](self, value.key)
        return value

    def resolve_all(self, mapping: Mapping | None) -> dict | None:
        if mapping is None:
            return None
        return {key: self.resolve(value) for key, value in mapping.items()}


RESOLVERS: dict[str, Callable[[World, str], Any]] = {
    "user": lambda world, key: world.users[key],
    "assignment": lambda world, key: world.assignments[key],
    "congress": lambda world, key: world.congresses[key],
    "term": lambda world, key: world.terms[key],
    "token": lambda world, key: world.tokens[key],
    "mandate": lambda world, key: world.mandates[key],
}


def client_for(who: str, world: World):
    """A test client acting as ``who``: a full session (second factor verified) unless who says otherwise."""
    from django.test import Client

    from lianluo.accounts.middleware import SECOND_FACTOR, SIGNED_IN_AT
    from lianluo.accounts.models import User

    if who == ANON:
        return Client()
    if who == TOKEN:
        return Client(headers={"Authorization": f"Bearer {world.raw_token}"})
    if who == REVOKED_TOKEN:
        return Client(headers={"Authorization": f"Bearer {world.revoked_token}"})
    username, _, mode = who.partition("/")
    client = Client()
    client.force_login(User.objects.get(username=username), backend="lianluo.accounts.backends.UsernameOrMobileBackend")
    session = client.session
    session[SIGNED_IN_AT] = time.time()
    session[SECOND_FACTOR] = mode != "password-only"
    session.save()
    return client


# Bookkeeping that a read may update: a bearer token's last use (written at most every 5 minutes).
VOLATILE_FIELDS = {"accounts.ApiToken": {"last_used_at"}}


def db_fingerprint() -> dict[str, list]:
    """Every row of every Lianluo model except the division table (reference data no route writes), the audit
    log (its size and last id) and VOLATILE_FIELDS; Django's own session rows are left out because every
    request refreshes its expiry."""
    from django.apps import apps

    from lianluo.core.models import AuditEvent
    from lianluo.regions.models import Region

    snapshot = {}
    for model in apps.get_models():
        if not model.__module__.startswith("lianluo.") or model is Region:
            continue
        if model is AuditEvent:  # append-only (triggers refuse UPDATE/DELETE): its count and last id suffice
            snapshot[model._meta.label] = list(AuditEvent.objects.order_by("-id").values_list("id")[:1])
            snapshot["core.AuditEvent(count)"] = [AuditEvent.objects.count()]
            continue
        volatile = VOLATILE_FIELDS.get(model._meta.label, set())
        fields = [f.attname for f in model._meta.concrete_fields if f.name not in volatile]
        snapshot[model._meta.label] = list(model.objects.order_by("pk").values_list(*fields))
    snapshot["regions.Region(count)"] = [Region.objects.count()]
    return snapshot



# ---------------------------------------------------------------- all rows

# Later modules keep their rows beside this file, one module per app; they import the helpers above and may add
# RESOLVERS entries (resolvers may look objects up by name in the demo world).
from matrix_casework import CASEWORK  # noqa: E402
from matrix_deputies import DEPUTIES_MORE  # noqa: E402
from matrix_elections import ELECTIONS  # noqa: E402
from matrix_letters import LETTERS  # noqa: E402
from matrix_livelihood import LIVELIHOOD  # noqa: E402
from matrix_motions import MOTIONS  # noqa: E402
from matrix_portal import PORTAL  # noqa: E402
from matrix_proposals import PROPOSALS, PROPOSALS_API  # noqa: E402
from matrix_publication import PUBLICATION  # noqa: E402
from matrix_stations import STATIONS  # noqa: E402
from matrix_statistics import STATISTICS  # noqa: E402
from matrix_textmine import TEXTMINE  # noqa: E402

APPS: list[list[Case]] = [DASHBOARD, ACCOUNTS, REGIONS, AUDIT_LOG, DEPUTIES, DEPUTIES_MORE, STATIONS, CASEWORK,
                          PORTAL, PROPOSALS, PROPOSALS_API, MOTIONS, LETTERS, STATISTICS, PUBLICATION, ELECTIONS,
                          LIVELIHOOD, TEXTMINE, API]
CASES: list[Case] = [case for app in APPS for case in app]
