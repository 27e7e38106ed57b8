"""The seed's deputies' suggestions: as many as the scale asks, numbered once per scope, and every one in a state
the services could have left it in (referred ones have a lead unit, replied ones a sent reply, published ones the
deputy's consent)."""

import random
from collections import Counter

from django.core.management import call_command
from django.db.models import Max

from lianluo.proposals import workflow
from lianluo.proposals.models import (
    Evaluation,
    Handling,
    ProposalCounter,
    ProposalEvent,
    Publication,
    Reply,
    Signer,
    Suggestion,
    SuggestionSearch,
)
from lianluo.seed.build import SCALES
from lianluo.seed.proposals import _apportion, _suggestion_text


def test_tiny_seed_adds_suggestions_in_consistent_states(db):
    before = Suggestion.objects.aggregate(m=Max("id"))["m"] or 0
    call_command("seed", "--scale", "tiny", "--force", "--seed", "3")
    seeded = Suggestion.objects.filter(pk__gt=before)
    assert seeded.count() == SCALES["tiny"].suggestions == 50
    ids = list(seeded.values_list("pk", flat=True))
    levels = Counter(seeded.values_list("term__congress__level", flat=True))
    assert set(levels) == {1, 2, 3} and levels[3] > levels[2] > levels[1]  # most at county level
    assert SuggestionSearch.objects.filter(suggestion_id__in=ids).count() == 50
    assert all(SuggestionSearch.objects.get(pk=ids[0]).bigrams.split())
    assert ProposalEvent.objects.filter(suggestion_id__in=ids).count() >= 3 * 50

    # Numbers: unique per office, term and session (or year between sessions); the counters hold the last one.
    numbered = list(Suggestion.objects.filter(number__isnull=False).values_list(
        "region_id", "term_id", "session_id", "year", "number"))
    assert len(numbered) == len(set(numbered))
    for counter in ProposalCounter.objects.filter(kind="suggestion"):
        kind, value = counter.scope.split(":")
        scope = {"session_id": int(value)} if kind == "session" else {"session__isnull": True, "year": int(value)}
        top = Suggestion.objects.filter(region_id=counter.region_id, **scope).aggregate(m=Max("number"))["m"]
        assert top == counter.last
    assert not seeded.filter(status__in=[workflow.DRAFT, workflow.SUBMITTED, workflow.RETURNED],
                             number__isnull=False).exists()

    # Every referred suggestion has one open lead unit; every replied one a sent reply of its current round.
    referred = seeded.filter(assigned_on__isnull=False)
    assert referred.exists()
    for suggestion in referred:
        leads = Handling.objects.filter(suggestion=suggestion, role="lead").exclude(status="returned")
        assert leads.count() == 1
        assert suggestion.due_on is not None and suggestion.due_on > suggestion.assigned_on
    finished = seeded.filter(status__in=[workflow.REPLIED, workflow.CLOSED])
    assert finished.exists()
    for suggestion in finished:
        reply = Reply.objects.get(suggestion=suggestion, round=suggestion.round)
        assert reply.status == Reply.Status.SENT and reply.sent_on and reply.reply_class == suggestion.reply_class
    for evaluation in Evaluation.objects.filter(suggestion_id__in=ids).select_related("suggestion", "reply"):
        assert evaluation.mandate_id == evaluation.suggestion.lead_id and evaluation.reply.status == "sent"
    assert not seeded.filter(status=workflow.CLOSED, closed_on__isnull=True).exists()

    # Signers: the lead once, co-signers of the same term.
    for suggestion in seeded:
        signers = list(Signer.objects.filter(suggestion=suggestion).select_related("mandate"))
        assert [s.mandate_id for s in signers if s.role == "lead"] == [suggestion.lead_id]
        assert all(s.mandate.term_id == suggestion.term_id for s in signers)

    # Public versions only with the deputy's consent, of finished suggestions, with the filter copies filled.
    for publication in Publication.objects.filter(suggestion_id__in=ids).select_related("suggestion"):
        assert publication.suggestion.public_consent
        assert publication.suggestion.status in (workflow.REPLIED, workflow.CLOSED)
        assert publication.status == "published" and publication.bigrams and publication.lead_name
        assert publication.region_id == publication.suggestion.region_id
    # Earlier years are finished; what is still open belongs to the current year.
    open_states = [workflow.SUBMITTED, workflow.ACCEPTED, *workflow.HANDLING, workflow.REPLIED]
    assert not seeded.filter(status__in=open_states, year__lt=2025).exists()


def test_suggestion_texts_are_deterministic_and_split_exactly():
    one = _suggestion_text(random.Random(5), 0, "长沙县", "星沙街道")
    assert one == _suggestion_text(random.Random(5), 0, "长沙县", "星沙街道")
    assert one[0].startswith("关于") and one[0].endswith("的建议") and "三、具体建议" in one[1]
    assert _apportion(50, [0.08, 0.22, 0.70]) == [4, 11, 35]
    assert sum(_apportion(7, [1, 1, 1])) == 7
