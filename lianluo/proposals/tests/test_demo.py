"""The demo world has suggestions in every state, made through the services."""

from collections import Counter

from lianluo.proposals.models import Suggestion


def test_demo_suggestions_cover_every_state(db):
    counts = Counter(Suggestion.objects.filter(region_id="430121").values_list("status", flat=True))
    for status in ("draft", "submitted", "returned", "accepted", "assigned", "replied", "rehandling", "closed",
                   "merged"):
        assert counts[status] >= 1, status
