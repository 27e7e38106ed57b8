"""Hot issues: grouping by concrete problem, incremental joins, heat, titles, on small hand-made messages."""

import csv
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from lianluo.textmine.engine.hotissues import HotIssueFinder, anchors, place_of

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "teddy2020"
T0 = datetime(2019, 11, 1, 9, 0)

LIFA = [
    ("l1", "A2区丽发新城附近建搅拌站噪音扰民", "丽发新城小区旁边建了一个搅拌站，每天晚上施工噪音很大，粉尘污染严重。"),
    ("l2", "丽发新城小区旁边建搅拌站", "A2区丽发新城小区附近的搅拌站日夜施工，严重影响居民休息。"),
    ("l3", "投诉A2区丽发新城违建搅拌站", "丽发新城旁边违规建设搅拌站，噪音和灰尘污染环境，请求拆除。"),
    ("l4", "A市丽发新城搅拌站彻夜施工扰民", "丽发新城居民区旁的搅拌站彻夜施工，粉尘大，孩子无法入睡。"),
]
YIJING = [
    ("y1", "A市伊景园滨河苑捆绑销售车位", "伊景园滨河苑要求购房必须同时购买车位，否则不能买房，这是捆绑销售。"),
    ("y2", "投诉伊景园滨河苑强制捆绑车位", "广铁集团职工购买伊景园滨河苑商品房，被要求捆绑购买车位十几万元。"),
    ("y3", "车位捆绑违规销售", "我们购买伊景园滨河苑的房子，开发商强制捆绑销售车位，请政府查处。"),
]
OTHER = [
    ("o1", "A7县星沙大道路灯不亮", "星沙大道一段路灯长期不亮，晚上出行很危险。"),
    ("o2", "A5区稻田中学午餐伙食太差", "学校食堂的饭菜质量差，价格贵，学生吃不饱。"),
]


def messages(likes: dict | None = None):
    likes = likes or {}
    out = []
    for i, (key, subject, body) in enumerate(LIFA + YIJING + OTHER):
        out.append(
            dict(key=key, subject=subject, body=body, when=T0 + timedelta(days=i), likes=likes.get(key, 0), user=key)
        )
    return out


def cluster_sets(finder):
    return [set(c.members) for c in finder.clusters(min_size=2, top=None)]


def test_anchors_and_places():
    assert "丽发新城" in anchors("投诉a2区丽发新城小区附近建搅拌站")
    assert anchors("a市伊景园滨河苑捆绑销售车位")[:2] == ["伊景园", "滨河苑"]
    assert "涉外经济学院" in anchors("a市涉外经济学院强制学生实习")
    assert anchors("小区物业不作为") == []
    assert place_of("a2区丽发新城", "") == "A2区"


def test_same_estate_grouped_and_different_estate_separate():
    finder = HotIssueFinder.build(messages())
    sets = cluster_sets(finder)
    assert {"l1", "l2", "l3", "l4"} in sets
    assert {"y1", "y2", "y3"} in sets  # y3's subject names no estate: its body does
    assert all(not ({"o1", "o2"} & s) for s in sets)


def test_incremental_add_joins_the_right_cluster():
    finder = HotIssueFinder.build(messages())
    before = len(finder.clusters(min_size=1, top=None))
    body = "A2区丽发新城附近的搅拌站晚上还在施工，噪音太大。"
    finder.add("l5", "丽发新城搅拌站还在夜间施工", body, when=T0 + timedelta(days=30))
    assert "l5" in finder.cluster_of("l1") and "l5" not in finder.cluster_of("y1")
    body = "月亮岛路沿线架设110kv高压线杆离小区太近。"
    finder.add("n1", "A6区月亮岛路架设高压线", body, when=T0 + timedelta(days=31))
    assert finder.cluster_of("n1") == ["n1"]
    assert len(finder.clusters(min_size=1, top=None)) == before + 1


def test_titles_name_the_concrete_thing_and_are_short():
    finder = HotIssueFinder.build(messages())
    titles = {frozenset(c.members): c.title for c in finder.clusters(min_size=2, top=None)}
    lifa = titles[frozenset({"l1", "l2", "l3", "l4"})]
    assert "丽发新城" in lifa and "搅拌" in lifa and len(lifa) <= 20
    assert "伊景园" in titles[frozenset({"y1", "y2", "y3"})]


def test_heat_reacts_to_likes_and_recency():
    plain = HotIssueFinder.build(messages())
    top = plain.clusters(min_size=2, top=2)
    assert set(top[0].members) == {"l1", "l2", "l3", "l4"}  # more messages
    liked = HotIssueFinder.build(messages(likes={"y1": 500, "y2": 300}))
    assert set(liked.clusters(min_size=2, top=1)[0].members) == {"y1", "y2", "y3"}
    # The same clusters seen from a year later: heat falls towards the floor, the order by size returns.
    later = liked.clusters(min_size=2, top=2, now=T0 + timedelta(days=400))
    now = liked.clusters(min_size=2, top=2)
    assert later[0].heat < now[0].heat


def test_recent_messages_outweigh_old_ones():
    msgs = messages()
    for m in msgs:
        if m["key"].startswith("y"):
            m["when"] = T0 + timedelta(days=200)
    finder = HotIssueFinder.build(msgs)
    assert set(finder.clusters(min_size=2, top=1)[0].members) == {"y1", "y2", "y3"}


def test_deterministic():
    a = HotIssueFinder.build(messages()).clusters(top=None)
    b = HotIssueFinder.build(list(reversed(messages()))).clusters(top=None)
    assert [(c.title, c.members, c.heat) for c in a] == [(c.title, c.members, c.heat) for c in b]


@pytest.mark.skipif(not (DATA / "hot_issue_messages.csv").exists(), reason="shared data not present")
def test_real_board_finds_the_mixing_plant_and_the_parking_bundle():
    with (DATA / "hot_issue_messages.csv").open(encoding="utf-8", newline="") as f:
        words = ("丽发", "滨河苑", "路灯")
        rows = [r for r in csv.DictReader(f) if any(w in r["留言主题"] + r["留言详情"] for w in words)]
    msgs = [
        dict(key=r["留言编号"], subject=r["留言主题"], body=r["留言详情"], likes=int(r["点赞数"]), user=r["留言用户"],
             when=datetime.strptime(r["留言时间"].replace("-", "/"), "%Y/%m/%d %H:%M:%S"))
        for r in rows
    ]
    top = HotIssueFinder.build(msgs).clusters(min_size=2, top=3)
    subjects = {r["留言编号"]: r["留言主题"] + r["留言详情"] for r in rows}
    mixing = next(c for c in top if "丽发新城" in c.title)
    assert mixing.size >= 20 and sum("搅拌" in subjects[k] for k in mixing.members) >= 0.7 * mixing.size
    bundle = next(c for c in top if "滨河苑" in c.title or "伊景园" in c.title)
    assert bundle.size >= 20 and sum("滨河苑" in subjects[k] for k in bundle.members) >= 0.8 * bundle.size
