"""Reply quality checks on hand-made replies, and one sanity run over the board's answered messages."""

import csv
from pathlib import Path

import pytest

from lianluo.textmine.engine.replies import ReplyChecker, find_templates, reply_core, subject_overlap

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "teddy2020"

SUBJECT = "A2区景蓉华苑物业管理有问题"
BODY = "景蓉华苑物业公司要退出小区，业委会未召开业主大会就制定高昂停车收费方案。"
CONCRETE = (
    "现将网友在平台《问政西地省》栏目向胡华衡书记留言反映“A2区景蓉华苑物业管理有问题”的调查核实情况向该网友答复如下："
    "您好，经调查了解，针对小区停车收费问题，5月5日下午桂花坪街道牵头组织社区、物业公司、业主委员会召开会议，"
    "区住房和城乡建设局已责令业委会依法依规召开业主大会，并于5月20日前按表决结果整改停车收费方案。"
    "感谢您对我们工作的支持、理解与监督！2019年5月9日"
)
TEMPLATE = "网友：您好！您反映的问题已收悉并交有关单位调查核处，如有情况将及时回复！2019年9月12日"
OFF = (
    "现将网友在平台《问政西地省》栏目向胡华衡书记留言反映“A2区景蓉华苑物业管理有问题”的调查核实情况向该网友答复如下："
    "经查，我市今年新建公办幼儿园十二所，新增学位三千余个，教师招聘工作按计划推进，欢迎家长咨询报名事宜。"
    "感谢您对我们工作的支持、理解与监督！2019年5月9日"
)


def test_concrete_reply_is_not_flagged():
    result = ReplyChecker().check(SUBJECT, BODY, CONCRETE)
    assert result.flags == [] and result.score == 1.0


def test_template_reply_is_flagged_short_boilerplate_and_without_measure():
    corpus = [TEMPLATE.replace("9月12日", f"9月{d}日") for d in range(1, 6)] + [CONCRETE]
    checker = ReplyChecker.from_corpus(corpus)
    result = checker.check("A7县某路段路灯不亮", "路灯坏了半年了", TEMPLATE)
    assert {"boilerplate", "too_short", "no_measure", "no_body"} <= set(result.flags)
    assert "模板" in result.reasons["boilerplate"] and result.score < 0.5
    assert "boilerplate" not in checker.check(SUBJECT, BODY, CONCRETE).flags


def test_find_templates_groups_near_identical_replies_only():
    replies = [TEMPLATE.replace("2019", str(y)) for y in (2015, 2016, 2017)] + [CONCRETE, OFF]
    assert find_templates(replies) == [[0, 1, 2]]


def test_off_subject_ignores_the_quoted_subject_in_the_opening():
    # The opening quotes the subject: counted naively, the off-topic reply would overlap fully.
    assert SUBJECT[3:] in OFF
    assert subject_overlap(SUBJECT, reply_core(OFF, SUBJECT)) < 0.1
    result = ReplyChecker().check(SUBJECT, BODY, OFF)
    assert "off_subject" in result.flags and "答非所问" in result.reasons["off_subject"]
    assert "off_subject" not in ReplyChecker().check(SUBJECT, BODY, CONCRETE).flags


def test_reply_core_drops_greeting_and_closing():
    core = reply_core(CONCRETE, SUBJECT)
    assert not core.startswith("现将网友") and "感谢您对我们工作" not in core and not core.endswith("2019年5月9日")
    assert "责令" in core


def test_question_answered_by_the_rule_is_not_missing_a_measure():
    reply = "您好！根据《A市人才购房补贴实施办法》第五条规定，在本市购买首套住房的人才可申请补贴，公寓不在补贴范围。"
    result = ReplyChecker().check("在A市买公寓能享受人才购房补贴吗？", "", reply)
    assert "no_measure" not in result.flags and "no_time" not in result.flags
    vague = "您好！已收悉，我们会关注此事，继续做好工作。"
    assert "no_measure" in ReplyChecker().check("A市某小区物业乱收费", "", vague).flags


@pytest.mark.skipif(not (DATA / "messages_with_replies.csv").exists(), reason="shared data not present")
def test_real_replies_sanity():
    with (DATA / "messages_with_replies.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for _, r in zip(range(800), csv.DictReader(f), strict=False)]
    checker = ReplyChecker.from_corpus([r["答复意见"] for r in rows])
    results = [checker.check(r["留言主题"], r["留言详情"], r["答复意见"]) for r in rows]
    flagged = sum(bool(r.flags) for r in results) / len(results)
    assert 0.1 < flagged < 0.8
    short = [r for r, res in zip(rows, results, strict=True) if "too_short" in res.flags]
    assert short and all(len(res.core) < 40 for res in results if "too_short" in res.flags)
    assert any("收悉" in r["答复意见"] for r in short)
