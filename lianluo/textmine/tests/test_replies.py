"""Reply quality checks on hand-made replies, and one sanity run over the board's answered messages.

Each flag is tested with a small reply that should raise it and with the false-positive shapes found by reading the
board's replies (a full policy explanation, a completed action, a unit implied by the signature, a measure phrased
differently, a detailed answer repeated for a duplicate message).
"""

import csv
from pathlib import Path

import pytest

from lianluo.textmine.engine.replies import (
    ReplyChecker,
    find_templates,
    procedural_kind,
    reply_core,
    subject_overlap,
    substance_of,
)

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "teddy2020"

SUBJECT = "A2区景蓉华苑物业管理有问题"
BODY = "景蓉华苑物业公司要退出小区，业委会未召开业主大会就制定高昂停车收费方案。"
OPENING = (
    "现将网友在平台《问政西地省》栏目向胡华衡书记留言反映“A2区景蓉华苑物业管理有问题”的调查核实情况向该网友答复如下："
)
CLOSING = "感谢您对我们工作的支持、理解与监督！2019年5月9日"
CONCRETE = (
    OPENING + "您好，经调查了解，针对小区停车收费问题，5月5日下午桂花坪街道牵头组织社区、物业公司、业主委员会召开会议，"
    "区住房和城乡建设局已责令业委会依法依规召开业主大会，并于5月20日前按表决结果整改停车收费方案。" + CLOSING
)
TEMPLATE = "网友：您好！您反映的问题已收悉并交有关单位调查核处，如有情况将及时回复！2019年9月12日"


def check(reply: str, subject: str = SUBJECT, body: str = BODY, checker: ReplyChecker | None = None):
    return (checker or ReplyChecker()).check(subject, body, reply)


def test_concrete_reply_is_not_flagged_and_has_no_notes():
    result = check(CONCRETE)
    assert result.flags == [] and result.notes == {} and result.score == 1.0


def test_reply_core_drops_greeting_and_closing():
    core = reply_core(CONCRETE, SUBJECT)
    assert not core.startswith("现将网友") and "感谢您对我们工作" not in core and "理解与监督" not in core
    assert not core.endswith("2019年5月9日") and "责令" in core
    assert reply_core("网友“UU008607”您好！您的留言已收悉。现将有关情况回复如下：经查属实。") == "经查属实"


# -- no_answer ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        ("网友：您好！留言已收悉", "收悉"),
        ("感谢您对我们工作的关心、监督与支持。", "只有问候和套话"),
        ("已收悉", "收悉"),
        (TEMPLATE, "转交"),
        ("您反映的问题已转交县住建局核实、办复。2018年5月3日", "转交"),
        ("您的帖文已收悉。我办已将您反映的情况转交相关科室核实处理，处理情况会及时回复给您", "转交"),
        ("您反映的问题不属于我单位职责范围", "不属本单位职责"),
        ("你所反映的问题，建议你到D12市组织部咨询", "咨询"),
        ("您反映的问题县交通运输局已经答复。链接", "已另行答复"),
        ("关于您反映的问题正在协调处理当中", "转交"),
    ],
)
def test_no_answer_for_received_forwarded_or_redirected_only(reply, said):
    result = check(reply)
    assert "no_answer" in result.flags and said in result.reasons["no_answer"]
    assert "实质答复" in result.reasons["no_answer"] and result.score <= 0.5


def test_forward_note_followed_by_the_real_answer_is_not_no_answer():
    reply = (
        "您通过平台《问政西地省》的留言收悉，已转有关部门答复反馈，谢谢！2019年8月7日尊敬的家长：按照《B市2019年普通高中"
        "招生实施方案》要求，任何公办普通高中不得跨区域招生，渌口区公办普通高中在所属行政区域内招生。"
    )
    result = check(reply, "再次咨询渌口区的高中入学录取政策", "")
    assert result.flags == []
    substance, kinds = substance_of(reply_core(reply))
    assert "不得跨区域招生" in substance and "forward" in kinds


def test_short_direct_answers_are_not_flagged():
    # A consultation answered in one sentence is answered.
    for subject, reply in [
        ("咨询G市驾驶证异地检验换证问题", "您好！可以带身份证和驾驶证在A市车管所异地换证。"),
        ("咨询A市居住证办理事宜", "您好！A市居住证有效期为一年。"),
        ("关于M市电梯增设问题的咨询", "您所反映的问题，M市尚未出台相关文件。"),
        ("西地省科技学院学生异地身份证办理的咨询", "可以异地办理身份证。携带身份证、户口本及本地居住证明办理即可"),
    ]:
        assert check(reply, subject, "").flags == [], reply


def test_clause_kinds():
    assert procedural_kind("您反映的问题已转至市城管局调查核处") == "forward"
    assert procedural_kind("请具体咨询K市人社局") == "redirect"
    assert procedural_kind("您的留言已收悉") == "ack"
    assert procedural_kind("感谢您的理解与支持") == "courtesy"
    # Not procedural: a forwarding verb in ordinary words, a measure, an instruction.
    assert procedural_kind("我局正在与县交警部门进行衔接") is None
    assert procedural_kind("东四线和开元路交界处西南角地块属东方航标小区") is None
    assert procedural_kind("城管执法大队已责令店主限期拆除") is None
    assert procedural_kind("请到指定医院进行相应的鉴定") is None


# -- too_short and vague --------------------------------------------------------------------------------------------


def test_too_short_for_a_few_words_that_say_nothing():
    result = check("B5县改渌口区的挂牌时间要等上级通知，谢谢您的关注", "咨询B市渌口区挂牌时间", "")
    assert result.flags == ["too_short"] and "字" in result.reasons["too_short"]


def test_vague_for_promises_only():
    for reply in [
        "网友您好！对于您的建议，我局将在相关规划中进一步研究和论证，感谢您的支持。",
        "您关于优化809路公交线路的建议，市交通运输局运管处已收集，待下一轮公交线网优化调整时，将认真予以考虑。",
    ]:
        result = check(reply, "希望优化A市809路公交线路", "")
        assert result.flags == ["vague"] and "表态" in result.reasons["vague"], reply


def test_vague_for_a_refusal_without_reason_but_not_with_one():
    assert check("您的建议暂不考虑。", "建议A市增开夜班公交", "").flags == ["vague"]
    reasoned = "由于该路口与陡岭路口距离很近，设置信号灯将影响通行效率，暂不考虑设置，行人可走陡岭路口。"
    assert check(reasoned, "希望在A4区栖凤路口设置信号灯", "").flags == []


def test_message_of_thanks_needs_only_thanks():
    reply = "非常高兴我们的工作能够得到你的肯定，我们将以此为鼓励更好的开展好相关工作。"
    assert check(reply, "A7县的网络问政工作做得好，希望继续坚持下去", "").flags == []


# -- notes: no_measure, no_time, no_body are not flags ----------------------------------------------------------


def test_policy_explained_in_full_gets_no_flag_and_no_measure_note():
    reply = "您好！根据《A市人才购房补贴实施办法》第五条规定，在本市购买首套住房的人才可申请补贴，公寓不在补贴范围。"
    result = check(reply, "在A市买公寓能享受人才购房补贴吗？", "")
    assert result.flags == [] and "no_measure" not in result.notes and "no_time" not in result.notes


@pytest.mark.parametrize(
    "reply",
    [
        "经协调，物业公司已恢复小区供水。",
        "我局已约谈开发商负责人，督促其按合同交付车位。",
        "经核查，该单位已为您补缴社保费用，并已发放拖欠工资。",
        "城管执法人员已对店外经营行为进行规范，当事人承诺不再占道经营。",
    ],
)
def test_completed_actions_need_no_date_and_are_not_flagged(reply):
    result = check(reply, "投诉某小区物业", "")
    assert result.flags == [] and "no_measure" not in result.notes


def test_unit_implied_by_the_signature_or_we_is_a_body():
    reply = "经现场查看，该路段路灯线路老化，我局已安排人员更换线路，路灯已恢复照明。"
    assert "no_body" not in check(reply, "A7县某路段路灯不亮", "").notes
    signed = "经现场查看，路灯已于3月2日修复，恢复照明。泉塘街道办事处"
    assert "no_body" not in check(signed, "A7县某路段路灯不亮", "").notes


def test_notes_lower_the_score_only_a_little():
    result = check("经查，该店已停止营业。", "投诉某KTV噪音扰民", "")
    assert result.flags == [] and set(result.notes) <= {"no_time", "no_body"} and result.score >= 0.9


# -- boilerplate ---------------------------------------------------------------------------------------------------


def test_template_reply_is_flagged_no_answer_and_boilerplate():
    corpus = [TEMPLATE.replace("9月12日", f"9月{d}日") for d in range(1, 6)] + [CONCRETE]
    checker = ReplyChecker.from_corpus(corpus)
    result = check(TEMPLATE, "A7县某路段路灯不亮", "路灯坏了半年了", checker)
    assert result.flags == ["no_answer", "boilerplate"]
    assert "模板" in result.reasons["boilerplate"] and result.score < 0.5
    assert "boilerplate" not in check(CONCRETE, checker=checker).flags


def test_detailed_reply_repeated_for_a_duplicate_message_is_not_boilerplate():
    subject = "咨询J9县的油茶种植政策"
    reply = (
        "您好！针对您咨询的油茶种植扶持政策，现回复如下：我县对新造油茶林每亩补助500元，"
        "低产林改造每亩补助300元，由县林业局按年度验收后发放，申请请向所在乡镇林业站提交。"
    )
    checker = ReplyChecker.from_corpus([reply] * 3 + [CONCRETE])
    assert check(reply, subject, "", checker).flags == []


def test_find_templates_groups_near_identical_replies_only():
    other = OPENING + "经查，我市今年新建公办幼儿园十二所，新增学位三千余个。" + CLOSING
    replies = [TEMPLATE.replace("2019", str(y)) for y in (2015, 2016, 2017)] + [CONCRETE, other]
    assert find_templates(replies) == [[0, 1, 2]]


# -- off_subject ---------------------------------------------------------------------------------------------------


def test_off_subject_for_a_reply_about_another_place():
    reply = (
        "经查，该工地是龙湖春江郦城项目工地，目前已进入渣土回填阶段，办理了回填许可。执法队员赶到该工地，"
        "要求龙湖春江郦城工地夜间停止施工，渣土中队将加大对该工地的巡查。"
    )
    result = check(reply, "投诉A市外国语学校国庆补课", "外国语学校国庆只放四天，剩下三天全部考试")
    assert result.flags == ["off_subject"] and "答非所问" in result.reasons["off_subject"]


def test_on_subject_in_other_words_is_not_off_subject():
    # The opening quotes the subject: counted naively, any reply would overlap fully.
    off = OPENING + "经查，我市今年新建公办幼儿园十二所，新增学位三千余个，教师招聘工作按计划推进。" + CLOSING
    assert SUBJECT[3:] in off and subject_overlap(SUBJECT, reply_core(off, SUBJECT)) < 0.1
    # A refund question answered with the fee rules shares no words with the subject, and is on the subject.
    fees = (
        "根据西地省物价局关于机动车驾驶培训收费的通知，从2014年9月1日起驾驶培训收费实行市场调节价，"
        "由驾培机构根据服务成本自主定价，退费按双方签订的培训合同约定办理。"
    )
    assert check(fees, "关于A市国安驾校退学问题的咨询", "我交了3180的报名费，想退学").flags == []


@pytest.mark.skipif(not (DATA / "messages_with_replies.csv").exists(), reason="shared data not present")
def test_real_replies_sanity():
    with (DATA / "messages_with_replies.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for _, r in zip(range(800), csv.DictReader(f), strict=False)]
    checker = ReplyChecker.from_corpus([r["答复意见"] for r in rows])
    results = [checker.check(r["留言主题"], r["留言详情"], r["答复意见"]) for r in rows]
    flagged = sum(bool(r.flags) for r in results) / len(results)
    assert 0.02 < flagged < 0.3
    unanswered = [r for r, res in zip(rows, results, strict=True) if "no_answer" in res.flags]
    assert unanswered and any("收悉" in r["答复意见"] for r in unanswered)
    assert all(len(res.substance) < 40 for res in results if "no_answer" in res.flags)
