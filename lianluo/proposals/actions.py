"""Which actions on a suggestion a reader is offered now (the pages and the API show the same list)."""

from lianluo.proposals import permissions, selectors, workflow
from lianluo.proposals.models import Suggestion


def offered(user, suggestion: Suggestion) -> list[str]:
    """The suggestion-level actions this reader may take now, in page order."""
    actors = permissions.suggestion_actors(user, suggestion)
    actions = [a for a in ("submit", "resubmit", "accept", "return", "merge", "assign", "rate", "close", "withdraw")
               if workflow.suggestion_may(suggestion.status, a, actors)]
    if suggestion.status == workflow.REPLIED and "rate" not in actions and selectors.may_rate_as_cosigner(
            user=user, suggestion=suggestion):
        actions.append("rate")
    if suggestion.status == workflow.DRAFT and actors & {workflow.DEPUTY, workflow.LIAISON}:
        actions.insert(0, "invite")
    if selectors.pending_invitation(user=user, suggestion=suggestion):
        actions[:0] = ["cosign", "decline_cosign"]
    if suggestion.status in (workflow.DRAFT, workflow.RETURNED, workflow.SUBMITTED) and (
            actors & {workflow.DEPUTY, workflow.LIAISON}):
        actions.append("attach")
    return actions


def possible_now(action: str, suggestion: Suggestion) -> bool:
    """Whether someone may take ``action`` in the suggestion's present status (then a refusal is about who asks)."""
    if action in ("invite", "cosign", "decline_cosign"):
        return suggestion.status == workflow.DRAFT
    if action == "attach":
        return suggestion.status in (workflow.DRAFT, workflow.RETURNED, workflow.SUBMITTED)
    try:
        workflow.suggestion_target(suggestion.status, action)
    except workflow.TransitionError:
        return False
    return True
