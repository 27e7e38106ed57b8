"""The generic bigram index (lianluo/core/bigrams.py) through its suggestion and public-version instances: the same
results as a substring search on both databases, whatever plan is chosen, inside the reader's scope."""

import datetime

import pytest
from django.db import connection

from lianluo.core import bigrams
from lianluo.core.bigrams import BigramIndex
from lianluo.proposals import selectors_publication as public
from lianluo.proposals.models import Publication, Suggestion, SuggestionSearch
from lianluo.proposals.search import PUBLICATIONS, SUGGESTIONS
from lianluo.proposals.selectors import SuggestionFilters, suggestion_list

pytestmark = pytest.mark.django_db

COUNTY, PROVINCE = "430121", "43"
TEXTS = [
    ("关于加强小区物业管理的建议", "部分小区物业服务不到位，业主投诉较多。"),
    ("关于物业收费公示的建议", "建议住建部门督促物业企业公示收费标准。"),
    ("关于规范停车管理的建议", "小区停车难，物业与业主矛盾突出，需要加强管理。"),  # 物业 and 管理 apart
    ("关于推进5G基站建设的建议", "农村5G信号覆盖不足，WiFi热点也少。"),
    ("关于整治噪音扰民的建议", "夜间施工噪音影响居民休息。"),
    ("关于改善农村饮水安全的建议", "部分村组自来水水质不稳定。"),
]


def _clone(base: Suggestion, title: str, body: str, region: str = COUNTY) -> Suggestion:
    # A suggestion row is cheap to copy; the services' own search writes are tested in lianluo/proposals/tests.
    clone = Suggestion.objects.get(pk=base.pk)
    clone.pk = None
    clone.number = None
    clone.title, clone.body, clone.region_id = title, body, region
    clone.created_by = None  # what one keyed in oneself stays in view: keep the scope to the region
    clone.save()
    SuggestionSearch.objects.create(suggestion=clone, bigrams=bigrams.document(title, body))
    return clone


@pytest.fixture
def corpus(cast):
    base = Suggestion.objects.filter(region_id=COUNTY).exclude(status="draft").order_by("pk").first()
    rows = [_clone(base, title, body) for title, body in TEXTS]
    rows.append(_clone(base, "关于省级物业条例修订的建议", "物业管理条例需要修订。", region=PROVINCE))
    return rows


def found(qs, query: str, index: BigramIndex = SUGGESTIONS) -> set[int]:
    return set(index.filter(qs, query).values_list("pk", flat=True))


def substring(rows, text: str, fields=("title", "body")) -> set[int]:
    text = text.lower()
    return {r.pk for r in rows if any(text in getattr(r, f).lower() for f in fields)}


def ours(corpus):
    return Suggestion.objects.filter(pk__in=[s.pk for s in corpus])


def test_two_character_query_finds_exactly_the_substring_matches(corpus):
    for query in ("物业", "停车", "噪音", "饮水"):
        assert found(ours(corpus), query) == substring(corpus, query), query


def test_a_phrase_must_occur_as_written(corpus):
    """物业管理 is one phrase: a text holding 物业 and 管理 apart does not match it."""
    assert found(ours(corpus), "物业管理") == substring(corpus, "物业管理")
    assert corpus[2].pk not in found(ours(corpus), "物业管理")
    # Fragments cut at spaces and punctuation must each occur, anywhere.
    assert found(ours(corpus), "物业，管理") == substring(corpus, "物业") & substring(corpus, "管理")


def test_no_hits(corpus):
    assert found(ours(corpus), "量子") == set()
    assert found(ours(corpus), "量子纠缠计算") == set()


def test_mixed_ascii_and_full_width(corpus):
    assert found(ours(corpus), "5G基站") == {corpus[3].pk}
    assert found(ours(corpus), "ｗｉｆｉ") == {corpus[3].pk}
    assert found(ours(corpus), "5g") == {corpus[3].pk}


def test_empty_and_one_character_queries(corpus):
    assert found(ours(corpus), "  ，。") == {s.pk for s in corpus}
    assert found(ours(corpus), "噪") == substring(corpus, "噪")


def test_the_list_search_keeps_the_readers_jurisdiction(corpus, cast):
    """The county office does not find the province's suggestion; the province office finds both levels."""
    province_row = corpus[-1]
    county_rows, _ = suggestion_list(user=cast("csx_lianluo"), filters=SuggestionFilters(query="物业"), limit=100)
    assert province_row.pk not in {s.pk for s in county_rows}
    assert substring(corpus[:-1], "物业") <= {s.pk for s in county_rows}
    province_rows, _ = suggestion_list(user=cast("hn_lianluo"), filters=SuggestionFilters(query="物业条例"),
                                       limit=100)
    assert {s.pk for s in province_rows} == {province_row.pk}


def test_the_index_follows_edits_and_deletions(corpus):
    row = corpus[5]
    SuggestionSearch.objects.filter(suggestion=row).update(bigrams=bigrams.document(row.title, "井水"))
    Suggestion.objects.filter(pk=row.pk).update(body="井水")
    assert found(ours(corpus), "井水") == {row.pk}
    assert found(ours(corpus), "水质") == set()
    SuggestionSearch.objects.filter(suggestion=row).delete()
    assert found(ours(corpus), "井水") == set()


def test_rebuild_restores_every_document(corpus):
    SuggestionSearch.objects.filter(suggestion__in=corpus[:3]).delete()

    def batches():
        yield [(s.pk, bigrams.document(s.title, s.body)) for s in Suggestion.objects.all()]

    assert SUGGESTIONS.rebuild(connection, batches()) == Suggestion.objects.count()
    assert found(ours(corpus), "物业") == substring(corpus, "物业")


def test_indexes_exist_for_the_vendor(db):
    with connection.cursor() as cursor:
        for index in (SUGGESTIONS, PUBLICATIONS):
            if connection.vendor == "postgresql":
                cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index.gin_index])
                definition = cursor.fetchone()[0]
                assert "array_to_tsvector" in definition and "fastupdate=off" in definition
            else:
                cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [index.fts_table])
                assert "unicode61" in cursor.fetchone()[0]
                cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                               [index.side_table])
                assert cursor.fetchone()[0] == 3


# ---------------------------------------------------------------- public versions (the document on the row)


@pytest.fixture
def published(corpus):
    """A public version of each county suggestion, published on successive days, the reply searched too; one
    draft and one withdrawn version hold the same words but are not public."""
    rows = []
    for day, suggestion in enumerate(corpus[:-1]):
        reply = "已督促物业公司整改。" if day == 4 else "已列入年度工作计划。"
        status = Publication.Status.PUBLISHED
        if day == 5:
            status, reply = Publication.Status.DRAFT, "物业整改"
        rows.append(Publication(
            suggestion=suggestion, region_id=COUNTY, title=suggestion.title, body=suggestion.body, reply=reply,
            status=status, published_on=datetime.date(2026, 3, 1) + datetime.timedelta(days=day),
            year=suggestion.year, bigrams=bigrams.document(suggestion.title, f"{suggestion.body} {reply}")))
    withdrawn = rows[0]
    withdrawn.status = Publication.Status.WITHDRAWN
    Publication.objects.bulk_create(rows)
    return [p for p in Publication.objects.filter(suggestion__in=corpus).order_by("pk")]


def searched(query: str, **filters) -> list[int]:
    page = public.public_search(filters=public.PublicFilters(query=query, **filters), per_page=50)
    return [p.pk for p in page.rows]


def all_public():
    return list(Publication.objects.filter(status=Publication.Status.PUBLISHED))


def test_public_search_reads_title_body_and_reply_of_published_versions(published):
    public_rows = all_public()
    for query in ("物业", "物业公司", "停车", "量子", "5G基站"):
        expected = substring(public_rows, query, fields=("title", "body", "reply"))
        assert set(searched(query)) == expected, query
    assert published[4].pk in searched("物业公司")  # found in the reply only
    assert not {published[0].pk, published[5].pk} & set(searched("物业"))  # withdrawn, draft


def test_public_search_keeps_its_order_and_filters(published):
    hits = searched("物业")
    dates = [Publication.objects.get(pk=pk).published_on for pk in hits]
    assert dates == sorted(dates, reverse=True) and len(hits) >= 2
    assert searched("物业", region=PROVINCE) == []


def test_public_versions_follow_edits_in_place(published):
    row = published[3]
    Publication.objects.filter(pk=row.pk).update(reply="已建成光纤网络。",
                                                 bigrams=bigrams.document(row.title, f"{row.body} 已建成光纤网络。"))
    assert searched("光纤") == [row.pk]
    Publication.objects.filter(pk=row.pk).update(status=Publication.Status.WITHDRAWN)
    assert searched("光纤") == []


def test_rebuild_of_a_document_column(published):
    Publication.objects.update(bigrams="")
    rows = list(Publication.objects.values_list("pk", "title", "body", "reply"))
    documents = [(pk, bigrams.document(title, f"{body} {reply}")) for pk, title, body, reply in rows]
    assert PUBLICATIONS.rebuild(connection, [documents]) == len(rows)
    assert published[4].pk in searched("物业公司")


# ---------------------------------------------------------------- PostgreSQL: the plan


@pytest.mark.postgres
@pytest.mark.parametrize("plan", ["rare", "common", "scoped"])
def test_postgres_every_plan_gives_the_same_results(published, corpus, monkeypatch, plan):
    monkeypatch.setattr(BigramIndex, "choose_plan", lambda self, qs, indexed, **kwargs: plan)
    public_rows = all_public()
    scope = ours(corpus).filter(pk__in=[s.pk for s in corpus[::2]])
    for query in ("物业", "物业管理", "5G基站", "量子"):
        assert found(scope, query) == substring(corpus[::2], query), (plan, query)
        assert set(searched(query)) == substring(public_rows, query, ("title", "body", "reply")), (plan, query)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on", "on")


@pytest.mark.postgres
def test_postgres_plan_choice_by_index(corpus):
    """The id-ordered list scans newest-first for a common term; the list ordered by date, which no index walks,
    reads a common term through the bitmap unless it would hand over too many ids."""
    fragments = bigrams.parse_query("物业")
    qs = Suggestion.objects.all()
    common = {"frequencies": lambda using: {"物业": 0.2}, "count": lambda using: 1_000_000.0}
    assert SUGGESTIONS.choose_plan(qs, fragments, **common) == "common"
    assert SUGGESTIONS.choose_plan(qs, fragments, frequencies=lambda using: {}) == "rare"
    small = {"frequencies": lambda using: {"物业": 0.15}, "count": lambda using: 10_000.0}
    assert PUBLICATIONS.choose_plan(Publication.objects.all(), fragments, **small) == "rare"
    assert PUBLICATIONS.choose_plan(Publication.objects.all(), fragments, **common) == "common"


@pytest.mark.postgres
def test_postgres_frequencies_come_from_each_index(published):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE proposals_suggestionsearch")
        cursor.execute("ANALYZE proposals_publication")
    for index in (SUGGESTIONS, PUBLICATIONS):
        index.forget_statistics("default")
        frequencies = index.term_frequencies()
        assert frequencies and max(frequencies.values()) <= 1.0
        index.forget_statistics("default")
