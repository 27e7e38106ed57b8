import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from lianluo.accounts import otp, permissions, selectors, services
from lianluo.accounts.forms import (
    ApiTokenForm,
    AssignmentForm,
    PasswordChangeForm,
    SignInForm,
    TotpForm,
    UserCreateForm,
)
from lianluo.accounts.middleware import SECOND_FACTOR, SIGNED_IN_AT
from lianluo.accounts.models import User
from lianluo.core import request_context
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.forms import apply_service_errors
from lianluo.regions import selectors as region_selectors
from lianluo.regions.models import Level

PENDING_USER = "pending_user_id"
PENDING_AT = "pending_at"
PENDING_SECONDS = 300
BACKEND = "lianluo.accounts.backends.UsernameOrMobileBackend"


def _complete_sign_in(request, user: User, *, second_factor: bool):
    next_url = request.session.get("next_url") or ""
    login(request, user, backend=BACKEND)  # issues a new session key (ASVS 7.2.4)
    request.session[SIGNED_IN_AT] = time.time()
    request.session[SECOND_FACTOR] = second_factor
    request.session.save()
    services.session_register(user=user, session_key=request.session.session_key)
    services.sign_in_record(user=user, second_factor=second_factor)
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect(settings.LOGIN_REDIRECT_URL)


@never_cache
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.sign_in_check(
            identifier=form.cleaned_data["username"], password=form.cleaned_data["password"],
            ip=request_context.current().ip,
        )
        if result.user is None:
            form.add_error(None, result.message)
        elif permissions.requires_second_factor(result.user):
            request.session.cycle_key()
            request.session[PENDING_USER] = result.user.pk
            request.session[PENDING_AT] = time.time()
            request.session["next_url"] = request.GET.get("next", "")
            return redirect("accounts:totp")
        else:
            request.session["next_url"] = request.GET.get("next", "")
            return _complete_sign_in(request, result.user, second_factor=False)
    return render(request, "accounts/sign_in.html", {"form": form})


@never_cache
def totp(request):
    """Second step for administrators: enrol (first time) or enter the current code."""
    user_id = request.session.get(PENDING_USER)
    if not user_id or time.time() - request.session.get(PENDING_AT, 0) > PENDING_SECONDS:
        messages.info(request, "请重新输入用户名和密码。")
        return redirect("accounts:login")
    user = User.objects.get(pk=user_id)
    enrolling = not user.totp_enabled
    if enrolling and not user.totp_secret:
        services.totp_begin(user=user)
        user.refresh_from_db()
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_check(user=user, code=form.cleaned_data["code"], confirm=enrolling):
            del request.session[PENDING_USER]
            return _complete_sign_in(request, user, second_factor=True)
        minutes = services.totp_locked_minutes(user=user)
        if minutes:
            form.add_error("code", f"动态口令错误次数过多，已锁定，请 {minutes} 分钟后再试。")
        else:
            form.add_error("code", "动态口令不正确或已使用，请输入验证器上最新的 6 位数字。")
    context = {"form": form, "enrolling": enrolling, "account": user}
    if enrolling:
        uri = otp.provisioning_uri(user.totp_secret, account=user.username, issuer=settings.TOTP_ISSUER)
        context["qr_svg"] = segno.make(uri, error="m").svg_inline(scale=4, dark="#1f2937")
        context["secret"] = " ".join(user.totp_secret[i:i + 4] for i in range(0, len(user.totp_secret), 4))
    return render(request, "accounts/totp.html", context)


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        services.sign_out_record(user=request.user)
    logout(request)  # flushes the session (SECURITY.md A13)
    messages.success(request, "您已安全退出。")
    return redirect("accounts:login")


@never_cache
@login_required
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.password_change(
                user=request.user, old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"], keep_session=request.session.session_key,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            kept = request.session.session_key
            update_session_auth_hash(request, user)  # gives the kept session a new key: keep tracking it
            services.session_register(user=user, session_key=request.session.session_key, replaces=kept)
            messages.success(request, "密码已修改。")
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password},
                  status=400 if request.method == "POST" else 200)


@login_required
def profile(request):
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST":
        if not permissions.can_use_api_tokens(request.user):
            raise PermissionDenied
        if form.is_valid():
            _, new_token = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
            form = ApiTokenForm()
    return render(request, "accounts/profile.html", {
        "form": form, "new_token": new_token, "tokens": selectors.api_tokens_of(user=request.user),
        "assignments": request.user.active_assignments(),
    })


@require_POST
@login_required
def token_revoke(request, pk: int):
    token = selectors.api_tokens_of(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    services.api_token_revoke(user=request.user, token=token)
    messages.success(request, "令牌已吊销。")
    return redirect("accounts:profile")


def _assignment_form(actor, data=None) -> AssignmentForm:
    """The grant-role form, offering only regions and units inside the security administrator's jurisdiction."""
    return AssignmentForm(
        data,
        regions=region_selectors.region_choices(user=actor, roles={"security_admin"}, max_level=Level.TOWNSHIP),
        organisations=region_selectors.organisation_list(user=actor, roles={"security_admin"}),
    )


def _require_account_admin(user):
    if not (permissions.can_manage_accounts(user) or permissions.can_manage_roles(user)):
        raise PermissionDenied


@login_required
def user_list(request):
    _require_account_admin(request.user)
    query = request.GET.get("q", "").strip()
    users = selectors.user_list(actor=request.user, query=query)[:200]
    return render(request, "accounts/user_list.html", {
        "users": users, "query": query, "can_create": permissions.can_manage_accounts(request.user),
    })


@login_required
def user_create(request):
    if not permissions.can_manage_accounts(request.user):
        raise PermissionDenied
    regions = region_selectors.region_choices(user=request.user, roles={"system_admin"})
    form = UserCreateForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.user_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "accounts/user_created.html", {"account": user, "password": password})
    return render(request, "accounts/user_form.html", {"form": form}, status=400 if request.method == "POST" else 200)


@login_required
def user_detail(request, pk: int):
    _require_account_admin(request.user)
    account = selectors.user_get(actor=request.user, pk=pk)
    form = None
    if permissions.can_manage_roles(request.user):
        form = _assignment_form(request.user)
    return render(request, "accounts/user_detail.html", {
        "account": account, "form": form, "can_manage_accounts": permissions.can_manage_accounts(request.user),
    })


@require_POST
@login_required
def user_action(request, pk: int, action: str):
    _require_account_admin(request.user)
    account = selectors.user_get(actor=request.user, pk=pk)
    try:
        if action == "deactivate":
            services.user_set_active(actor=request.user, user=account, active=False)
            messages.success(request, "账户已停用。")
        elif action == "activate":
            services.user_set_active(actor=request.user, user=account, active=True)
            messages.success(request, "账户已启用。")
        elif action == "reset-password":
            password = services.user_reset_password(actor=request.user, user=account)
            return render(request, "accounts/user_created.html", {"account": account, "password": password,
                                                                   "reset": True})
        elif action == "unlock":
            count = services.throttle_unlock(actor=request.user, username=account.username)
            messages.success(request, f"已解除 {count} 处登录锁定。")
        elif action == "reset-totp":
            services.totp_reset(actor=request.user, user=account)
            messages.success(request, "动态口令已重置，该账户下次登录时重新绑定。")
        else:
            raise Http404
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("accounts:user_detail", args=[account.pk]))


@require_POST
@login_required
def assignment_add(request, pk: int):
    if not permissions.can_manage_roles(request.user):
        raise PermissionDenied
    account = selectors.user_get(actor=request.user, pk=pk)
    form = _assignment_form(request.user, request.POST)
    if form.is_valid():
        try:
            services.assignment_grant(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "角色已授予。")
            return redirect(reverse("accounts:user_detail", args=[account.pk]))
    return render(request, "accounts/user_detail.html", {
        "account": account, "form": form, "can_manage_accounts": False,
    }, status=400)


@require_POST
@login_required
def assignment_remove(request, pk: int):
    if not permissions.can_manage_roles(request.user):
        raise PermissionDenied
    assignment = selectors.assignment_get(actor=request.user, pk=pk)
    services.assignment_revoke(actor=request.user, assignment=assignment)
    messages.success(request, "角色已撤销。")
    return redirect(reverse("accounts:user_detail", args=[assignment.user_id]))
