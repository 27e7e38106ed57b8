"""API authentication: the signed-in session (with CSRF) or a bearer token."""

import time

from django.conf import settings
from ninja.security import HttpBearer, SessionAuth

from lianluo.accounts.services import api_token_user


class BearerToken(HttpBearer):
    openapi_description = "个人接口令牌（在“我的账户”中生成），放在 Authorization: Bearer 头中。"

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is None or user.must_change_password:
            return None
        request.user = user
        return user


class SignedInSession(SessionAuth):
    """The browser session; administrators' sessions carry a verified second factor.

    SessionPolicyMiddleware leaves /api/ alone, so the absolute session cap (等保 8.1.4.1 b;
    SECURITY.md A4) is enforced here as well: an over-age session is not accepted by the API.
    """

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or user.must_change_password:
            return None
        from lianluo.accounts.middleware import SECOND_FACTOR, SIGNED_IN_AT
        from lianluo.accounts.permissions import requires_second_factor

        if time.time() - request.session.get(SIGNED_IN_AT, 0) > settings.SESSION_ABSOLUTE_SECONDS:
            return None
        if requires_second_factor(user) and not request.session.get(SECOND_FACTOR):
            return None
        return user


AUTH = [BearerToken(), SignedInSession()]
