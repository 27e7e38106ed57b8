"""The demo casework: issues in every state, loaded through the services, idempotent."""

import pytest

from lianluo.casework.models import Issue, IssueEvent, Status, SuggestionDraft

pytestmark = pytest.mark.django_db


def test_demo_has_issues_in_every_state():
    statuses = set(Issue.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert Issue.objects.filter(region_id="4301", parent__isnull=False).exists()
    assert SuggestionDraft.objects.filter(issues__isnull=False).exists()
    assert IssueEvent.objects.count() >= Issue.objects.count()


def test_demo_loads_twice_without_change():
    from lianluo.demo.casework import load_demo_casework

    before = (Issue.objects.count(), IssueEvent.objects.count(), SuggestionDraft.objects.count())
    load_demo_casework()
    assert (Issue.objects.count(), IssueEvent.objects.count(), SuggestionDraft.objects.count()) == before
