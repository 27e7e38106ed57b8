"""Time-based one-time passwords (RFC 6238) for the administrators' second factor.

HMAC-SHA1 with 6 digits and 30-second steps, because that is what every authenticator app on a
phone speaks; a code is accepted one step early or late, and never twice (the last used step is
stored on the account).
"""

import base64
import hashlib
import hmac
import os
import struct
import time
import unicodedata
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
WINDOW = 1


def new_secret() -> str:
    return base64.b32encode(os.urandom(20)).decode().rstrip("=")


def _key(secret: str) -> bytes:
    padded = secret + "=" * (-len(secret) % 8)
    return base64.b32decode(padded, casefold=True)


def code_at(secret: str, step: int) -> str:
    digest = hmac.new(_key(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def matching_step(secret: str, code: str, *, last_step: int, now: float | None = None) -> int | None:
    """The step that code belongs to, if it is valid now and newer than last_step; else None."""
    # Full-width digits typed through a Chinese input method count as the same digits.
    code = unicodedata.normalize("NFKC", code or "").strip().replace(" ", "")
    if len(code) != DIGITS or not (code.isascii() and code.isdigit()):
        return None
    step = current_step(now)
    for candidate in range(step - WINDOW, step + WINDOW + 1):
        if candidate > last_step and hmac.compare_digest(code_at(secret, candidate), code):
            return candidate
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    query = urlencode({"secret": secret, "issuer": issuer, "digits": DIGITS, "period": STEP_SECONDS})
    return f"otpauth://totp/{quote(issuer)}:{quote(account)}?{query}"
