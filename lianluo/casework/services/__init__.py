"""Every write to constituent issues (群众意见).

Each service is atomic, locks the issue row(s) with ``select_for_update`` before reading the status, asks
``workflow`` whether the action is allowed, writes the change, one ``IssueEvent`` (history) and one audit row
(summaries mask personal data), and keeps ``IssueMonthly`` in step. Two people acting on one issue at once:
the second waits for the first's lock, then finds the new status and gets a Chinese error (ServiceError).

The modules, by what they act on: ``intake`` (recording and correcting), ``routing`` (the office's handling,
from 受理 to 办结), ``merging`` (并案), ``contacts`` (revealing contact data), ``drafts`` (suggestion drafts and
their replies), ``categories`` (category import), ``monthly`` (the summary table). Import from this package.
"""

from lianluo.casework.services.categories import category_import
from lianluo.casework.services.contacts import issue_contacts_reveal
from lianluo.casework.services.drafts import (
    suggestion_draft_create,
    suggestion_draft_people,
    suggestion_reply_propagate,
)
from lianluo.casework.services.intake import TEXT_LIMITS, issue_edit, issue_submit
from lianluo.casework.services.merging import issue_merge
from lianluo.casework.services.monthly import issue_monthly_rebuild
from lianluo.casework.services.routing import (
    issue_accept,
    issue_answer,
    issue_close,
    issue_decline,
    issue_feedback,
    issue_forward,
    issue_handle,
    issue_rate,
    issue_remind,
    issue_reopen,
    issue_transfer,
)

__all__ = [
    "TEXT_LIMITS",
    "category_import",
    "issue_accept",
    "issue_answer",
    "issue_close",
    "issue_contacts_reveal",
    "issue_decline",
    "issue_edit",
    "issue_feedback",
    "issue_forward",
    "issue_handle",
    "issue_merge",
    "issue_monthly_rebuild",
    "issue_rate",
    "issue_remind",
    "issue_reopen",
    "issue_submit",
    "issue_transfer",
    "suggestion_draft_create",
    "suggestion_draft_people",
    "suggestion_reply_propagate",
]
