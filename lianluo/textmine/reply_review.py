"""Reply checks on the pages where an office reads a unit's reply before it goes out: the unit's feedback on a
constituent issue, the office's answer to the constituent, and a unit's reply to a deputy's suggestion.

Only the engine's flags are shown (``engine.replies``: procedural only, vague, off subject; about 98 % of them
were right on the board's replies, docs/textmine.md), never its notes, and only to the office's staff. They are a
prompt to read the reply again, not a verdict: nothing is blocked or recorded. Templates are not checked here
(they need the office's body of replies), so ``boilerplate`` does not appear."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from lianluo.textmine.engine.replies import ReplyChecker

_checker = ReplyChecker()


def reply_flags(*, subject: str, body: str, reply: str) -> list[str]:
    """The reasons (Chinese) the reply may not answer the message; [] when it looks like an answer."""
    if not reply.strip():
        return []
    found = _checker.check(subject, body, reply)
    return [found.reasons[flag] for flag in found.flags]


@dataclass
class UnitTally:
    unit: str
    checked: int = 0
    flagged: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.flagged / self.checked) if self.checked else 0


@dataclass
class Review:
    """The office's overview (答复核对): the replies flagged, newest first, and per unit how many were checked."""

    checked: int = 0
    flagged: list[dict] = field(default_factory=list)  # {issue, which, text, reasons}
    units: list[UnitTally] = field(default_factory=list)


def review(issues: Iterable) -> Review:
    """Check the unit's feedback and the office's answer of each issue (newest first). The feedback counts for the
    unit that gave it; the answer for the office (本级人大)."""
    result, tallies = Review(), {}
    for issue in issues:
        for which, text, owner in (("单位反馈", issue.feedback, issue.unit.name if issue.unit_id else "（未转办）"),
                                   ("答复群众", issue.answer, "本级人大答复")):
            if not text:
                continue
            reasons = reply_flags(subject=issue.title, body=issue.content, reply=text)
            tally = tallies.setdefault(owner, UnitTally(owner))
            tally.checked += 1
            result.checked += 1
            if reasons:
                tally.flagged += 1
                result.flagged.append({"issue": issue, "which": which, "text": text, "reasons": reasons})
    result.units = sorted(tallies.values(), key=lambda t: (-t.flagged, -t.checked, t.unit))
    return result
