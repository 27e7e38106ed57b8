"""API authentication: the signed-in session (with CSRF) or a bearer token."""

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
    """The browser session; administrators' sessions carry a verified second factor."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or user.must_change_password:
            return None
        from lianluo.accounts.middleware import SECOND_FACTOR
        from lianluo.accounts.permissions import requires_second_factor

        if requires_second_factor(user) and not request.session.get(SECOND_FACTOR):
            return None
        return user


AUTH = [BearerToken(), SignedInSession()]
