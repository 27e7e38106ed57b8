"""The JSON API under /api/v1/: authentication, jurisdiction, input validation, CSRF and audit.

- Every route needs a signed-in session (with CSRF) or a bearer token (SECURITY.md A5, C3).
- Rows outside the caller's jurisdiction answer 404, as if they did not exist (A7; ASVS 8.2.2).
- Invalid input answers 422 with a Chinese message naming the field, never 500 (A10).
- Each successful write leaves exactly one audit row (A8); the audit log is for the 审计管理员 only
  (等保 8.1.5.2).
"""

import datetime
import json
import re
import time

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from lianluo.accounts.models import ApiToken
from lianluo.accounts.services import api_token_create, api_token_revoke
from lianluo.core.models import AuditEvent
from lianluo.demo.world import ACCOUNTS
from lianluo.regions.models import Congress, Region, Session, Term

pytestmark = pytest.mark.django_db

API = "/api/v1"
ALL_ACCOUNTS = [account[0] for account in ACCOUNTS]  # one demo account per role


@pytest.fixture
def token_client(cast):
    """token_client("csx_lianluo") -> a client that sends a fresh bearer token for that account."""

    def make(username: str) -> Client:
        _, raw = api_token_create(user=cast(username), name="测试")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


def term_of(code: str) -> Term:
    return Term.objects.filter(congress__region_id=code).order_by("-number").first()


def post_json(client: Client, path: str, body) -> object:
    return client.post(path, data=json.dumps(body), content_type="application/json")


# --- Schema and docs --------------------------------------------------------------------------------


# Signed in: whether anonymous callers may read the schema is the permission matrix's question
# (tests/test_permission_matrix.py, ASVS 13.4.5).


def test_openapi_schema_is_valid_json_listing_the_paths(signed_in):
    response = signed_in("csx_lianluo").get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "联络 Lianluo API"
    for path in ["/api/v1/me", "/api/v1/regions", "/api/v1/regions/{code}", "/api/v1/congresses",
                 "/api/v1/congresses/{congress_id}", "/api/v1/terms/{term_id}/sessions", "/api/v1/audit/events"]:
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/v1/terms/{term_id}/sessions"]


def test_openapi_schema_declares_authentication_on_every_operation(signed_in):
    """No operation is left open by accident: each one lists the bearer and session schemes."""
    schema = signed_in("csx_lianluo").get(f"{API}/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method.upper()} {path} declares no authentication"


def test_docs_page_renders(signed_in):
    response = signed_in("csx_lianluo").get(f"{API}/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


# --- Authentication ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/me", "/regions", "/regions/43", "/congresses", "/congresses/1", "/audit/events"]
)
def test_unauthenticated_requests_get_401_in_chinese(client, path):
    response = client.get(f"{API}{path}")
    assert response.status_code == 401
    assert response.json()["detail"] == "未登录或令牌无效。"


def test_unauthenticated_post_gets_401_and_creates_nothing(client):
    before = Session.objects.count()
    response = post_json(client, f"{API}/terms/{term_of('430121').pk}/sessions", {"number": 6,
                                                                                   "start_date": "2026-03-02"})
    assert response.status_code == 401
    assert Session.objects.count() == before


def test_bearer_token_authenticates(token_client):
    response = token_client("csx_lianluo").get(f"{API}/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "csx_lianluo"
    assert body["mobile"] == "139****0003"  # masked (B3)


def test_only_the_token_digest_is_stored(cast):
    """The raw token is shown once; the table holds its SM3 digest and a short prefix only."""
    token, raw = api_token_create(user=cast("csx_lianluo"), name="测试")
    stored = ApiToken.objects.filter(pk=token.pk).values("digest", "prefix").get()
    assert raw not in stored["digest"] and stored["prefix"] == raw[:10]
    assert len(stored["digest"]) == 64


@pytest.mark.parametrize(
    "header",
    ["Bearer ll_not-a-real-token", "Bearer ", "Token ll_x", "Basic Y3N4X2xpYW5sdW86TGlhbmx1by1EZW1vLTIwMjY="],
)
def test_wrong_tokens_are_refused(header):
    response = Client(HTTP_AUTHORIZATION=header).get(f"{API}/me")
    assert response.status_code == 401


def test_revoked_token_is_refused(cast):
    user = cast("csx_lianluo")
    token, raw = api_token_create(user=user, name="测试")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get(f"{API}/me").status_code == 200
    api_token_revoke(user=user, token=token)
    assert client.get(f"{API}/me").status_code == 401


def test_expired_token_is_refused(cast):
    token, raw = api_token_create(user=cast("csx_lianluo"), name="测试")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(f"{API}/me").status_code == 401


def test_token_of_a_deactivated_account_is_refused(cast, token_client):
    client = token_client("csx_lianluo")
    user = cast("csx_lianluo")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(f"{API}/me").status_code == 401


def test_token_of_an_account_that_must_change_its_password_is_refused(cast, token_client):
    """A starting password must be changed before anything else, API included (等保 8.1.4.1 a)."""
    client = token_client("csx_lianluo")
    user = cast("csx_lianluo")
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    assert client.get(f"{API}/me").status_code == 401


def test_signed_in_session_authenticates(signed_in):
    response = signed_in("cs_lianluo").get(f"{API}/me")
    assert response.status_code == 200
    assert response.json()["username"] == "cs_lianluo"


def test_administrator_session_without_second_factor_is_refused(client, cast):
    """Administrators need a verified second factor on the API too (等保 8.1.4.1 d; A5)."""
    client.force_login(cast("hn_shenji"), backend="lianluo.accounts.backends.UsernameOrMobileBackend")
    session = client.session
    session["signed_in_at"] = time.time()
    session.save()
    assert client.get(f"{API}/audit/events").status_code == 401


def test_session_past_the_absolute_limit_is_refused(signed_in):
    """The absolute session cap applies to the API as it does to pages (等保 8.1.4.1 b; A4)."""
    from lianluo.accounts.middleware import SIGNED_IN_AT

    client = signed_in("cs_lianluo")
    session = client.session
    session[SIGNED_IN_AT] = time.time() - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    assert client.get(f"{API}/me").status_code == 401


# --- Jurisdiction -----------------------------------------------------------------------------------


def test_county_officer_lists_only_changsha_county_and_below(token_client):
    response = token_client("csx_lianluo").get(f"{API}/regions", {"limit": 500})
    assert response.status_code == 200
    codes = {row["code"] for row in response.json()}
    assert "430121" in codes
    assert all(code.startswith("430121") for code in codes), sorted(codes)
    expected = set(Region.objects.filter(code__startswith="430121").values_list("code", flat=True))
    assert codes == expected


def test_province_officer_lists_the_whole_province(token_client):
    codes = {row["code"] for row in token_client("hn_lianluo").get(f"{API}/regions", {"limit": 500}).json()}
    assert {"43", "4301", "4302", "430121"} <= codes


@pytest.mark.parametrize(
    "username, code, status",
    [
        ("csx_lianluo", "4302", 404),  # 株洲市: another prefecture
        ("csx_lianluo", "4301", 404),  # the county officer's own city is above them
        ("csx_lianluo", "430102", 404),  # 芙蓉区: a sibling county
        ("csx_lianluo", "430121", 200),
        ("csx_lianluo", "430121105", 200),
        ("cs_lianluo", "4302", 404),
        ("hn_lianluo", "4302", 200),
        ("hn_lianluo", "99", 404),  # does not exist: the same answer as out of jurisdiction
    ],
)
def test_region_detail_respects_jurisdiction(token_client, username, code, status):
    response = token_client(username).get(f"{API}/regions/{code}")
    assert response.status_code == status
    if status == 404:
        assert response.json() == {"detail": "未找到。"}
    else:
        assert response.json()["code"] == code


@pytest.mark.parametrize(
    "username, code, status",
    [("csx_lianluo", "43", 404), ("csx_lianluo", "4301", 404), ("csx_lianluo", "430121", 200),
     ("csx_lianluo", "430121105", 200), ("cs_lianluo", "43", 404), ("hn_lianluo", "430121105", 200)],
)
def test_congress_detail_respects_jurisdiction(token_client, username, code, status):
    congress = Congress.objects.get(region_id=code)
    response = token_client(username).get(f"{API}/congresses/{congress.pk}")
    assert response.status_code == status
    if status == 200:
        body = response.json()
        assert body["region"] == code
        assert [t["number"] for t in body["terms"]] == sorted(
            Term.objects.filter(congress=congress).values_list("number", flat=True), reverse=True)


def test_congress_list_is_scoped(token_client):
    regions = {row["region"] for row in token_client("csx_lianluo").get(f"{API}/congresses").json()}
    assert regions == {"430121", "430121105"}


def test_audit_administrator_cannot_browse_structure(token_client):
    """The audit administrator reads the audit log and nothing else (等保 8.1.5.2)."""
    response = token_client("hn_shenji").get(f"{API}/regions")
    assert response.status_code == 403
    assert response.json()["detail"] == "无权执行此操作。"


# --- Creating a session -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, field, words",
    [
        pytest.param({"number": "abc", "start_date": "2026-03-02"}, "number", "必须是整数", id="number-not-int"),
        pytest.param({"number": 6}, "start_date", "必填", id="missing-start-date"),
        pytest.param({"number": 6, "start_date": "2026-13-40"}, "start_date", "日期", id="bad-date"),
        pytest.param({"number": 6, "start_date": "下周一"}, "start_date", "日期", id="words-for-date"),
        pytest.param({"number": 0, "start_date": "2026-03-02"}, "number", "过小", id="number-zero"),
        pytest.param({"number": 100, "start_date": "2026-03-02"}, "number", "过大", id="number-too-big"),
        pytest.param({"number": 5, "start_date": "2026-03-02"}, "number", "本届已有第5次会议", id="duplicate"),
        pytest.param({"number": 6, "start_date": "2030-03-02"}, "start_date", "开幕日期", id="outside-term"),
        pytest.param(
            {"number": 6, "start_date": "2026-03-04", "end_date": "2026-03-02"}, "end_date", "闭幕日期",
            id="end-before-start",
        ),
        pytest.param(
            {"number": 6, "start_date": "2026-03-02", "kind": "secret"}, "kind", "会议类型", id="bad-kind"
        ),
    ],
)
def test_invalid_session_input_gets_422_naming_the_field_and_creates_nothing(token_client, body, field, words):
    client = token_client("csx_lianluo")
    sessions, audits = Session.objects.count(), AuditEvent.objects.count()

    response = post_json(client, f"{API}/terms/{term_of('430121').pk}/sessions", body)

    assert response.status_code == 422, response.content
    payload = response.json()
    assert field in payload["errors"], payload
    assert any(words in message for message in payload["errors"][field]), payload
    assert payload["detail"].startswith("输入有误：") and field in payload["detail"]
    assert (Session.objects.count(), AuditEvent.objects.count()) == (sessions, audits)


@pytest.mark.parametrize(
    "raw, status", [(b"{not json", 400), (b"[1, 2]", 422), (b"", 422), (b'{"number": 6', 400)]
)
def test_malformed_body_gets_a_chinese_4xx_and_creates_nothing(token_client, raw, status):
    """Unparseable or wrongly shaped bodies are client errors with a Chinese message, never a 500."""
    client = token_client("csx_lianluo")
    sessions = Session.objects.count()
    response = client.post(f"{API}/terms/{term_of('430121').pk}/sessions", data=raw, content_type="application/json")
    assert response.status_code == status, response.content
    detail = response.json()["detail"]
    assert re.search(r"[\u4e00-\u9fff]", detail), detail
    assert Session.objects.count() == sessions


def test_valid_post_creates_the_session_and_one_audit_row(token_client):
    client = token_client("csx_lianluo")
    term = term_of("430121")
    audits = AuditEvent.objects.count()

    response = post_json(client, f"{API}/terms/{term.pk}/sessions",
                         {"number": 6, "start_date": "2026-03-02", "end_date": "2026-03-04"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["title"], body["start_date"], body["end_date"]) == (
        6, "第六次会议", "2026-03-02", "2026-03-04")
    session = Session.objects.get(pk=body["id"])
    assert session.term == term
    assert AuditEvent.objects.count() == audits + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.actor_label, event.object_id) == ("session.create", "csx_lianluo", str(session.pk))


@pytest.mark.parametrize(
    "username, code, status",
    [("csx_lianluo", "4301", 404), ("csx_lianluo", "43", 404), ("csx_daibiao", "430121", 403),
     ("hn_xitong", "43", 403)],
)
def test_session_post_outside_jurisdiction_or_role_is_refused(token_client, username, code, status):
    """Another jurisdiction's term does not exist for the caller (404); a reader who is not liaison staff
    sees it but may not write (403). Nothing is created either way."""
    client = token_client(username)  # issuing the token is itself audited: count after it
    sessions, audits = Session.objects.count(), AuditEvent.objects.count()
    response = post_json(client, f"{API}/terms/{term_of(code).pk}/sessions",
                         {"number": 30, "start_date": str(term_of(code).start_date)})
    assert response.status_code == status
    assert (Session.objects.count(), AuditEvent.objects.count()) == (sessions, audits)


# --- CSRF -------------------------------------------------------------------------------------------


def _csrf_client(cast, username: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast(username), backend="lianluo.accounts.backends.UsernameOrMobileBackend")
    session = client.session
    session["signed_in_at"] = time.time()
    session["second_factor_verified"] = True
    session.save()
    return client


def test_session_post_without_csrf_token_is_rejected(cast):
    """A cross-site form cannot use the officer's browser session to write (ASVS 3.5.1–3; C3)."""
    client = _csrf_client(cast, "csx_lianluo")
    sessions, audits = Session.objects.count(), AuditEvent.objects.count()
    response = post_json(client, f"{API}/terms/{term_of('430121').pk}/sessions",
                         {"number": 6, "start_date": "2026-03-02"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"] and "令牌" in response.json()["detail"]
    assert (Session.objects.count(), AuditEvent.objects.count()) == (sessions, audits)


def test_session_post_with_csrf_token_is_accepted(cast):
    """The same request with the cookie's token in X-CSRFToken goes through: the check is CSRF, not auth."""
    client = _csrf_client(cast, "csx_lianluo")
    assert client.get("/accounts/me/").status_code == 200  # a page with a form sets the CSRF cookie
    token_value = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(f"{API}/terms/{term_of('430121').pk}/sessions",
                           data=json.dumps({"number": 6, "start_date": "2026-03-02"}),
                           content_type="application/json", HTTP_X_CSRFTOKEN=token_value)
    assert response.status_code == 201, response.content


def test_bearer_token_post_needs_no_csrf_token(cast):
    """Bearer tokens are not sent by browsers on their own, so CSRF does not apply to them."""
    _, raw = api_token_create(user=cast("csx_lianluo"), name="测试")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = post_json(client, f"{API}/terms/{term_of('430121').pk}/sessions",
                         {"number": 6, "start_date": "2026-03-02"})
    assert response.status_code == 201, response.content


# --- Audit log --------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ALL_ACCOUNTS)
def test_audit_events_only_for_the_audit_administrator(signed_in, username):
    """等保 8.1.5.2: only the 审计管理员 reads the audit log; every other role gets 403."""
    response = signed_in(username).get(f"{API}/audit/events")
    if username == "hn_shenji":
        assert response.status_code == 200
        events = response.json()
        assert events and {"id", "at", "actor", "action", "summary"} <= set(events[0])
    else:
        assert response.status_code == 403
        assert response.json()["detail"] == "无权执行此操作。"


def test_audit_events_filter_and_page(signed_in):
    client = signed_in("hn_shenji")
    events = client.get(f"{API}/audit/events", {"action": "session.create", "limit": 3}).json()
    assert len(events) == 3
    assert all(e["action"] == "session.create" for e in events)
    ids = [e["id"] for e in events]
    assert ids == sorted(ids, reverse=True)
    older = client.get(f"{API}/audit/events", {"action": "session.create", "before": ids[-1]}).json()
    assert older and all(e["id"] < ids[-1] for e in older)


def test_audit_json_has_no_unmasked_mobile(signed_in):
    """No 11-digit mobile number appears in the audit API's output (B3)."""
    body = signed_in("hn_shenji").get(f"{API}/audit/events", {"limit": 500}).content.decode()
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", body)
