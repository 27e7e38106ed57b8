"""Reply quality: flag replies to constituents that do not answer what was asked.

An officer reviewing handled cases cannot read every reply; these checks pick out the ones worth reading. Each is
a plain rule with a reason in Chinese, so the officer sees why a reply was picked and can disagree:

* ``too_short``: after the greeting and the sign-off are cut, almost nothing is left ("留言已收悉").
* ``no_measure``: no concrete action (已责令, 已安排, 整改, 拆除, 维修, 退还, 将于 ...).
* ``no_time``: no date, deadline or duration (2019年5月, 10个工作日内, 年底前); the closing date of the reply
  itself does not count. Neither this nor ``no_measure`` is raised for a question (咨询, 请问, 吗, ?) answered by
  citing a rule (根据, 按照, 规定, 《...》) or at some length: explaining the policy is the answer there.
* ``no_body``: no unit named (局, 街道, 社区, 公司, 中心 ...); "相关部门" does not count.
* ``boilerplate``: nearly the same text as several other replies (a template). Needs the corpus:
  ``find_templates`` groups near-identical replies, and a checker built ``from_corpus`` also compares a new reply
  with one representative of each group.
* ``off_subject``: little in common with the message. The board's standard opening quotes the message's subject
  ("…留言反映“A2区景蓉花苑物业管理有问题”的调查核实情况…"), and most replies quote it again; quotations of the
  message and the fixed opening and closing phrases are removed before the overlap is measured, or every reply
  would overlap.

``score`` is 1 minus a penalty per flag (see ``PENALTY``), in [0, 1]. A flag is a prompt to read the reply, not
a verdict.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .similar import SimilarityIndex
from .textutil import char_bigrams, clean

# -- cutting the fixed parts -----------------------------------------------------------------------------------------

_QUOTE = re.compile(r"[“\"「『]([^”\"」』]{1,200})[”\"」』]")
_OPENINGS = [
    re.compile(p)
    for p in (
        r"现将网友在平台《[^》]*》栏目.{0,40}?留言反映.{0,160}?的调查核实情况向该网友答复如下[:]?",
        r"(?:尊敬的)?网友(?:“[^”]{0,20}”|uu\d+)?[:,]?(?:[您你]好)?[!,.。:]?",
        r"“?uu\d+”?[:,]?(?:[您你]好)?[!,.。:]?",
        r"[您你]好[!,.。:]?",
        r"(?:首先)?(?:非常)?感谢您?对我们工作的(?:信任|关心|支持)(?:和|与|、)?(?:支持|关心|监督)?[!,.。]?",
        r"(?:关于)?[您你]?(?:在平台栏目[^,。]{0,30})?(?:反映|来信|来邮|留言|函件|网帖)(?:中)?(?:所)?(?:反映)?(?:的)?"
        r"(?:问题|情况)?(?:的情况)?(?:已|我们已)?(?:收悉|获悉|阅办)[!,.。]?",
        r"(?:您的)?(?:留言|来信|来邮|函件)(?:已)?(?:收悉|获悉)[!,.。]?",
        r"(?:现将|现就|现对|特就|经调查处理,?现将)?(?:我们)?(?:有关|相关|调查|调查处理|核实)?(?:情况|问题)?"
        r"(?:回复|答复)如下[:]?",
        r"现(?:作|将)?(?:如下)?(?:回复|答复)(?:如下)?[:]",
    )
]
_CLOSINGS = [
    re.compile(p)
    for p in (
        r"(?:再次)?(?:非常)?感谢[您你]?(?:对|的)[^。!]{0,40}?(?:支持|关心|关注|监督|理解|信任|来信|留言|问政)[^。!]{0,20}[。!]?",
        r"如(?:果)?[您你]?对(?:本)?(?:回复|答复)(?:意见)?不满意[^。!]{0,80}[。!]?",
        r"(?:联系|咨询)?电话[:]?[\d\-—-]{7,}",
        r"祝[您你][^。!]{0,20}[。!]?",
        r"特此(?:回复|答复)[。!]?",
        r"(?:敬请|请)?(?:关注|留意)后续回复[^。!]{0,10}[。!]?",
        r"\d{4}年\d{1,2}月\d{1,2}日?$",
    )
]

# -- what a concrete reply contains ----------------------------------------------------------------------------------

_MEASURE = re.compile(
    r"责令|安排|将于|整改|拆除|维修|修复|修缮|退还|退费|退款|查处|处罚|罚款|立案|约谈|督促|"
    r"暂扣|取缔|关停|停业|下达|通知书|已完成|已经完成|完成了|处理完毕|已处理|已清理|清运|清理|疏通|更换|安装|铺设|补发|发放|"
    r"已(?:开通|恢复|增设|调整|落实|解决|办理|协调|联系|制定|要求|责成)|(?:召开|组织).{0,24}(?:会议|协调|现场)|现场(?:查看|核查|勘查|检查)|"
    r"立案|侦查|侦办|移交|移送|(?:要求|责成).{0,20}(?:依法|整改|限期|尽快|停止|拆除|落实)|"
    r"开工|施工|启动|纳入.{0,10}(?:计划|规划|项目)|列入.{0,10}(?:计划|规划)|执法|巡查|检测|监测|补偿|赔偿|退回|撤销|停止"
)
_RULE = re.compile(r"根据|按照|依据|规定|政策|《")
_QUESTION = re.compile(r"咨询|请问|是否|能否|可否|可以|何时|什么时候|怎么|如何|吗|\?")
_TIME = re.compile(
    r"\d{4}年|\d{1,2}月(?:\d{1,2}[日号])?|\d{1,2}[日号](?:前|起|内)?|\d+个?(?:工作日|日|天|周|星期|月|年)(?:内|之内|以内|左右)|"
    r"年底|年内|年初|月底|月初|上半年|下半年|今年|明年|本周|下周|本月|下月|即日起|春节前|\d{1,2}[:]\d{2}|[上下]午"
)
_BODY = re.compile(
    r"[\u4e00-\u9fff]{0,10}(?:委员会|管委会|办公室|办事处|街道|社区|居委会|村委会|公司|中心|政府|派出所|大队|中队|支队|分局|"
    r"执法队|城管|交警|物业|学校|医院)|[\u4e00-\u9fff]{1,10}(?:局|委|镇|乡|村|站|所(?!反映|述|说|提出|提到|在|有|以))"
)
_VAGUE_BODY = re.compile(r"(?:相关|有关|职能|主管|责任)(?:部门|单位)")
_NOISE_BIGRAMS = frozenset(
    char_bigrams("反映投诉关于请求严重希望建议什么为什么能否何时问题情况咨询要求举报解决政府相关部门领导")
    | {"a市", "市a"}
)
_PLACE_CODE = re.compile(r"[a-l]\d{0,2}[市区县]")

PENALTY = {
    "too_short": 0.4,
    "boilerplate": 0.3,
    "off_subject": 0.35,
    "no_measure": 0.25,
    "no_time": 0.1,
    "no_body": 0.1,
}
MIN_CORE = 40  # characters of reply left after the fixed parts; below this the reply is too short to judge
EXPLANATION_CHARS = 80  # a question answered in at least this many characters counts as explained


@dataclass
class ReplyCheck:
    """The outcome for one reply: flags in a fixed order, a reason (Chinese) per flag, a score in [0, 1]."""

    flags: list[str]
    reasons: dict[str, str]
    score: float
    overlap: float  # share of the subject's content bigrams found in the reply core
    core: str = field(repr=False, default="")


def strip_quotes_of(text: str, subject: str) -> str:
    """Remove quotations of the message (“…” whose content mostly consists of the subject's bigrams)."""
    subject_bigrams = char_bigrams(subject)

    def quoted(match: re.Match) -> str:
        inner = char_bigrams(match.group(1))
        if inner and len(inner & subject_bigrams) >= 0.5 * len(inner):
            return ""
        return match.group(0)

    return _QUOTE.sub(quoted, text)


def reply_core(reply: str, subject: str = "") -> str:
    """The reply without greeting, standard opening, quotations of the message, sign-off and closing date."""
    text = strip_quotes_of(clean(reply), clean(subject))
    for pattern in _OPENINGS:
        text = pattern.sub("", text)
    for pattern in _CLOSINGS:
        text = pattern.sub("", text)
    return text.strip(",.。!:;")


def template_form(reply: str) -> str:
    """A reply reduced to its template: cleaned, quotations, user ids, digits and place codes masked."""
    text = _QUOTE.sub("“”", clean(reply))
    text = re.sub(r"uu\d+", "", text)
    text = _PLACE_CODE.sub("x", text)
    return re.sub(r"\d+", "0", text)


def find_templates(replies: Sequence[str], threshold: float = 0.85, min_group: int = 3) -> list[list[int]]:
    """Groups (indexes into ``replies``) of at least ``min_group`` near-identical replies, largest first.

    Two replies are linked when the cosine of their template forms reaches ``threshold``; groups are the
    connected components.
    """
    forms = [template_form(r) for r in replies]
    index = SimilarityIndex.build(((i, f, None) for i, f in enumerate(forms)), max_df_ratio=1.0)
    parent = list(range(len(replies)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, form in enumerate(forms):
        if not form:
            continue
        for j, _ in index.query(form, k=50, min_score=threshold):
            if j != i:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(replies)):
        groups.setdefault(root(i), []).append(i)
    found = [sorted(g) for g in groups.values() if len(g) >= min_group]
    return sorted(found, key=lambda g: (-len(g), g[0]))


class ReplyChecker:
    """Checks replies; with templates (from ``from_corpus`` or given) it also recognises boilerplate."""

    def __init__(self, templates: Iterable[str] = (), template_threshold: float = 0.85, min_core: int = MIN_CORE):
        self.template_threshold = template_threshold
        self.min_core = min_core
        self._templates = SimilarityIndex.build(
            ((i, template_form(t), None) for i, t in enumerate(templates)), max_df_ratio=1.0
        )
        self._template_sizes: dict[int, int] = {}

    @classmethod
    def from_corpus(cls, replies: Sequence[str], **kwargs) -> "ReplyChecker":
        """A checker whose templates are one representative of each group ``find_templates`` finds."""
        groups = find_templates(replies)
        checker = cls([replies[g[0]] for g in groups], **kwargs)
        checker._template_sizes = {i: len(g) for i, g in enumerate(groups)}
        return checker

    def check(self, subject: str, body: str, reply: str) -> ReplyCheck:
        core = reply_core(reply, subject)
        flags: list[str] = []
        reasons: dict[str, str] = {}

        def flag(name: str, reason: str) -> None:
            flags.append(name)
            reasons[name] = reason

        template = self._templates.query(template_form(reply), k=1, min_score=self.template_threshold)
        if template:
            size = self._template_sizes.get(template[0][0])
            count = f"与另外{size - 1}条答复" if size else "与已知模板答复"
            flag("boilerplate", f"{count}几乎相同（相似度{template[0][1]:.2f}），是模板式答复")
        if len(core) < self.min_core:
            flag("too_short", f"去掉问候和套话后只剩{len(core)}字，仅表示收悉或转办")
        # A question answered with the rule or at some length: the explanation is the answer, no action is due.
        explained = _QUESTION.search(clean(subject)) is not None and (
            _RULE.search(core) is not None or len(core) >= EXPLANATION_CHARS
        )
        if not _MEASURE.search(core) and not explained:
            flag("no_measure", "未提出具体措施（如已责令、已安排、整改、拆除、维修、退还、将于……）")
        if not _TIME.search(core) and not explained:
            flag("no_time", "未给出处理时间或期限")
        if not [m for m in _BODY.finditer(core) if not _VAGUE_BODY.search(m.group(0))]:
            flag("no_body", "未指明负责处理的单位（“相关部门”不算）")
        overlap = subject_overlap(subject, core)
        if len(core) >= self.min_core and overlap < 0.08 and body_overlap(body, core) < 0.1:
            flag("off_subject", f"答复与留言内容重合很少（主题重合度{overlap:.2f}），可能答非所问")
        order = list(PENALTY)
        flags.sort(key=order.index)
        score = max(0.0, 1.0 - sum(PENALTY[f] for f in flags))
        return ReplyCheck(flags, {f: reasons[f] for f in flags}, round(score, 3), round(overlap, 3), core)


def _content_bigrams(text: str) -> set[str]:
    text = _PLACE_CODE.sub("|", clean(text))
    return {b for b in char_bigrams(text) if "|" not in b and b not in _NOISE_BIGRAMS and not b.isascii()}


def subject_overlap(subject: str, core: str) -> float:
    """Share of the subject's content bigrams (place codes and words like 反映, 问题 dropped) found in the core."""
    wanted = _content_bigrams(subject)
    return len(wanted & char_bigrams(core)) / len(wanted) if wanted else 1.0


def body_overlap(body: str, core: str) -> float:
    """Share of the core's content bigrams that occur in the message body (a reply restates the facts)."""
    got = _content_bigrams(core)
    return len(got & char_bigrams(clean(body))) / len(got) if got else 0.0
