"""Sign-in security: lockout, sessions, the administrators' second factor, forced password change.

等保 8.1.4.1 a)–d); SECURITY.md A2–A5, A13, C10; ASVS 7.2.4, 7.3.1–7.4.3.
"""

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from lianluo.accounts import otp, services
from lianluo.accounts.models import LoginThrottle, SignedInSession, User
from lianluo.core.models import AuditEvent
from lianluo.regions.models import Region

LOGIN = "/accounts/login/"
TOTP = "/accounts/login/totp/"
HOME = "/workbench/"
PASSWORD = "/accounts/password/"
WRONG = "用户名（手机号码）或密码不正确。"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def sign_in(client, identifier, password, **extra):
    return client.post(LOGIN, {"username": identifier, "password": password}, **extra)


def session_user(client):
    return client.session.get("_auth_user_id")


def actions_since(mark: int) -> list[str]:
    return list(AuditEvent.objects.filter(id__gt=mark).order_by("id").values_list("action", flat=True))


def last_audit_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def field_error(html: str, field: str) -> str:
    """The error text rendered next to a form field (partials/form.html), or ''."""
    match = re.search(rf'id="id_{field}-error">(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


# ---------------------------------------------------------------- passwords and lockout


@pytest.mark.django_db
def test_sign_in_by_username(cast, demo_password):
    client = Client()
    mark = last_audit_id()
    response = sign_in(client, "hn_lianluo", demo_password)
    assert response.status_code == 302 and response["Location"] == HOME
    assert session_user(client) == str(cast("hn_lianluo").pk)
    assert client.get(HOME).status_code == 200
    assert actions_since(mark) == ["auth.login"]


@pytest.mark.django_db
@pytest.mark.parametrize("identifier", ["13907310001", "139 0731 0001", "+86 139-0731-0001"])
def test_sign_in_by_mobile_number(cast, demo_password, identifier):
    client = Client()
    response = sign_in(client, identifier, demo_password)
    assert response.status_code == 302
    assert session_user(client) == str(cast("hn_lianluo").pk)


@pytest.mark.django_db
@pytest.mark.parametrize(("identifier", "label"), [
    ("hn_lianluo", "hn_lianluo"), ("13907310001", "hn_lianluo"), ("nobody_here", "nobody_here"),
    ("139 0731 9999", "139****9999"),
])
def test_wrong_password_gives_one_chinese_message(demo_password, identifier, label):
    """The same message whether or not the account exists (no account enumeration); the audit row names the
    account, and never holds a typed mobile number in full (SECURITY.md A8)."""
    client = Client()
    mark = last_audit_id()
    response = sign_in(client, identifier, demo_password + "x")
    html = response.content.decode()
    assert response.status_code == 200
    assert WRONG in html and "再失败 4 次将锁定 15 分钟" in html
    assert session_user(client) is None
    event = AuditEvent.objects.get(id__gt=mark)
    assert (event.action, event.outcome, event.actor_label) == ("auth.login_failed", "failure", label)
    assert not re.search(r"1[3-9]\d{9}", str(event.summary) + event.actor_label + event.object_label)


@pytest.mark.django_db
def test_lockout_after_five_failures_for_fifteen_minutes(cast, demo_password):
    """等保 8.1.4.1 b): five failures lock the account (from this address) for 15 minutes, even the right
    password fails meanwhile; each step is audited."""
    assert settings.LOGIN_FAILURE_LIMIT == 5 and settings.LOGIN_LOCKOUT_MINUTES == 15
    client = Client()
    mark = last_audit_id()
    with time_machine.travel(START, tick=False) as clock:
        for attempt in range(1, 6):
            html = sign_in(client, "csx_daibiao", f"wrong-{attempt}").content.decode()
        assert "登录失败次数过多，账户已锁定 15 分钟" in html
        assert actions_since(mark) == ["auth.login_failed"] * 4 + ["auth.lockout"]

        mark = last_audit_id()
        response = sign_in(client, "csx_daibiao", demo_password)
        assert response.status_code == 200 and session_user(client) is None
        assert "登录失败次数过多，账户已锁定，请 15 分钟后再试" in response.content.decode()

        clock.shift(datetime.timedelta(minutes=14, seconds=59))
        response = sign_in(client, "csx_daibiao", demo_password)
        assert session_user(client) is None and "请 1 分钟后再试" in response.content.decode()
        assert actions_since(mark) == ["auth.login_locked", "auth.login_locked"]
        assert AuditEvent.objects.get(id=last_audit_id()).outcome == "denied"

        clock.shift(datetime.timedelta(seconds=2))
        mark = last_audit_id()
        response = sign_in(client, "csx_daibiao", demo_password)
        assert response.status_code == 302 and session_user(client) == str(cast("csx_daibiao").pk)
        assert actions_since(mark) == ["auth.login"]


@pytest.mark.django_db
def test_lockout_counts_every_spelling_of_the_account(cast, demo_password):
    """Username and mobile number, with or without spaces, dashes or +86, are one account: five failures in
    any mix lock all of them (otherwise each spelling would get five more guesses)."""
    client = Client()
    with time_machine.travel(START, tick=False):
        for identifier in ["csx_daibiao", "13907310004", "139 0731 0004", "139-0731-0004", "+8613907310004"]:
            sign_in(client, identifier, "wrong-password")
        for identifier in ["csx_daibiao", "13907310004", "1390 7310 004"]:
            response = sign_in(client, identifier, demo_password)
            assert session_user(client) is None, identifier
            assert "登录失败次数过多" in response.content.decode()


@pytest.mark.django_db
def test_lockout_is_for_the_address_that_failed(cast, demo_password):
    """The lock is on the account and address pair (SECURITY.md A3): the owner at another desk gets in."""
    attacker = Client(REMOTE_ADDR="10.1.1.66")
    for _ in range(5):
        sign_in(attacker, "csx_daibiao", "wrong-password")
    assert session_user(attacker) is None
    owner = Client(REMOTE_ADDR="10.1.1.7")
    sign_in(owner, "csx_daibiao", demo_password)
    assert session_user(owner) == str(cast("csx_daibiao").pk)


@pytest.mark.django_db
def test_security_admin_unlocks_including_locks_made_by_mobile_number(cast, demo_password):
    client = Client()
    for _ in range(5):
        sign_in(client, "13907310004", "wrong-password")
    assert sign_in(client, "csx_daibiao", demo_password).status_code == 200  # locked
    assert services.throttle_unlock(actor=cast("hn_anquan"), username="csx_daibiao") >= 1
    assert AuditEvent.objects.filter(action="auth.unlock", actor=cast("hn_anquan")).exists()
    assert sign_in(client, "csx_daibiao", demo_password).status_code == 302


@pytest.mark.django_db
def test_inactive_account_cannot_sign_in(cast, demo_password):
    User.objects.filter(username="csx_daibiao").update(is_active=False)
    client = Client()
    response = sign_in(client, "csx_daibiao", demo_password)
    assert response.status_code == 200 and WRONG in response.content.decode()
    assert session_user(client) is None


# ---------------------------------------------------------------- sessions


@pytest.mark.django_db
def test_session_key_changes_at_sign_in(demo_password):
    """ASVS 7.2.4: a session fixed before sign-in is not the signed-in session."""
    client = Client()
    before = client.session
    before["probe"] = 1
    before.save()
    old_key = before.session_key
    assert client.cookies[settings.SESSION_COOKIE_NAME].value == old_key
    sign_in(client, "hn_lianluo", demo_password)
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key and new_key != old_key
    assert not Session.objects.filter(session_key=old_key).exists()
    assert SignedInSession.objects.filter(session_key=new_key).exists()


@pytest.mark.django_db
def test_sign_out_flushes_the_session(cast, demo_password):
    client = Client()
    sign_in(client, "hn_lianluo", demo_password)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    mark = last_audit_id()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert not Session.objects.filter(session_key=key).exists()
    assert actions_since(mark) == ["auth.logout"]
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    response = replay.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_sign_out_needs_post():
    assert Client().get("/accounts/logout/").status_code == 405


@pytest.mark.django_db
def test_idle_session_expires_after_thirty_minutes(demo_password):
    """等保 8.1.4.1 b); SECURITY.md A4: every request extends the session by 30 minutes; 31 idle minutes end it."""
    assert settings.SESSION_COOKIE_AGE == 1800 and settings.SESSION_SAVE_EVERY_REQUEST
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "hn_lianluo", demo_password)
        key = client.cookies[settings.SESSION_COOKIE_NAME].value
        assert Session.objects.get(session_key=key).expire_date == timezone.now() + datetime.timedelta(minutes=30)
        for _ in range(2):  # active every 29 minutes: still signed in after 58
            clock.shift(datetime.timedelta(minutes=29))
            assert client.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(HOME)
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_session_has_an_absolute_cap_of_eight_hours(demo_password):
    assert settings.SESSION_ABSOLUTE_SECONDS == 8 * 3600
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "hn_lianluo", demo_password)
        for _ in range(19):  # active every 25 minutes for 7 h 55 min
            clock.shift(datetime.timedelta(minutes=25))
            assert client.get(HOME).status_code == 200
        clock.shift(datetime.timedelta(minutes=6))
        response = client.get(HOME, follow=True)
        assert response.redirect_chain[0] == (LOGIN, 302)
        assert "登录已超过最长时限，请重新登录。" in response.content.decode()
        assert session_user(client) is None


# ---------------------------------------------------------------- administrators' second factor


def admin_password_step(client, username, password):
    response = sign_in(client, username, password)
    assert response.status_code == 302 and response["Location"] == TOTP
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["hn_xitong", "hn_anquan", "hn_shenji"])
def test_password_alone_gives_an_administrator_no_session(demo_password, username):
    client = Client()
    mark = last_audit_id()
    admin_password_step(client, username, demo_password)
    assert session_user(client) is None
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get("/api/v1/me").status_code == 401
    assert "auth.login" not in actions_since(mark)


@pytest.mark.django_db
def test_enrolment_shows_a_qr_code_and_secret_and_a_correct_code_completes_sign_in(cast, demo_password):
    client = Client()
    with time_machine.travel(START, tick=False):
        admin_password_step(client, "hn_xitong", demo_password)
        page = client.get(TOTP)
        html = page.content.decode()
        admin = cast("hn_xitong")
        assert page.status_code == 200 and "绑定动态口令" in html
        assert re.search(r"<svg[^>]*>.*</svg>", html, re.S)
        assert admin.totp_secret and admin.totp_confirmed_at is None
        assert admin.totp_secret[:4] + " " + admin.totp_secret[4:8] in html  # the secret, in groups of four
        mark = last_audit_id()
        response = client.post(TOTP, {"code": otp.code_at(admin.totp_secret, otp.current_step())})
        assert response.status_code == 302 and response["Location"] == HOME
        assert session_user(client) == str(admin.pk)
        assert client.get(HOME).status_code == 200
        assert client.get("/api/v1/me").status_code == 200
        assert actions_since(mark) == ["auth.totp_enrolled", "auth.login"]
        assert AuditEvent.objects.get(id=last_audit_id()).summary == {"second_factor": True}
        admin.refresh_from_db()
        assert admin.totp_enabled


def enrol(client, cast, username, password):
    admin_password_step(client, username, password)
    client.get(TOTP)
    secret = cast(username).totp_secret
    code = otp.code_at(secret, otp.current_step())
    assert client.post(TOTP, {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    return secret, code


@pytest.mark.django_db
def test_enrolled_administrator_is_not_shown_the_secret_again(cast, demo_password):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        secret, _ = enrol(client, cast, "hn_anquan", demo_password)
        clock.shift(datetime.timedelta(seconds=60))
        admin_password_step(client, "hn_anquan", demo_password)
        html = client.get(TOTP).content.decode()
        assert "输入动态口令" in html and "<svg" not in html and secret[:4] + " " not in html
        assert client.post(TOTP, {"code": otp.code_at(secret, otp.current_step())}).status_code == 302
        assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_a_replayed_code_fails(cast, demo_password):
    """SECURITY.md A5: a TOTP code is accepted once only."""
    client = Client()
    with time_machine.travel(START, tick=False):
        _, code = enrol(client, cast, "hn_shenji", demo_password)
        admin_password_step(client, "hn_shenji", demo_password)
        response = client.post(TOTP, {"code": code})
        assert response.status_code == 200
        assert "动态口令不正确或已使用" in field_error(response.content.decode(), "code")
        assert session_user(client) is None


@pytest.mark.django_db
def test_a_wrong_code_shows_a_chinese_error_next_to_the_field(cast, demo_password):
    client = Client()
    with time_machine.travel(START, tick=False):
        admin_password_step(client, "hn_xitong", demo_password)
        client.get(TOTP)
        secret = cast("hn_xitong").totp_secret
        valid = {otp.code_at(secret, otp.current_step() + d) for d in (-1, 0, 1)}
        wrong = next(c for c in ("000000", "111111", "222222") if c not in valid)
        mark = last_audit_id()
        response = client.post(TOTP, {"code": wrong})
        html = response.content.decode()
        assert response.status_code == 200
        assert "动态口令不正确或已使用，请输入验证器上最新的 6 位数字。" in field_error(html, "code")
        assert 'aria-invalid="true"' in html
        assert actions_since(mark) == ["auth.totp_failed"]
        response = client.post(TOTP, {"code": "12ab"})
        assert "请输入验证器上显示的 6 位数字。" in field_error(response.content.decode(), "code")
        assert session_user(client) is None
        assert cast("hn_xitong").totp_confirmed_at is None


@pytest.mark.django_db
def test_code_guessing_is_locked_out(cast, demo_password):
    """Five wrong codes lock the second factor for 15 minutes (等保 8.1.4.1 b; ASVS 6.3.1), so the
    10^6 codes cannot be walked through once the password is known; signing in again does not reset it."""
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        secret, _ = enrol(client, cast, "hn_anquan", demo_password)
        clock.shift(datetime.timedelta(seconds=90))
        valid = {otp.code_at(secret, otp.current_step() + d) for d in (-1, 0, 1)}
        wrong = [c for c in ("000001", "000002", "000003", "000004", "000005", "000006", "000007") if c not in valid]
        admin_password_step(client, "hn_anquan", demo_password)
        mark = last_audit_id()
        for code in wrong[:5]:
            client.post(TOTP, {"code": code})
        assert actions_since(mark) == ["auth.totp_failed"] * 4 + ["auth.totp_lockout"]
        admin_password_step(client, "hn_anquan", demo_password)
        response = client.post(TOTP, {"code": otp.code_at(secret, otp.current_step())})
        assert response.status_code == 200 and session_user(client) is None
        assert "错误次数过多" in field_error(response.content.decode(), "code")
        clock.shift(datetime.timedelta(minutes=15, seconds=1))
        admin_password_step(client, "hn_anquan", demo_password)
        response = client.post(TOTP, {"code": otp.code_at(secret, otp.current_step())})
        assert response.status_code == 302 and session_user(client) == str(cast("hn_anquan").pk)


@pytest.mark.django_db
def test_the_password_step_expires_after_five_minutes(cast, demo_password):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        admin_password_step(client, "hn_xitong", demo_password)
        client.get(TOTP)
        secret = cast("hn_xitong").totp_secret
        clock.shift(datetime.timedelta(minutes=5, seconds=1))
        response = client.post(TOTP, {"code": otp.code_at(secret, otp.current_step())})
        assert response.status_code == 302 and response["Location"] == LOGIN
        assert session_user(client) is None


@pytest.mark.django_db
def test_administrator_session_without_second_factor_is_ended(signed_in):
    """A session that somehow carries an administrator without the second-factor mark is signed out."""
    client = signed_in("hn_xitong")
    session = client.session
    session["second_factor_verified"] = False
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert session_user(client) is None


# ---------------------------------------------------------------- passwords


@pytest.fixture
def new_account(cast):
    """An account created by the system administrator: a starting password that must be changed."""
    user, password = services.user_create(
        actor=cast("hn_xitong"), username="csx_xinren", full_name="新来的",
        home_region=Region.objects.get(code="430121"),
    )
    services.assignment_grant(actor=cast("hn_anquan"), user=user, role="liaison_staff", region=user.home_region)
    assert user.must_change_password
    return user, password


@pytest.mark.django_db
def test_first_sign_in_forces_a_password_change(new_account):
    user, password = new_account
    client = Client()
    assert sign_in(client, "csx_xinren", password).status_code == 302
    for url in [HOME, "/regions/", "/congresses/", "/accounts/me/", "/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == PASSWORD, url
    assert client.get("/api/v1/me").status_code == 401
    page = client.get(PASSWORD)
    assert page.status_code == 200 and "须先修改密码才能继续使用" in page.content.decode()
    new = "Xinren-Mima-2026"
    response = client.post(PASSWORD, {"old_password": password, "new_password": new, "new_password_again": new})
    assert response.status_code == 302 and response["Location"] == HOME
    assert client.get(HOME).status_code == 200
    assert client.get("/regions/").status_code == 302  # now to the region page, not the password page
    assert client.get("/regions/")["Location"] == "/regions/430121/"
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(new) and user.password_changed_at
    assert AuditEvent.objects.filter(action="account.password_change", actor=user).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("new", "message"), [
    ("Ab3#efghi", "密码太短，至少 10 位。"),
    ("abcdefghijkmn", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类。"),
    ("ABCDEFGH12345", "密码须包含小写字母、大写字母、数字、符号中的至少 3 类。"),
    ("Password123", "这个密码太常见了。"),
    ("Csx_Xinren-1", "密码跟 用户名 太相似了。"),
])
def test_password_policy_in_chinese(new_account, new, message):
    user, password = new_account
    client = Client()
    sign_in(client, "csx_xinren", password)
    response = client.post(PASSWORD, {"old_password": password, "new_password": new, "new_password_again": new})
    assert response.status_code == 400
    assert message in field_error(response.content.decode(), "new_password")
    user.refresh_from_db()
    assert user.check_password(password) and user.must_change_password


@pytest.mark.django_db
def test_password_change_checks_the_old_password_and_the_repeat(new_account):
    user, password = new_account
    client = Client()
    sign_in(client, "csx_xinren", password)
    new = "Xinren-Mima-2026"
    html = client.post(PASSWORD, {"old_password": "wrong", "new_password": new,
                                  "new_password_again": new}).content.decode()
    assert "原密码不正确。" in field_error(html, "old_password")
    html = client.post(PASSWORD, {"old_password": password, "new_password": new,
                                  "new_password_again": new + "x"}).content.decode()
    assert "两次输入的新密码不一致。" in field_error(html, "new_password_again")
    html = client.post(PASSWORD, {"old_password": password, "new_password": password,
                                  "new_password_again": password}).content.decode()
    assert "新密码不能与原密码相同。" in field_error(html, "new_password")
    user.refresh_from_db()
    assert user.check_password(password)


@pytest.mark.django_db
def test_password_change_ends_the_other_sessions(demo_password):
    """ASVS 7.4.3; SECURITY.md C10: the desk that changed the password stays signed in, the others end."""
    desk, phone = Client(), Client()
    sign_in(desk, "cs_lianluo", demo_password)
    sign_in(phone, "cs_lianluo", demo_password)
    phone_key = phone.cookies[settings.SESSION_COOKIE_NAME].value
    assert phone.get(HOME).status_code == 200
    new = "Changsha-Mima-2026"
    response = desk.post(PASSWORD, {"old_password": demo_password, "new_password": new, "new_password_again": new})
    assert response.status_code == 302
    assert desk.get(HOME).status_code == 200
    assert not Session.objects.filter(session_key=phone_key).exists()
    response = phone.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_the_session_kept_after_a_password_change_is_still_tracked(cast, demo_password):
    """The kept session gets a new key at the change; a later password reset or deactivation must still find
    and end it (SECURITY.md A1, A13)."""
    desk = Client()
    sign_in(desk, "cs_lianluo", demo_password)
    new = "Changsha-Mima-2026"
    desk.post(PASSWORD, {"old_password": demo_password, "new_password": new, "new_password_again": new})
    key = desk.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()
    assert SignedInSession.objects.filter(session_key=key, user=cast("cs_lianluo")).exists()
    services.user_set_active(actor=cast("hn_xitong"), user=cast("cs_lianluo"), active=False)
    assert not Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_reset_password_forces_a_change_and_ends_sessions(cast, demo_password):
    client = Client()
    sign_in(client, "csx_daibiao", demo_password)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    password = services.user_reset_password(actor=cast("hn_xitong"), user=cast("csx_daibiao"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(HOME)["Location"].startswith(LOGIN)
    sign_in(client, "csx_daibiao", password)
    assert client.get(HOME)["Location"] == PASSWORD


@pytest.mark.django_db
def test_lockout_rows_are_one_per_account_and_address(cast):
    client = Client()
    for identifier in ["csx_daibiao", "13907310004", "139 0731 0004"]:
        sign_in(client, identifier, "wrong-password")
    rows = LoginThrottle.objects.filter(username="csx_daibiao")
    assert rows.count() == 1 and rows.get().failures == 3


@pytest.mark.django_db
def test_security_admin_unlock_lifts_a_second_factor_lock(cast, demo_password):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        secret, _ = enrol(client, cast, "hn_xitong", demo_password)
        clock.shift(datetime.timedelta(seconds=90))
        valid = {otp.code_at(secret, otp.current_step() + d) for d in (-1, 0, 1)}
        admin_password_step(client, "hn_xitong", demo_password)
        for code in [c for c in ("100001", "100002", "100003", "100004", "100005", "100006") if c not in valid][:5]:
            client.post(TOTP, {"code": code})
        assert services.totp_locked_minutes(user=cast("hn_xitong")) == 15
        assert services.throttle_unlock(actor=cast("hn_anquan"), username="hn_xitong") == 1
        assert services.totp_locked_minutes(user=cast("hn_xitong")) == 0
        response = client.post(TOTP, {"code": otp.code_at(secret, otp.current_step())})
        assert response.status_code == 302 and session_user(client) == str(cast("hn_xitong").pk)
