"""The bigram search: one tokenizer, the same results as a plain substring search, on both databases."""

import datetime
import random

import pytest
from django.db import connection

from lianluo.casework import search
from lianluo.casework.models import Issue, IssueSearch
from lianluo.seed import texts


def make_issue(number: str, title: str, content: str) -> Issue:
    issue = Issue.objects.create(number=f"T-{number}", region_id="430121", title=title, content=content,
                                 received_on=datetime.date(2026, 3, 1))
    search.index_issue(issue)
    return issue


@pytest.fixture
def corpus(db):
    rng = random.Random(5)
    issues = []
    for n in range(60):
        title, content, _place = texts.compose(rng, n % len(texts.TOPICS), rng.choice(["星沙街道", "黄花镇"]))
        issues.append(make_issue(str(n), title, content))
    issues.append(make_issue("x1", "5G基站建设", "建议在村里建设5G基站，WiFi信号太差。"))
    issues.append(make_issue("x2", "独", "只有一个字：独"))
    return issues


def ids(query: str, qs=None) -> set[int]:
    return set(search.filter_issues(qs or Issue.objects.filter(number__startswith="T-"), query)
               .values_list("pk", flat=True))


def substring(issues, text: str) -> set[int]:
    return {i.pk for i in issues if text.lower() in i.title.lower() or text.lower() in i.content.lower()}


def test_tokens_bigrams_unigrams_and_words():
    """NFKC and lower case; Chinese runs become overlapping bigrams, a lone character stays; ASCII words whole."""
    assert search.tokens("物业管理") == ["物业", "业管", "管理"]
    assert search.tokens("独，Ｗｉｆｉ信号 5G") == ["独", "wifi", "信号", "5g"]
    assert search.tokens("，。！") == []
    assert search.document("标题", "内容") == "标题 内容"


def test_index_issue_keeps_side_table_in_step(db):
    issue = make_issue("a", "路灯损坏", "夜间出行不便")
    assert IssueSearch.objects.get(issue=issue).bigrams == "路灯 灯损 损坏 夜间 间出 出行 行不 不便"
    issue.content = "噪音扰民"
    issue.save()
    search.index_issue(issue)
    assert IssueSearch.objects.get(issue=issue).bigrams == "路灯 灯损 损坏 噪音 音扰 扰民"
    assert ids("噪音") == {issue.pk}
    assert ids("出行") == set()


def test_same_results_as_substring_search_on_a_sample(corpus):
    """Two- and four-character queries drawn from the texts find exactly what a substring search finds."""
    rng = random.Random(9)
    queries = set()
    for issue in rng.sample(corpus[:60], 15):
        text = issue.content
        for length in (2, 4):
            start = rng.randrange(len(text) - length)
            piece = text[start:start + length]
            if all(search.CJK_RUN_RE.fullmatch(c) for c in piece):
                queries.add(piece)
    assert len(queries) > 10
    for query in sorted(queries):
        assert ids(query) == substring(corpus, query), query


@pytest.mark.parametrize("query", ["物业", "噪音扰民", "地铁施工", "拖欠工资"])
def test_common_queries(corpus, query):
    assert ids(query) == substring(corpus, query)


def test_no_hit(corpus):
    assert ids("量子") == set()
    assert ids("量子纠缠计算") == set()


def test_one_character_is_a_bounded_like(corpus):
    assert ids("独") == substring(corpus, "独")
    assert ids("物") == substring(corpus, "物")


def test_ascii_words_and_mixed_text(corpus):
    assert ids("5g") == substring(corpus, "5g")
    assert ids("5G基站") == substring(corpus, "5g基站")
    assert ids("ｗｉｆｉ") == substring(corpus, "wifi")


def test_punctuation_splits_fragments_that_must_all_occur(corpus):
    both = substring(corpus, "物业") & substring(corpus, "小区")
    assert ids("物业，小区！") == both
    assert ids("  ") == ids("") == ids("，。、") == {i.pk for i in corpus}


def test_filter_keeps_the_callers_queryset(corpus):
    first = corpus[0]
    restricted = Issue.objects.filter(pk=first.pk)
    query = first.content[2:4] if search.CJK_RUN_RE.fullmatch(first.content[2:4]) else first.title[:2]
    assert ids(query, restricted) == {first.pk}


def test_index_rebuild_restores_every_row(corpus):
    IssueSearch.objects.filter(issue__in=corpus[:5]).delete()
    assert search.index_rebuild() == Issue.objects.count()
    assert ids("物业") == substring(corpus, "物业")


def test_index_exists_for_the_vendor(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search.GIN_INDEX])
            assert "array_to_tsvector" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [search.FTS_TABLE])
            assert "unicode61" in cursor.fetchone()[0]


@pytest.mark.postgres
def test_postgres_common_path_is_a_lazy_like(corpus, monkeypatch):
    """A common query (by the index statistics) is a LIKE filter for a newest-first scan, no id list."""
    monkeypatch.setattr(search, "term_frequencies", lambda using="default": {"物业": 0.2, "小区": 0.3})
    qs = search.filter_issues(Issue.objects.all(), "物业")
    assert "array_to_tsvector" not in str(qs.query) and "LIKE" in str(qs.query)
    assert set(qs.filter(number__startswith="T-").values_list("pk", flat=True)) == substring(corpus, "物业")


@pytest.mark.postgres
def test_postgres_rare_path_restores_planner_settings(corpus, monkeypatch):
    """The rare path switches scans off for its own statement only, even inside an outer transaction."""
    monkeypatch.setattr(search, "term_frequencies", lambda using="default": {})
    assert ids("地铁施工") == substring(corpus, "地铁施工")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan')")
        assert cursor.fetchone() == ("on", "on")


@pytest.mark.postgres
def test_postgres_frequencies_come_from_index_statistics(corpus):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_issuesearch")
    search._statistics.clear()
    frequencies = search.term_frequencies()
    assert frequencies and max(frequencies.values()) <= 1.0
    search._statistics.clear()


@pytest.mark.postgres
@pytest.mark.parametrize("plan", ["rare", "common", "scoped"])
def test_postgres_every_plan_gives_the_same_results(corpus, monkeypatch, plan):
    """Whichever plan the estimates pick, a scoped query finds what a substring search finds in that scope."""
    monkeypatch.setattr(search, "choose_plan", lambda qs, indexed: plan)
    scope = Issue.objects.filter(number__startswith="T-", pk__in=[i.pk for i in corpus[::2]])
    for query in ("物业", "噪音扰民", "量子"):
        assert ids(query, scope) == substring(corpus[::2], query), (plan, query)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_indexscan')")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.postgres
def test_postgres_plan_choice_reads_the_scope(corpus, monkeypatch):
    monkeypatch.setattr(search, "term_frequencies", lambda using="default": {"物业": 0.2})
    monkeypatch.setattr(search, "_issue_count_estimate", lambda using: 1_000_000.0)
    fragments = search.parse_query("物业")
    assert search.choose_plan(Issue.objects.all(), fragments) == "common"
    monkeypatch.setattr(search, "term_frequencies", lambda using="default": {})
    assert search.choose_plan(Issue.objects.all(), fragments) == "rare"
