"""Request-wide middleware: security headers and the acting request's context."""

from django.conf import settings

from lianluo.core import request_context

# All assets are local (政务内网); nothing inline, so no nonces are needed. SECURITY.md C5.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Pages for signed-in users may carry personal data: keep them out of caches (A13).
            response.setdefault("Cache-Control", "no-store")
        return response


class RequestContextMiddleware:
    """Binds the client address and a request id for audit rows written during this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        context = request_context.RequestContext(
            ip=request_context.client_ip(request.META, settings.TRUSTED_PROXY_COUNT),
            channel="web",
        )
        request.request_id = context.request_id
        with request_context.bound(context):
            response = self.get_response(request)
        response["X-Request-ID"] = context.request_id
        return response
