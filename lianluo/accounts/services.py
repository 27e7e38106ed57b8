"""Every write to accounts, roles, sign-in state and tokens (audited, atomic)."""

import math
import secrets
import string
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lianluo.accounts import otp
from lianluo.accounts.models import ApiToken, Assignment, LoginThrottle, SignedInSession, User
from lianluo.accounts.roles import ADMIN_ROLES, UNIT_ROLES, Role
from lianluo.accounts.scoping import covers
from lianluo.core.audit import audit_record
from lianluo.core.crypto import provider
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.fields import blind_index
from lianluo.core.masking import mask_mobile, mask_name
from lianluo.core.validators import normalise_mobile

# ---------------------------------------------------------------- sign-in


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    message: str = ""


def _throttle_key(identity: str, ip: str) -> str:
    return provider().digest(f"{identity}|{ip}".encode())


def _throttle_identity(identifier: str, user: User | None) -> str:
    """What a failure counts against: the account when the identifier names one, so that its username and
    every spelling of its mobile number (spaces, dashes, +86) share one counter; otherwise the identifier
    in its normal form."""
    if user is not None:
        return f"user:{user.pk}"
    mobile = normalise_mobile(identifier)
    return f"mobile:{mobile}" if mobile else f"name:{identifier.strip().lower()}"


def _attempt_label(identifier: str, user: User | None) -> str:
    """Who tried, for the audit row: the account's username, else the identifier with a mobile number masked
    (the audit log holds no plaintext personal data, SECURITY.md A8)."""
    if user is not None:
        return user.username
    mobile = normalise_mobile(identifier)
    return mask_mobile(mobile) if mobile else identifier.strip()[:150]


def _minutes_left(until, now) -> int:
    return max(1, math.ceil((until - now).total_seconds() / 60))


def find_user_for_login(identifier: str) -> User | None:
    """Accounts sign in by username or by mobile number (matched through its blind index)."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    user = User.objects.filter(username=identifier).first()
    if user is None:
        mobile = normalise_mobile(identifier)
        if mobile:
            user = User.objects.filter(mobile_index=blind_index(mobile, purpose="mobile")).first()
    return user


def sign_in_check(*, identifier: str, password: str, ip: str) -> SignInResult:
    """Check a password sign-in with lockout (等保 8.1.4.1 b; SECURITY.md A3).

    After LOGIN_FAILURE_LIMIT failures from one address for one account, that pair is locked for
    LOGIN_LOCKOUT_MINUTES; while locked even the right password fails. Every outcome is audited.
    """
    now = timezone.now()
    generic = "用户名（手机号码）或密码不正确。"
    user = find_user_for_login(identifier)
    key = _throttle_key(_throttle_identity(identifier, user), ip)
    label = _attempt_label(identifier, user)
    with transaction.atomic():
        throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(
            key=key, defaults={"username": user.username if user else identifier[:64], "ip": ip}
        )
        if throttle.locked_until and throttle.locked_until > now:
            minutes = _minutes_left(throttle.locked_until, now)
            audit_record(action="auth.login_locked", actor_label=label, outcome="denied")
            return SignInResult(None, f"登录失败次数过多，账户已锁定，请 {minutes} 分钟后再试。")
        if user is not None and user.is_active and user.check_password(password):
            throttle.failures = 0
            throttle.locked_until = None
            throttle.save(update_fields=["failures", "locked_until"])
            return SignInResult(user)
        if user is None:
            # Hash anyway, so that the response time does not tell whether the account exists.
            User().set_password(password)
        locked = throttle.register_failure(now)
        audit_record(
            action="auth.lockout" if locked else "auth.login_failed",
            actor=user,
            actor_label=label,
            outcome="failure",
            summary={"failures": throttle.failures},
        )
    if locked:
        return SignInResult(None, f"登录失败次数过多，账户已锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟。")
    remaining = settings.LOGIN_FAILURE_LIMIT - throttle.failures
    return SignInResult(None, f"{generic}再失败 {remaining} 次将锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟。")


def sign_in_record(*, user: User, second_factor: bool) -> None:
    """Audit a completed sign-in (Django's login() has already stamped last_login)."""
    audit_record(action="auth.login", actor=user, obj=user, summary={"second_factor": second_factor})


def sign_out_record(*, user: User) -> None:
    audit_record(action="auth.logout", actor=user, obj=user)


def throttle_unlock(*, actor: User, username: str) -> int:
    """A security administrator lifts the lockouts of one username; returns how many were lifted."""
    _require(actor, Role.SECURITY_ADMIN)
    with transaction.atomic():
        count = LoginThrottle.objects.filter(username=username, locked_until__gt=timezone.now()).update(
            failures=0, locked_until=None
        )
        audit_record(action="auth.unlock", actor=actor, object_type="accounts.user", object_label=username,
                     summary={"locks_lifted": count})
    return count


# ---------------------------------------------------------------- second factor


def totp_begin(*, user: User) -> str:
    """Start (or restart) enrolment: a new secret, not yet confirmed."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.totp_enabled:
            raise ServiceError("动态口令已绑定。")
        locked.totp_secret = otp.new_secret()
        locked.save(update_fields=["totp_secret"])
    return locked.totp_secret


def _totp_throttle_key(user: User) -> str:
    return _throttle_key(f"totp:{user.pk}", "")


def totp_locked_minutes(*, user: User) -> int:
    """Minutes until the second factor may be tried again after too many wrong codes (0: not locked)."""
    now = timezone.now()
    throttle = LoginThrottle.objects.filter(key=_totp_throttle_key(user), locked_until__gt=now).first()
    return _minutes_left(throttle.locked_until, now) if throttle else 0


def totp_check(*, user: User, code: str, confirm: bool = False) -> bool:
    """Check a code (and on enrolment confirm the secret). A code is accepted once only (A5).

    Wrong codes count per account, whatever the address: after LOGIN_FAILURE_LIMIT of them the second factor
    is locked for LOGIN_LOCKOUT_MINUTES, so that someone who has the password cannot walk through the
    10^6 codes (等保 8.1.4.1 b; ASVS 6.3.1). A security administrator's unlock lifts it too.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.totp_secret:
            return False
        throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(
            key=_totp_throttle_key(locked), defaults={"username": locked.username, "ip": ""}
        )
        if throttle.locked_until and throttle.locked_until > now:
            audit_record(action="auth.totp_locked", actor=locked, obj=locked, outcome="denied")
            return False
        step = otp.matching_step(locked.totp_secret, code, last_step=locked.totp_last_step)
        if step is None:
            lockout = throttle.register_failure(now)
            audit_record(action="auth.totp_lockout" if lockout else "auth.totp_failed", actor=locked, obj=locked,
                         outcome="failure", summary={"failures": throttle.failures})
            return False
        if throttle.failures or throttle.locked_until:
            throttle.failures = 0
            throttle.locked_until = None
            throttle.save(update_fields=["failures", "locked_until"])
        locked.totp_last_step = step
        fields = ["totp_last_step"]
        if confirm and not locked.totp_confirmed_at:
            locked.totp_confirmed_at = timezone.now()
            fields.append("totp_confirmed_at")
            audit_record(action="auth.totp_enrolled", actor=locked, obj=locked)
        locked.save(update_fields=fields)
    return True


def totp_reset(*, actor: User, user: User) -> None:
    """A security administrator clears a lost second factor; the person enrols again at next sign-in."""
    _require(actor, Role.SECURITY_ADMIN)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.totp_secret = ""
        locked.totp_confirmed_at = None
        locked.save(update_fields=["totp_secret", "totp_confirmed_at"])
        audit_record(action="auth.totp_reset", actor=actor, obj=locked)


# ---------------------------------------------------------------- accounts


def _require(actor: User, role: str) -> None:
    if role not in actor.role_set():
        raise PermissionDeniedError("无权执行此操作。")


def generate_password(length: int = 14) -> str:
    """A random starting password that satisfies the password policy."""
    alphabet = string.ascii_letters + string.digits + "@#%+=?"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (any(c.islower() for c in candidate) and any(c.isupper() for c in candidate)
                and any(c.isdigit() for c in candidate) and any(not c.isalnum() for c in candidate)):
            return candidate


def _account_summary(user: User) -> dict:
    return {"username": user.username, "full_name": mask_name(user.full_name), "mobile": mask_mobile(user.mobile),
            "home_region": user.home_region_id, "is_active": user.is_active}


def user_create(
    *, actor: User | None, username: str, full_name: str, home_region, mobile: str = "",
    password: str | None = None, must_change_password: bool = True,
) -> tuple[User, str]:
    """Create an account with a starting password that must be changed at first sign-in (A2)."""
    if actor is not None:
        _require(actor, Role.SYSTEM_ADMIN)
        if not covers(actor, home_region.code, roles={Role.SYSTEM_ADMIN}):
            raise PermissionDeniedError("该辖区不在您的管理范围内。")
    errors = {}
    username = (username or "").strip()
    if not username:
        errors["username"] = "用户名不能为空。"
    elif username.lower() in {"admin", "root", "administrator"}:
        errors["username"] = "不允许使用通用账户名（如 admin），请使用实名账户。"
    if not (full_name or "").strip():
        errors["full_name"] = "姓名不能为空。"
    normalised = ""
    if mobile:
        normalised = normalise_mobile(mobile)
        if not normalised:
            errors["mobile"] = "手机号码格式不正确，应为 11 位数字。"
    if errors:
        raise ValidationError(errors)
    password = password or generate_password()
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ValidationError({"username": "该用户名已被使用。"})
        if normalised and User.objects.filter(mobile_index=blind_index(normalised, purpose="mobile")).exists():
            raise ValidationError({"mobile": "该手机号码已绑定其他账户。"})
        user = User(username=username, full_name=full_name.strip(), mobile=normalised, home_region=home_region,
                    must_change_password=must_change_password)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        user.set_password(password)
        user.save()
        audit_record(action="account.create", actor=actor, obj=user, summary={"after": _account_summary(user)})
    return user, password


def user_set_active(*, actor: User, user: User, active: bool) -> User:
    _require(actor, Role.SYSTEM_ADMIN)
    if actor.pk == user.pk and not active:
        raise ServiceError("不能停用自己的账户。")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = _account_summary(locked)
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        if not active:
            _end_sessions(locked)
        audit_record(action="account.activate" if active else "account.deactivate", actor=actor, obj=locked,
                     summary={"before": before, "after": _account_summary(locked)})
    return locked


def user_reset_password(*, actor: User, user: User) -> str:
    """A system administrator issues a new starting password; all the person's sessions end."""
    _require(actor, Role.SYSTEM_ADMIN)
    password = generate_password()
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.must_change_password = True
        locked.save(update_fields=["password", "must_change_password"])
        _end_sessions(locked)
        audit_record(action="account.password_reset", actor=actor, obj=locked)
    return password


def password_change(*, user: User, old_password: str, new_password: str, keep_session: str | None = None) -> User:
    """The person changes their own password (also the forced change at first sign-in)."""
    errors = {}
    if not user.check_password(old_password):
        errors["old_password"] = "原密码不正确。"
    elif old_password == new_password:
        errors["new_password"] = "新密码不能与原密码相同。"
    else:
        try:
            password_validation.validate_password(new_password, user)
        except ValidationError as exc:
            errors["new_password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(new_password)
        locked.must_change_password = False
        locked.password_changed_at = timezone.now()
        locked.save(update_fields=["password", "must_change_password", "password_changed_at"])
        # Other sessions die with the old password (ASVS 7.4.3); the view keeps the current one.
        _end_sessions(locked, keep=keep_session)
        audit_record(action="account.password_change", actor=locked, obj=locked)
    return locked


def session_register(*, user: User, session_key: str, replaces: str | None = None) -> None:
    """Remember which session is whose; ``replaces`` is the key the session had before it was cycled
    (a password change issues a new key for the session it keeps)."""
    with transaction.atomic():
        if replaces and replaces != session_key:
            SignedInSession.objects.filter(user=user, session_key=replaces).delete()
        SignedInSession.objects.get_or_create(session_key=session_key, defaults={"user": user})


def _end_sessions(user: User, *, keep: str | None = None) -> int:
    keys = SignedInSession.objects.filter(user=user).exclude(session_key=keep or "")
    ended, _ = Session.objects.filter(session_key__in=keys.values("session_key")).delete()
    keys.delete()
    return ended


# ---------------------------------------------------------------- roles


def assignment_grant(
    *, actor: User | None, user: User, role: str, region, organisation=None
) -> Assignment:
    """Grant a role over a region (安全管理员, within the actor's own jurisdiction).

    Administrator roles are held alone: an administrator holds no business role and no second
    administrator role (等保 8.1.4.2 d).
    """
    if actor is not None:
        _require(actor, Role.SECURITY_ADMIN)
        if not covers(actor, region.code, roles={Role.SECURITY_ADMIN}):
            raise PermissionDeniedError("该辖区不在您的管理范围内。")
    if role not in Role.values:
        raise ValidationError({"role": "角色不存在。"})
    if role in UNIT_ROLES and organisation is None:
        raise ValidationError({"organisation": "承办单位角色必须指定单位。"})
    if organisation is not None and not organisation.region_id.startswith(region.code):
        raise ValidationError({"organisation": "单位不在该辖区内。"})
    with transaction.atomic():
        rows = list(Assignment.objects.select_for_update().filter(user=user).values_list("role", "region_id"))
        held = {held_role for held_role, _ in rows}
        if held & ADMIN_ROLES and role not in held:
            raise ValidationError({"role": "管理员账户只能担任一种管理员角色，不能兼任其他角色。"})
        if role in ADMIN_ROLES and held - {role}:
            raise ValidationError({"role": "管理员角色须由专人担任，该账户已有其他角色。"})
        if role in ADMIN_ROLES and any(r == role and code != region.code for r, code in rows):
            # The constraint assignment_one_admin_role allows one administrator assignment per person.
            raise ValidationError({"region": "管理员角色只能在一个辖区担任；如需调整辖区，请先撤销原角色。"})
        assignment, created = Assignment.objects.get_or_create(
            user=user, role=role, region=region,
            defaults={"organisation": organisation, "granted_by": actor if actor else None},
        )
        if created:
            audit_record(action="permission.grant", actor=actor, obj=user,
                         summary={"role": role, "region": region.code,
                                  "organisation": organisation.pk if organisation else None})
    return assignment


def assignment_revoke(*, actor: User, assignment: Assignment) -> None:
    _require(actor, Role.SECURITY_ADMIN)
    if not covers(actor, assignment.region_id, roles={Role.SECURITY_ADMIN}):
        raise PermissionDeniedError("该辖区不在您的管理范围内。")
    with transaction.atomic():
        locked = Assignment.objects.select_for_update().select_related("user").get(pk=assignment.pk)
        summary = {"role": locked.role, "region": locked.region_id}
        locked.delete()
        audit_record(action="permission.revoke", actor=actor, obj=locked.user, summary=summary)


# ---------------------------------------------------------------- API tokens


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a bearer token; the raw value is shown once and only its digest is kept."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "令牌名称不能为空。"})
    raw = "ll_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:64], prefix=raw[:10], digest=provider().digest(raw.encode()),
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
        )
        audit_record(action="api_token.create", actor=user, obj=token)
    return token, raw


def api_token_revoke(*, user: User, token: ApiToken) -> None:
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk, user=user)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at"])
            audit_record(action="api_token.revoke", actor=user, obj=locked)


def api_token_user(raw: str) -> User | None:
    """The active user behind a raw bearer token, or None."""
    if not raw or not raw.startswith("ll_"):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=provider().digest(raw.encode())).first()
    now = timezone.now()
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
