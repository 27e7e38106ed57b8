"""Console commands act as the operator at the console, with a request context of their own."""

import getpass
from contextlib import contextmanager

from lianluo.core import request_context


@contextmanager
def console_context():
    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = "unknown"
    with request_context.bound(request_context.RequestContext(ip=f"console:{who}", channel="console")) as ctx:
        yield ctx
