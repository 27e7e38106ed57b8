"""Reply quality: flag replies to constituents that do not answer what was asked.

An officer reviewing handled cases cannot read every reply; these checks pick out the ones worth reading. Each is
a plain rule with a reason in Chinese, so the officer sees why a reply was picked and can disagree. A flag is
raised only where a hand check found it usually right; weaker signals are kept as notes, shown but not counted.

The reply is first cut to its core (greeting, the board's standard opening, quotations of the message, thanks,
sign-off and closing date removed), and the core is split into clauses. Procedural clauses say nothing about the
matter: 已收悉, 已转交某部门调查处理, 处理结果将及时反馈, 请向某部门咨询, 不属于我单位职责范围, 已答复（见链接）,
谢谢. What is left is the substance.

Flags:

* ``no_answer``: the reply is procedural only: received, forwarded, "ask elsewhere", or outside our remit, with
  (almost) nothing about the matter itself.
* ``too_short``: what is left is a few words that neither state a fact nor a decision (below ``MIN_CORE``).
* ``vague``: the substance is only an attitude or a promise (高度重视, 将认真研究, 充分考虑您的建议): no fact, no
  finding, no decision, no measure, no date, no rule.
* ``boilerplate``: nearly the same text as several other replies (a template), and not about this message's
  particulars. A detailed reply given again to the same complaint posted twice is not boilerplate. Needs the
  corpus: ``find_templates`` groups near-identical replies, and a checker built ``from_corpus`` also compares a new
  reply with one representative of each group.
* ``off_subject``: a reply about a different matter: it shares no content with the subject, almost none with the
  message, and names a place or organisation the message does not mention while naming none that it does.

Notes (not flags; a concrete reply may well lack them): ``no_measure`` (no action reported or promised),
``no_time`` (no date, deadline or duration), ``no_body`` (no unit named). A consultation answered with the rule,
a refusal with its reason, or a finding (经查……未发现) needs none of them.

``score`` is 1 minus a penalty per flag and a small one per note (see ``PENALTY``), in [0, 1]. A flag is a prompt
to read the reply, not a verdict.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .similar import SimilarityIndex
from .textutil import char_bigrams, clean

# -- cutting the fixed parts -----------------------------------------------------------------------------------------

_THANKS_WORDS = r"(?:支持|关心|关注|监督|理解|信任|来信|留言|问政|厚爱)"
_QUOTE = re.compile(r"[“\"「『]([^”\"」』]{1,200})[”\"」』]")
_OPENINGS = [
    re.compile(p)
    for p in (
        r"现将网友在平台《[^》]*》栏目.{0,40}?留言反映.{0,160}?的调查核实情况向该网友答复如下[:]?",
        r"(?:尊敬的)?网友(?:“[^”]{0,20}”|uu\d+)?[:,]?(?:[您你]好)?[!,.。:]?",
        r"“?uu\d+”?[:,]?(?:[您你]好)?[!,.。:]?",
        r"[您你]好[!,.。:]?",
        rf"(?:首先)?(?:非常)?感谢您?对我们工作的{_THANKS_WORDS}(?:[、和与及]{_THANKS_WORDS})*[!,.。]?",
        r"(?:关于)?[您你]?(?:的|所)?(?:在平台栏目[^,。]{0,30})?(?:反映|来信|来邮|留言|函件|网帖)(?:中)?(?:所)?(?:反映)?(?:的)?"
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
        rf"(?:再次)?(?:非常|衷心)?感谢[您你]?(?:对|的)[^。!,;]{{0,30}}?{_THANKS_WORDS}(?:[、和与及]{_THANKS_WORDS})*[!。]?",
        r"如(?:果)?[您你]?对(?:本)?(?:回复|答复)(?:意见)?不满意[^。!]{0,80}[。!]?",
        r"(?:联系|咨询)?电话[:]?[\d\-—-]{7,}",
        r"祝[您你][^。!]{0,20}[。!]?",
        r"特此(?:回复|答复)[。!]?",
        r"(?:敬请|请)?(?:关注|留意)后续回复[^。!]{0,10}[。!]?",
        r"\d{4}年\d{1,2}月\d{1,2}日?$",
    )
]

# -- procedural clauses: they say nothing about the matter ----------------------------------------------------------

_CLAUSE = re.compile(r"[^,.。!?;:()（）]+")
_ACK = re.compile(r"收悉|收到|知悉|获悉|已阅|阅悉|已受理|已经受理|受理编号|事件编号")
_FORWARD = re.compile(
    r"(?:已|将|均已|已经|现已|并|迅速|立即|直接|我[办局委院部]已)(?:经)?(?:转交|转至|转到|转给|转办|转送|转|移交|交办|交由|交|"
    r"发函交办|报送|上报|汇报|报告|反馈)|转交|转至|转办|转送|移交|交办|交由|发函交办|"
    r"(?:已|会|将)将.{0,12}(?:转|交|报告|上报|反馈|汇报|移交)"
)
_FOLLOW_UP = re.compile(
    r"(?:及时|尽快|另行|后续|稍后|第一时间|会|将)[^,。]{0,12}(?:回复|反馈|答复|告知|公布|通知)|耐心等待|敬请(?:关注|留意)|"
    r"(?:请|敬请)?(?:关注|留意)(?:近期|后续)|正在(?:交办|办理|处理|核实|调查|协调处理|调查处理|核查)(?:之?中|当中)?$|"
    r"(?:调查|核实|核查|处理)(?:结果|情况)[^,。]{0,6}(?:回复|反馈|答复|告知|公布)|"
    r"^(?:调查|核处|核查|核实|办复|处理|办理|处置|答复|查处|调查核处|核实处理|核实办理|核查办复)$"
)
_REDIRECT = re.compile(
    r"(?:建议|请|可以?|欢迎)[您你]?(?:本人)?(?:直接|具体|详细|就近|电话|及时)?(?:向|到|与|致电|拨打|咨询|联系|登录|访问|查看|询问|反映|"
    r"电话咨询|前往)[^,。]{0,40}?(?:咨询|反映|联系|询问|投诉|了解|反馈|告知|查询|举报|沟通|提出|查看)[^,。]{0,6}$|"
    r"^(?:详情|具体(?:事宜|事项|情况|问题)?)?请(?:咨询|联系|致电|拨打)|"
    r"(?:建议|请)[您你]?(?:本人)?(?:直接|具体|详细|电话)?(?:咨询|联系|致电|拨打|询问)[^,。]{0,30}$|^(?:热线|电话|联系电话|咨询电话)$"
)
_STATUS = re.compile(r"^[^,。]{0,12}正在(?:协调)?(?:处理|办理|调查|核实|核查|交办)[^,。]{0,4}(?:之?中|当中)?$")
_NOT_OURS = re.compile(
    r"不(?:属于?|在)(?:我|本)[^,。]{0,8}(?:管辖|职责|职权|管理|业务)(?:范围|权限)?|不归我[^,。]{0,4}(?:管|管辖)|"
    r"不属于[^,。]{0,12}(?:管辖|职责|职权)(?:范围|权限)|^[^,。]{0,10}属[^,。]{0,12}(?:管辖|职责|职权)(?:范围)?$"
)
_ANSWERED = re.compile(r"已(?:经)?(?:作出|进行过?|在[^,。]{0,10})?(?:答复|回复)|链接|详见|见附件")
_COURTESY = re.compile(
    r"^(?:(?:非常|再次|衷心)?(?:感谢|谢谢|多谢)[^,。]{0,14}|感谢您?的?(?:留言|来信|建议|关注|问政|理解)|谢谢您?的?(?:理解与支持|理解|支持|关注)?|"
    r"理解与监督|与支持|与监督|理解与支持|以监督|监督|敬请谅解|请谅解|请您理解|此复|现|您的|你的|网民|来信人|同志|朋友|"
    r"欢迎.{0,12}(?:监督|关注|咨询)|祝.{0,10}|[a-z0-9/_\-]+|(?:\d{2,4})?年?\d{1,2}月\d{1,2}日?|(?!请|建议|已|转|[您你])[^,。]{0,12}(?:局|办|办公室|政府|中心|公司|委员会|网宣办|处|所|街道办事处))$|"
    r"^(?:从帖文中?来?看|如有(?:问题|疑问|不明|其他问题|其他疑问|需要)|如是|如(?:出台|有)相关(?:政策|情况|结果))$|"
    r"^(?:关于|对于|针对|就)?[您你]?(?:所|的)?(?:提出|反映|咨询|来信|留言|来帖|帖文|发帖|提交)?的*"
    r"(?:问题|情况|事项|建议|意见|诉求|帖子|来信|信件|宝贵建议)?(?:和建议|和意见)?$"
)

# -- what a substantive reply contains ------------------------------------------------------------------------------

_MEASURE = re.compile(
    r"责令|责成|安排|将于|整改|拆除|维修|修复|修缮|退还|退费|退款|(?<!调)查处|处罚|罚款|立案|约谈|督促|督办|协调|"
    r"暂扣|取缔|关停|停业|下达|通知书|完成|完毕|已处理|清理|清运|疏通|更换|安装|铺设|补发|发放|补缴|补办|兑现|"
    r"已(?:开通|恢复|增设|调整|落实|解决|办理|联系|制定|要求|出台|采纳|撤除|撤销|取消|规范|制止|纠正|批准|审批|受理申请|通知)|"
    r"(?:召开|组织).{0,24}(?:会议|协调|现场|座谈)|现场(?:查看|核查|勘查|检查|踏勘)|实地(?:查看|勘察|查勘|调查)|勘察|"
    r"侦查|侦办|移送|(?:要求|责成).{0,20}(?:依法|整改|限期|尽快|停止|拆除|落实|加强)|"
    r"开工|施工|启动|纳入.{0,10}(?:计划|规划|项目)|列入.{0,10}(?:计划|规划)|执法|巡查|巡逻|检测|监测|补偿|赔偿|退回|"
    r"撤销|停止|批评教育|说服教育|教育劝导|劝导|警告|训诫|批评|处分|问责|查封|没收|制定|出台|上线|开通|增设|投放|建成|改造|硬化|拓宽"
)
_RULE = re.compile(r"根据|按照|依据|依照|规定|政策|办法|条例|文件|标准|程序|《")
_REASON = re.compile(r"因为?|由于|鉴于|考虑到|否则|原因|为了|为确保|以免|避免")
_FINDING = re.compile(
    r"经(?:查|核实|核查|调查|了解|实地|现场|走访|测算|检测|审查|研究|协调|与)|据(?:查|了解|核实|悉)|查明|发现|属实|不属实|"
    r"不存在|未发现|查无|确有|确实|核实|反映的情况|目前|现有|已有|均有|都有|设有|没有|尚未|暂未|暂无|"
    r"位于|属于|为[^,。]{0,6}(?:用地|线路|道路|单位|项目)|正在|已于|已经|已(?!收|转|交|阅|知)"
)
_DECISION = re.compile(
    r"可以|可(?:由|向|到|在|凭|持|携带|申请|办理|享受|通过|选择)|不能|不可|无法|不得|不予|暂不|不考虑|不采纳|不宜|不同意|同意|不支持|支持|"
    r"需要|需|须|应当|应|必须|只能|即可|办理|申请|携带|凭|持|符合|不符合|具备|不具备|享受|补贴|免费|收费|标准为|为\d|"
    r"请(?:进一步)?(?:提供|完善|补充|说明|将)|(?:访问|登录|关注)[^,。]{0,20}(?:网站|官网|网|公众号|app|平台)|"
    r"[\d一二三四五六七八九十百千万两]+(?:年|个|元|天|月|日|人|户|米|公里|项|条|所|座|家|次|%)"
)
_PROMISE = re.compile(
    r"(?:高度|非常|十分|极为)重视|认真(?:研究|考虑|对待|梳理|论证|听取|分析)|充分(?:考虑|论证|研究|吸纳)|"
    r"(?:予以|加以|进行)?(?:研究|考虑|论证)|进一步|加强|加大|积极|努力|尽力|力争|争取|关注|改进|完善|吸纳|"
    r"已收集|已记录|已汇总|转达|已知晓|感谢您?的?(?:建议|意见)|您的(?:建议|意见)(?:很好|非常中肯|很有价值)"
)
_REFUSAL = re.compile(
    r"不予(?:考虑|采纳|支持|受理|办理|批准)|不宜|暂不(?:考虑|予)|不同意|不支持|不采纳|"
    r"(?:无法|不能)(?:满足|办理|受理|采纳|实施|开展|批准|安排|解决|答复|开通|增设|设置|同意)"
)
_PRAISE = re.compile(r"^(?:感谢|谢谢)|做得好|点赞|表扬|致敬|赞扬")
_REQUEST = re.compile(r"请求|投诉|举报|尽快|解决|咨询|反映|质疑")
_TIME = re.compile(
    r"\d{4}年|\d{1,2}月(?:\d{1,2}[日号])?|\d{1,2}[日号](?:前|起|内)?|\d+个?(?:工作日|日|天|周|星期|月|年)(?:内|之内|以内|左右)|"
    r"年底|年内|年初|月底|月初|上半年|下半年|今年|明年|本周|下周|本月|下月|即日起|春节前|近期|近日|\d{1,2}[:]\d{2}|[上下]午|"
    r"[一二三四五六七八九十]+月|[一二三四五六七八九十]+[日号]"
)
_BODY = re.compile(
    r"[\u4e00-\u9fff]{0,10}(?:委员会|管委会|办公室|办事处|街道|社区|居委会|村委会|公司|中心|政府|派出所|大队|中队|支队|分局|"
    r"执法队|城管|交警|物业|学校|医院|残联|法院|检察院)|[\u4e00-\u9fff]{1,10}(?:局|委|镇|乡|村|站|所(?!反映|述|说|提出|提到|在|有|以))|"
    r"(?:我|本)(?:局|委|办|院|司|中心|公司|镇|乡|街道|单位|队|所|部|厅|处|校|园|站)"
)
_VAGUE_BODY = re.compile(r"(?:相关|有关|职能|主管|责任)(?:部门|单位)")
_QUESTION = re.compile(r"咨询|请问|是否|能否|可否|可以|何时|什么时候|怎么|如何|吗|\?")
_ENTITY = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:小区|花园|家园|公寓|学校|中学|小学|幼儿园|学院|大学|公司|工地|项目|医院|广场|大厦|市场|驾校|酒店|"
    r"宾馆|超市|楼盘|水厂|电站|路口|大道|大桥|公园)"
)
_GENERIC_NAME = re.compile(r"^(?:我|本|该|各|全|相关|有关|所在|当地|其他|这|那|此)|^[a-z0-9]+$")
# In a reply, 项目, 市场, 路口 are as often common nouns (收费项目, 市场调节价) as parts of a name: left out there.
_REPLY_ENTITY = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:小区|花园|家园|公寓|学校|中学|小学|幼儿园|学院|大学|公司|工地|医院|广场|大厦|驾校|酒店|宾馆|超市|楼盘|"
    r"水厂|电站|公园)"
)
_NOISE_BIGRAMS = frozenset(
    char_bigrams("反映投诉关于请求严重希望建议什么为什么能否何时问题情况咨询要求举报解决政府相关部门领导")
    | {"a市", "市a"}
)
_PLACE_CODE = re.compile(r"[a-l]\d{0,2}[市区县]")

PENALTY = {
    "no_answer": 0.5,
    "too_short": 0.4,
    "vague": 0.35,
    "boilerplate": 0.3,
    "off_subject": 0.35,
}
NOTE_PENALTY = {"no_measure": 0.05, "no_time": 0.05, "no_body": 0.05}
MIN_CORE = 40  # characters of substance below which a reply that states no fact or decision is too short
MIN_SUBSTANCE = 12  # fewer characters of substance than this: the reply is procedural only
REFUSAL_MAX = 60  # a longer refusal usually carries its reason, even where no marker word shows it
VAGUE_MAX = 160  # a reply of only promises longer than this is rare and usually says something after all
BOILERPLATE_MAX_OVERLAP = 0.25  # a template reply that repeats this share of the subject is about this message


@dataclass
class ReplyCheck:
    """The outcome for one reply: flags in a fixed order, a reason (Chinese) per flag, a score in [0, 1].

    ``notes`` are weaker observations (name -> reason in Chinese) that do not make a reply flagged.
    """

    flags: list[str]
    reasons: dict[str, str]
    score: float
    overlap: float  # share of the subject's content bigrams found in the reply core
    core: str = field(repr=False, default="")
    notes: dict[str, str] = field(default_factory=dict)
    substance: str = field(repr=False, default="")


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


def procedural_kind(clause: str) -> str | None:
    """What a procedural clause does ("ack", "forward", "redirect", "not_ours", "answered", "courtesy"), or None."""
    clause = clause.strip()
    if not clause or _COURTESY.match(clause):
        return "courtesy"
    if _NOT_OURS.search(clause):
        return "not_ours"
    if _STATUS.match(clause):
        return "forward"
    if _MEASURE.search(clause) and not _FORWARD.search(clause):
        return None
    if _REDIRECT.search(clause):
        return "redirect"
    if _ANSWERED.search(clause) and len(clause) <= 30:
        return "answered"
    if _ACK.search(clause) and len(clause) <= 30:
        return "ack"
    if _FORWARD.search(clause) and len(clause) <= 45:
        return "forward"
    if _FOLLOW_UP.search(clause) and len(clause) <= 30:
        return "forward"
    return None


def substance_of(core: str) -> tuple[str, list[str]]:
    """The clauses of the core that are not procedural (joined by ","), and the kinds of procedural ones found."""
    kept, kinds = [], []
    for clause in _CLAUSE.findall(core):
        kind = procedural_kind(clause)
        if kind is None:
            kept.append(clause)
        else:
            kinds.append(kind)
    return ",".join(kept), kinds


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


_KIND_REASON = {
    "ack": "只表示留言已收悉",
    "forward": "只说明已转交或将转交其他单位处理",
    "redirect": "只建议向其他部门咨询或反映",
    "not_ours": "只说明不属本单位职责",
    "answered": "只说明已另行答复",
}


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

    def _substance_flag(self, subject: str, substance: str, kinds: list[str]) -> tuple[str, str] | None:
        """At most one of no_answer, vague, too_short: what is wrong with the substance of the reply, if anything."""
        subject = clean(subject)
        if _PRAISE.search(subject) and not _REQUEST.search(subject):
            return None  # a message of thanks needs no more than thanks back
        size = len(substance.replace(",", ""))
        specific = any(p.search(substance) for p in (_MEASURE, _RULE, _REASON, _FINDING, _DECISION, _TIME))
        if size < MIN_SUBSTANCE / 2 or (size < MIN_SUBSTANCE and not specific):
            said = [_KIND_REASON[k] for k in dict.fromkeys(kinds) if k in _KIND_REASON]
            return "no_answer", f"{'、'.join(said) if said else '只有问候和套话'}，未对留言事项作实质答复"
        if size < VAGUE_MAX and not specific and _PROMISE.search(substance):
            return "vague", "只有表态或承诺（如“高度重视”“将认真研究”），没有核查结果、措施、时间或政策依据"
        if size < self.min_core and not specific:
            return "too_short", f"去掉问候、套话和转办说明后只剩{size}字，看不出答复了什么"
        if size < REFUSAL_MAX and _REFUSAL.search(substance) and not any(
            p.search(substance) for p in (_REASON, _RULE, _FINDING)
        ):
            return "vague", "拒绝了诉求但未说明理由或依据"
        return None

    def check(self, subject: str, body: str, reply: str) -> ReplyCheck:
        core = reply_core(reply, subject)
        substance, kinds = substance_of(core)
        if not kinds and _ACK.search(clean(reply)):
            kinds = ["ack"]  # the acknowledgement was part of the greeting cut above
        size = len(substance.replace(",", ""))
        flags: list[str] = []
        reasons: dict[str, str] = {}
        notes: dict[str, str] = {}

        def flag(name: str, reason: str) -> None:
            flags.append(name)
            reasons[name] = reason

        overlap = subject_overlap(subject, core)
        found = self._substance_flag(subject, substance, kinds)
        if found:
            flag(*found)

        template = self._templates.query(template_form(reply), k=1, min_score=self.template_threshold)
        if template and overlap < BOILERPLATE_MAX_OVERLAP:
            n = self._template_sizes.get(template[0][0])
            count = f"与另外{n - 1}条答复" if n else "与已知模板答复"
            similarity = template[0][1]
            flag("boilerplate", f"{count}几乎相同（相似度{similarity:.2f}），未涉及本留言的具体情况，是模板式答复")

        if size >= self.min_core and overlap == 0 and body_overlap(body, core) < 0.05:
            foreign = foreign_entities(subject, body, substance)
            if foreign:
                flag("off_subject", f"答复谈的是“{foreign[0]}”，留言中没有提到；与留言内容几乎没有重合，可能答非所问")

        # Notes: weaker signals, shown but not counted as flags.
        explained = _QUESTION.search(clean(subject)) is not None and (
            _RULE.search(substance) is not None or size >= 80
        )
        reasoned = any(p.search(substance) for p in (_RULE, _REASON, _FINDING))
        if "no_answer" not in flags:
            if not _MEASURE.search(substance) and not explained and not reasoned:
                notes["no_measure"] = "未提出具体措施（如已责令、已安排、已协调、整改、维修、退还、将于……）"
            if not _TIME.search(substance) and not explained and not reasoned:
                notes["no_time"] = "未给出处理时间或期限"
        if not [m for m in _BODY.finditer(core) if not _VAGUE_BODY.search(m.group(0))]:
            notes["no_body"] = "未指明负责处理的单位（“相关部门”不算）"

        order = list(PENALTY)
        flags.sort(key=order.index)
        penalty = sum(PENALTY[f] for f in flags) + sum(NOTE_PENALTY[n] for n in notes)
        score = max(0.0, 1.0 - penalty)
        return ReplyCheck(
            flags, {f: reasons[f] for f in flags}, round(score, 3), round(overlap, 3), core, notes, substance
        )


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


def foreign_entities(subject: str, body: str, text: str) -> list[str]:
    """Named places or organisations (…小区, …学校, …公司, …工地) in ``text`` that the message does not mention.

    Empty when ``text`` also names any of the message's own, or names none at all: a reply naming nothing
    specific is not evidence of a different matter.
    """
    message_bigrams = char_bigrams(clean(subject) + clean(body))
    text_bigrams = char_bigrams(text)
    asked = [m.group(1) for m in _ENTITY.finditer(clean(subject)) if not _GENERIC_NAME.search(m.group(1))]
    if not asked or any(char_bigrams(name) & text_bigrams for name in asked):
        return []  # the subject names nothing specific, or the reply names it
    found = [m for m in _REPLY_ENTITY.finditer(text) if not _GENERIC_NAME.search(m.group(1))]
    if len(found) < 2 or any(char_bigrams(m.group(1)) & message_bigrams for m in found):
        return []  # one stray name is not enough to say the reply is about something else
    return [m.group(0) for m in found]
