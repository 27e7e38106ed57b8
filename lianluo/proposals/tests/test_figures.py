"""The running counts behind the statistics pages (``services/figures.py``) stay equal to a recount from the
suggestions, whichever services change them."""

import datetime

from lianluo.proposals import services
from lianluo.proposals.models import SuggestionFigures, SuggestionTally
from lianluo.proposals.services.figures import figures_rebuild, figures_sync

MEASURES = SuggestionFigures.MEASURES


def running() -> dict:
    """The non-empty rows of the running counts, by their dimensions."""
    rows = SuggestionFigures.objects.values_list(*SuggestionFigures.DIMENSIONS, *MEASURES)
    return {r[:7]: r[7:] for r in rows if any(r[7:])}


def assert_in_step():
    before = running()
    figures_rebuild()
    assert running() == before


def test_the_demo_sessions_counts_equal_a_recount(db):
    """The demo world is built through the services: what they kept equals what a rebuild counts."""
    assert SuggestionFigures.objects.filter(kind="all").exists()
    assert_in_step()


def test_every_step_of_a_suggestions_life_keeps_the_counts_in_step(make, county):
    """Filed, accepted, referred, contacted, replied, rated 不满意 (a second round, 代表法 Art 51 ¶2 and RULES.md
    E5), replied again and rated 满意: after each step the running counts equal a recount."""
    suggestion = make("replied")
    assert_in_step()
    services.suggestion_rate(suggestion=suggestion, actor=county.deputy_user, satisfaction="dissatisfied",
                             reasons="未说明具体时限。")
    assert_in_step()
    lead = suggestion.handlings.get(role="lead")
    services.contact_record(handling=lead, actor=county.officer, contacted_on=datetime.date.today(), way="meeting",
                            summary="再次见面沟通。")
    reply = services.reply_submit(handling=lead, actor=county.officer, body="已明确年内完成改造。", reply_class="A")
    services.reply_approve(reply=reply, actor=county.leader)
    assert_in_step()
    suggestion.refresh_from_db()
    services.suggestion_rate(suggestion=suggestion, actor=county.deputy_user, satisfaction="satisfied")
    assert_in_step()
    row = SuggestionFigures.objects.get(kind="unit", group=county.housing.pk, region_id="430121",
                                        year=suggestion.year, term=suggestion.term_id,
                                        session=suggestion.session_id or 0, reply_class="A")
    assert row.closed >= 1 and row.first_dissatisfied >= 1 and row.final_satisfied >= 1 and row.rehandled >= 1


def test_a_unit_giving_a_suggestion_back_moves_it_to_the_new_lead_unit(make, county):
    """A lead unit's return approved (RULES.md D5): the suggestion leaves its row for the new lead unit's."""
    suggestion = make("assigned")
    lead = suggestion.handlings.get(role="lead")
    services.handling_request_return(handling=lead, actor=county.officer, reason="不属于本单位职责。")
    services.handling_decide_return(handling=lead, actor=county.office, approve=True, new_unit=county.transport)
    parts = SuggestionTally.objects.get(suggestion=suggestion).parts
    assert [p[1] for p in parts if p[0] == "unit"] == [county.transport.pk]
    assert_in_step()


def test_merging_and_returning_keep_the_counts_in_step(make, county):
    master, duplicate, returned = make("accepted"), make("submitted"), make("submitted")
    services.suggestion_merge(master=master, duplicates=[duplicate], actor=county.office)
    services.suggestion_return(suggestion=returned, actor=county.office, reason="内容不够明确具体，请补充事实。")
    assert_in_step()
    assert SuggestionTally.objects.get(suggestion=duplicate).parts[0][7] == {"received": 1, "merged": 1}


def test_sync_is_idempotent_and_a_draft_counts_nowhere(make):
    draft = make("draft")
    figures_sync(draft.pk)
    assert SuggestionTally.objects.filter(suggestion=draft).values_list("parts", flat=True).first() in (None, [])
    submitted = make("submitted")
    before = running()
    figures_sync(submitted.pk)
    figures_sync(submitted.pk)
    assert running() == before
