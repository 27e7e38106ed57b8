"""Near-duplicate index: ranking, filters, incremental adds and removals, on small hand-made texts."""

import csv
from pathlib import Path

import pytest

from lianluo.textmine.engine.similar import SimilarityIndex

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "teddy2020"

TEXTS = [
    ("s1", "A2区丽发新城小区旁边违规建设混凝土搅拌站，昼夜施工噪音扰民，粉尘污染严重", {"session": 14, "year": 2019}),
    ("s2", "A市伊景园滨河苑开发商要求购房必须同时购买车位，捆绑销售，侵害购房者权益", {"session": 14, "year": 2019}),
    ("s3", "A市涉外经济学院强制学生寒假去工厂实习，不去就不发毕业证", {"session": 14, "year": 2018}),
    ("s4", "A7县星沙大道路灯长期不亮，夜间出行存在安全隐患", {"session": 14, "year": 2019}),
    ("s5", "A3区麓谷明珠小区物业乱收停车费，业主多次投诉无果", {"session": 13, "year": 2016}),
    ("s6", "尊敬的领导您好！建议在A4区实验小学门口修建人行天桥，谢谢！", {"session": 14, "year": 2020}),
]


@pytest.fixture
def index():
    return SimilarityIndex.build(TEXTS)


def test_reworded_message_ranks_its_original_first(index):
    results = index.query("丽发新城旁边的搅拌站日夜施工，噪音和粉尘太大了，请求处理", k=3)
    assert results[0][0] == "s1"
    assert all(0.0 <= score <= 1.0 for _, score in results)
    assert results[0][1] > 2 * (results[1][1] if len(results) > 1 else 0.0)


def test_identical_text_scores_one(index):
    assert index.query(TEXTS[2][1], k=1)[0] == ("s3", pytest.approx(1.0))


def test_where_filter_keeps_same_session_and_earlier_years(index):
    query = "麓谷明珠小区物业乱收停车费"
    assert index.query(query, k=1)[0][0] == "s5"
    filtered = index.query(query, k=5, where=lambda m: m["session"] == 14 and m["year"] <= 2019)
    assert "s5" not in [key for key, _ in filtered]
    assert all(index.meta(key)["session"] == 14 for key, _ in filtered)


def test_keys_restrict_the_search(index):
    results = index.query("丽发新城搅拌站", k=5, keys={"s2", "s3"})
    assert {key for key, _ in results} <= {"s2", "s3"}


def test_min_score_drops_weak_matches(index):
    assert index.query("量子计算机芯片", k=5, min_score=0.2) == []


def test_incremental_add_is_found_and_replace_and_remove_work(index):
    index.add("s7", "A9市金刚镇污水管道开挖导致民房开裂成危房", {"session": 14, "year": 2019})
    assert index.query("金刚镇挖污水管道把房子挖裂了", k=1)[0][0] == "s7"
    index.add("s7", "A5区洞井镇菜市场占道经营", {"session": 14, "year": 2019})  # same key: replaced
    assert index.query("金刚镇挖污水管道把房子挖裂了", k=1, min_score=0.2) == []
    assert index.remove("s1") and "s1" not in index and len(index) == 6
    assert "s1" not in [key for key, _ in index.query(TEXTS[0][1], k=6)]
    index.refresh()  # df recounted without the removed text
    assert index.query("洞井镇菜市场占道", k=1)[0][0] == "s7"


def test_courtesy_phrases_do_not_make_texts_similar():
    index = SimilarityIndex.build(
        [
            ("a", "尊敬的领导您好！A2区某路段路灯不亮，谢谢！", None),
            ("b", "尊敬的领导您好！A6区某中学乱收费，谢谢！", None),
        ]
    )
    assert index.query("尊敬的领导您好！A6区某中学乱收费，谢谢！", k=2)[0][0] == "b"
    assert dict(index.query("尊敬的领导您好！谢谢！", k=2, min_score=0.01)) == {}


def test_many_adds_across_blocks_keep_positions_right():
    index = SimilarityIndex(refresh_ratio=0.5)
    for i in range(300):
        index.add(i, f"第{i}号测试留言：编号{i * 7919 % 1000}的路段有坑洼需要维修{i}")
    assert index.query("第123号测试留言：编号" + str(123 * 7919 % 1000), k=1)[0][0] == 123


@pytest.mark.skipif(not (DATA / "hot_issue_messages.csv").exists(), reason="shared data not present")
def test_real_messages_find_their_reworded_selves():
    with (DATA / "hot_issue_messages.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for _, r in zip(range(1500), csv.DictReader(f), strict=False)]
    index = SimilarityIndex.build((r["留言编号"], r["留言主题"] + r["留言详情"], None) for r in rows)
    hits = 0
    for r in rows[:100]:
        body = "".join(r["留言详情"].split())
        reworded = body[len(body) // 3 :] + body[: len(body) // 3]  # second part first
        found = index.query(reworded, k=3)
        hits += bool(found) and found[0][0] == r["留言编号"]
    assert hits >= 85
