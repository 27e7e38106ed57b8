"""Every write to suggestions and motions.

Each service is atomic, locks the row(s) it changes with ``select_for_update`` before reading the status, asks
``workflow`` whether the action is allowed from there and by this actor, writes the change, one
``ProposalEvent`` (history) and one audit row. Two people acting on one suggestion at once: the second waits for
the first's lock, then finds the new status and gets a Chinese error (ServiceError).

The modules, by what they act on: ``filing`` (drafts, co-signing, attachments, submission), ``review``
(审核: accept, return, merge), ``assignment`` (交办, sign-for, return requests), ``handling`` (contact, co-units'
opinions, replies and their approval), ``evaluation`` (ratings, re-handling, closing, reminders). Import from
this package.
"""

from lianluo.proposals.services.assignment import (
    Referral,
    handling_decide_return,
    handling_request_return,
    handling_sign,
    suggestion_assign,
    suggestions_assign_bulk,
)
from lianluo.proposals.services.evaluation import suggestion_close, suggestion_rate, suggestion_remind
from lianluo.proposals.services.filing import (
    attachment_add,
    index_suggestion,
    suggestion_cosign,
    suggestion_create,
    suggestion_edit,
    suggestion_invite,
    suggestion_submit,
    suggestion_withdraw,
)
from lianluo.proposals.services.handling import (
    contact_record,
    handling_send_opinion,
    reply_approve,
    reply_send_back,
    reply_submit,
)
from lianluo.proposals.services.review import RETURN_REASONS, suggestion_accept, suggestion_merge, suggestion_return

__all__ = [
    "RETURN_REASONS",
    "Referral",
    "attachment_add",
    "contact_record",
    "handling_decide_return",
    "handling_request_return",
    "handling_send_opinion",
    "handling_sign",
    "index_suggestion",
    "reply_approve",
    "reply_send_back",
    "reply_submit",
    "suggestion_accept",
    "suggestion_assign",
    "suggestion_close",
    "suggestion_cosign",
    "suggestion_create",
    "suggestion_edit",
    "suggestion_invite",
    "suggestion_merge",
    "suggestion_rate",
    "suggestion_remind",
    "suggestion_return",
    "suggestion_submit",
    "suggestion_withdraw",
    "suggestions_assign_bulk",
]
