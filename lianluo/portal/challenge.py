"""The public form's check question: simple arithmetic in Chinese numerals, answered without JavaScript or any
outside service.

The question travels in a signed, time-limited token (``django.core.signing``) that carries a nonce and a keyed
digest of the answer, never the answer itself. The nonce is also kept in the session when the question is
shown, and it is taken out at the first answer, right or wrong: each question can be answered once, a token
copied to another client is worthless, and a wrong answer means a new question.
"""

import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "lianluo.portal.challenge"
SESSION_KEY = "portal_challenges"
KEEP = 8  # open questions per session (several tabs at once); older ones drop out
NUMERALS = "零一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """0..99 in Chinese numerals: 七, 十二, 二十, 三十五."""
    if n <= 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")


def parse_answer(text: str) -> int | None:
    """What a person typed: ASCII or full-width digits, or a Chinese numeral up to 九十九."""
    value = unicodedata.normalize("NFKC", text or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 3:
        return int(value)
    for n in range(100):
        if value == chinese_number(n):
            return n
    return None


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str
    reused: bool = False  # shown again after other mistakes in the form, still unanswered


def _digest(nonce: str, answer: int) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}", algorithm="sha256").hexdigest()


def make_token(answer: int, question: str = "", nonce: str | None = None) -> tuple[str, str]:
    """A signed token for ``question`` and its ``answer`` (kept as a keyed digest); returns (token, nonce)."""
    nonce = nonce or secrets.token_urlsafe(12)
    return signing.dumps({"n": nonce, "d": _digest(nonce, answer), "q": question}, salt=SALT), nonce


def _load(token: str):
    data = signing.loads(token or "", salt=SALT, max_age=settings.PORTAL_CHALLENGE_MINUTES * 60)
    if not isinstance(data, dict):
        raise signing.BadSignature("not a challenge")
    return data


def _question() -> tuple[str, int]:
    rng = secrets.SystemRandom()
    if rng.random() < 0.5:
        a, b = rng.randint(1, 9), rng.randint(1, 9)
        return f"{chinese_number(a)}加{chinese_number(b)}等于几？", a + b
    a = rng.randint(6, 19)
    b = rng.randint(1, a - 1)
    return f"{chinese_number(a)}减{chinese_number(b)}等于几？", a - b


def challenge_issue(session) -> Challenge:
    """A new question, remembered in ``session`` until it is answered."""
    question, answer = _question()
    token, nonce = make_token(answer, question)
    open_nonces = [n for n in session.get(SESSION_KEY, []) if n != nonce][-(KEEP - 1):]
    session[SESSION_KEY] = [*open_nonces, nonce]
    return Challenge(question=question, token=token)


def challenge_check(session, token: str, answer_text: str) -> str:
    """'' when the answer is right; otherwise the reason in Chinese. The question is used up either way."""
    try:
        data = _load(token)
    except signing.SignatureExpired:
        return "验证问题已过期，请回答下面的新问题。"
    except signing.BadSignature:
        return "请回答验证问题。"
    nonce = data.get("n", "")
    open_nonces = list(session.get(SESSION_KEY, []))
    if nonce not in open_nonces:
        return "验证问题已使用过，请回答下面的新问题。"
    open_nonces.remove(nonce)
    session[SESSION_KEY] = open_nonces
    answer = parse_answer(answer_text)
    if answer is None or not constant_time_compare(_digest(nonce, answer), data.get("d", "")):
        return "验证问题回答不正确，请回答下面的新问题。"
    return ""


def question_of(session, token: str) -> Challenge | None:
    """The question behind ``token`` if it is still open in this session (to show it again), else None."""
    try:
        data = _load(token)
    except signing.BadSignature:
        return None
    if data.get("n") not in session.get(SESSION_KEY, []) or not data.get("q"):
        return None
    return Challenge(question=data["q"], token=token, reused=True)


HONEYPOT = "提交未成功，请检查后重新提交。"


@dataclass(frozen=True)
class Screening:
    """What a public form's POST passed: ``passed`` when the form is valid, the hidden field empty and the question
    answered; otherwise ``error`` (the answer's) and ``question`` (to show the same question again, or None for a
    new one)."""

    passed: bool
    error: str = ""
    question: Challenge | None = None


def screen_post(request, form) -> Screening:
    """The checks every public form makes before it writes, in order: the field people never see (automated senders
    fill it), the form's own validation, then the question (used up either way)."""
    token = request.POST.get("challenge_token", "")
    if request.POST.get("website"):
        challenge_check(request.session, token, "")  # used up: the next try needs a new question
        form.is_valid()
        form.add_error(None, HONEYPOT)
        return Screening(False)
    if not form.is_valid():
        # The form has mistakes: show the same question again (it has not been answered yet).
        return Screening(False, question=question_of(request.session, token))
    error = challenge_check(request.session, token, request.POST.get("challenge_answer"))
    return Screening(not error, error=error)
