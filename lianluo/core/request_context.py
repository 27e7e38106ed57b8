"""Who is acting and from where, for the current request or command.

Set by RequestContextMiddleware for web requests and by management commands for the console, so
that services can write audit rows without being handed the request.
"""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    channel: str = "console"


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("lianluo_request", default=None)


def current() -> RequestContext:
    return _current.get() or RequestContext()


@contextmanager
def bound(context: RequestContext):
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def client_ip(meta: dict, trusted_proxies: int) -> str:
    """The client address: REMOTE_ADDR, or the entry that the nearest trusted proxy appended."""
    if trusted_proxies > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= trusted_proxies:
            return forwarded[-trusted_proxies]
    return meta.get("REMOTE_ADDR", "")
