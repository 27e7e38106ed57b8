"""The live index of suggestions' texts: found when reworded, fresh after filing and withdrawal, kept to one
congress and a window of years, and built in the background when the table is large."""

import datetime
import threading

import pytest
from django.utils import timezone

from lianluo.deputies.models import Mandate
from lianluo.proposals import services
from lianluo.proposals.models import Suggestion
from lianluo.textmine import corpus
from lianluo.textmine.engine.similar import SimilarityIndex

COUNTY = "430121"
TITLE = "关于整治星沙街道老旧小区雨污管网的建议"
BODY = "星沙街道多个老旧小区雨污管网老化破损，每逢大雨污水漫溢进入楼道，居民出行困难，建议县住建局制定改造计划。"
REWORDED = ("关于加快星沙老旧小区雨污管网改造的建议\n"
            "老旧小区的雨污管网年久失修，下大雨时污水漫进楼道，建议住建部门尽快制定管网改造计划。")
THIS_YEAR = timezone.localdate().year


@pytest.fixture
def file(cast):
    """file(title, body) -> a suggestion by the demo county deputy, submitted through the services."""
    deputy = cast("csx_daibiao")
    lead = Mandate.objects.get(region_id=COUNTY, person__user=deputy, status=Mandate.Status.SERVING)

    def build(title=TITLE, body=BODY, *, submit=True):
        suggestion = services.suggestion_create(lead=lead, title=title, body=body, actor=deputy)
        return services.suggestion_submit(suggestion=suggestion, actor=deputy) if submit else suggestion

    build.deputy = deputy
    return build


def similar(text=REWORDED, *, region=COUNTY, year=THIS_YEAR, **kwargs):
    return [pk for pk, _score in corpus.similar_to_text(region_code=region, year=year, text=text, **kwargs)]


def test_a_reworded_suggestion_is_found_first(file):
    original = file()
    found = corpus.similar_to_text(region_code=COUNTY, year=THIS_YEAR, text=REWORDED)
    assert found[0][0] == original.pk
    assert corpus.MIN_SCORE <= found[0][1] <= 1.0
    assert all(other_score < found[0][1] for _pk, other_score in found[1:])


def test_unrelated_demo_suggestions_stay_below_the_threshold(db):
    assert similar("关于规范城区共享单车停放秩序的建议\n共享单车乱停乱放占用盲道，建议明确停放区域并加强巡查。") == []


def test_a_suggestion_filed_after_the_index_was_built_is_found_by_the_next_query(file):
    assert similar() == []  # builds the index
    assert corpus.summary()["ready"]
    filed = file()
    assert similar() == [filed.pk]


def test_a_draft_is_not_offered_until_it_is_submitted(file):
    draft = file(submit=False)
    assert draft.pk not in similar()
    services.suggestion_submit(suggestion=draft, actor=file.deputy)
    assert draft.pk in similar()


def test_a_withdrawn_suggestion_disappears(file):
    filed = file()
    assert filed.pk in similar()
    services.suggestion_withdraw(suggestion=filed, actor=file.deputy, reason="与他人建议重复")
    assert filed.pk not in similar()


def test_only_the_same_congress_and_the_window_of_years(file):
    filed = file()
    assert filed.pk not in similar(region="4301")  # 长沙市's congress, not 长沙县's
    assert filed.pk not in similar(year=THIS_YEAR - 1)  # not yet filed in that year
    assert filed.pk in similar(year=THIS_YEAR + 3, years=3)
    # A suggestion of six years ago is outside the default window of five (updated_at as a service would set it).
    Suggestion.objects.filter(pk=filed.pk).update(year=THIS_YEAR - 6, updated_at=timezone.now())
    assert filed.pk not in similar()
    assert filed.pk in similar(years=6)


def test_the_suggestion_itself_is_excluded(file):
    filed = file()
    assert filed.pk not in similar(exclude_pk=filed.pk)


def test_rows_that_no_longer_exist_can_be_forgotten(file):
    filed = file()
    assert filed.pk in similar()
    corpus.forget([filed.pk])
    assert filed.pk not in similar()


def test_a_large_table_is_built_in_the_background_and_nothing_is_answered_meanwhile(file, monkeypatch):
    filed = file()
    release = threading.Event()
    builds = []

    def slow_build():
        # The real build reads the table on the thread's own connection, which cannot see this test's transaction.
        builds.append(threading.current_thread())
        release.wait(30)
        items = [(filed.pk, corpus.suggestion_text(filed.title, filed.body), (COUNTY, filed.year, None))]
        return SimilarityIndex.build(items), timezone.now() - datetime.timedelta(days=1), {}

    monkeypatch.setattr(corpus, "BACKGROUND_THRESHOLD", 0)
    monkeypatch.setattr(corpus, "_build", slow_build)
    assert similar() == []
    thread = corpus._state.building
    assert thread is not None and thread is not threading.current_thread()
    assert corpus.summary()["building"] and not corpus.summary()["ready"]
    assert similar() == []  # still building: no second build, no answer
    release.set()
    thread.join(30)
    assert builds == [thread] and corpus.summary()["ready"]
    assert similar() == [filed.pk]
