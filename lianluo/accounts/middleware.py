"""Session policy for signed-in users (等保 8.1.4.1 b–d; SECURITY.md A2, A4, A5)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from lianluo.accounts.permissions import requires_second_factor

SIGNED_IN_AT = "signed_in_at"
SECOND_FACTOR = "second_factor_verified"
EXEMPT_PREFIXES = ("/static/", "/accounts/logout/", "/accounts/password/", "/api/", "/public/")
# The public portal serves everyone the same; a signed-in session changes nothing there.
PUBLIC_PREFIX = "/public/"


class SessionPolicyMiddleware:
    """Ends sessions past the absolute cap, keeps administrators from a one-factor session, and
    sends people with a starting password to the change-password page before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            signed_in_at = request.session.get(SIGNED_IN_AT, 0)
            if time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, "登录已超过最长时限，请重新登录。")
                return redirect(settings.LOGIN_URL)
            if requires_second_factor(user) and not request.session.get(SECOND_FACTOR):
                logout(request)
                if not request.path.startswith(PUBLIC_PREFIX):
                    return redirect(settings.LOGIN_URL)
            if user.must_change_password and not request.path.startswith(EXEMPT_PREFIXES):
                return redirect(reverse("accounts:password_change"))
        return self.get_response(request)
