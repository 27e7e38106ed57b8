"""Downloads of the Word letters: each is recorded, since the letters carry deputies' and officers' names."""

from django.db import transaction

from lianluo.core.audit import audit_record
from lianluo.proposals.models import Reply, Suggestion
from lianluo.proposals.services._common import _actor


def suggestion_letter_record(*, suggestion: Suggestion, letter: str, actor, reply: Reply | None = None) -> None:
    """One audit row per download of a suggestion's letter (``letter``: assignment, reply or feedback); no text
    of the letter goes into the row."""
    with transaction.atomic():
        audit_record(action="suggestion.letter", actor=_actor(actor), obj=suggestion,
                     summary={"letter": letter, "reply": reply.pk if reply else None, "round": reply.round if reply
                              else suggestion.round})


def letters_batch_record(*, unit, suggestions: list[Suggestion], actor) -> None:
    """One audit row for a unit's batch 交办函, naming the suggestions it lists."""
    with transaction.atomic():
        audit_record(action="suggestion.letter", actor=_actor(actor), obj=unit,
                     summary={"letter": "assignment_batch", "suggestions": sorted(s.pk for s in suggestions)})
