"""Reply checks on the pages where an office reads a unit's reply before it goes out: the unit's feedback on a
constituent issue, the office's answer to the constituent, and a unit's reply to a deputy's suggestion.

Only the engine's flags are shown (``engine.replies``: procedural only, vague, off subject; about 98 % of them
were right on the board's replies, docs/textmine.md), never its notes, and only to the office's staff. They are a
prompt to read the reply again, not a verdict: nothing is blocked or recorded. Templates are not checked here
(they need the office's body of replies), so ``boilerplate`` does not appear."""

from lianluo.textmine.engine.replies import ReplyChecker

_checker = ReplyChecker()


def reply_flags(*, subject: str, body: str, reply: str) -> list[str]:
    """The reasons (Chinese) the reply may not answer the message; [] when it looks like an answer."""
    if not reply.strip():
        return []
    found = _checker.check(subject, body, reply)
    return [found.reasons[flag] for flag in found.flags]
