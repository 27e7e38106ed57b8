"""Hot issues: groups of messages about the same concrete problem, found one message at a time.

A hot issue is "the mixing plant next to 丽发新城", not "noise": what makes messages one issue is a shared
concrete thing (an estate, a school, a company) and a shared complaint. So a message is compared on three
views, each a TF-IDF cosine over character n-grams (``SimilarityIndex``, no segmenter):

* its subject (weight ``subject_weight``): people name the problem there;
* the opening of its body (``body_weight``): the details, and the names a short subject leaves out;
* its anchors (``anchor_weight``): names of estates, schools, companies and the like pulled out with patterns,
  so that "车位捆绑违规销售", whose body names 伊景园滨河苑, still meets the other 伊景园 messages.

The three cosines, weighted and divided by the norm of the views a message has, are an inner product of unit
vectors, so the similarity of a message to a cluster's centroid (the sum of its members' unit vectors) is exact
and cheap: the sum of the message's similarities to the members, over the centroid's norm, which is kept up to
date as members join. Clustering is single-pass leader clustering in time order: a message joins the most similar
cluster if that similarity reaches ``threshold``, else it opens a cluster. New messages are added the same way,
one at a time. ``consolidate`` (run by ``build`` and whenever the caller likes, e.g. nightly) gives singletons a
second chance against clusters that formed after them and merges clusters whose centroids have become close;
everything is deterministic (ties broken by arrival order, no randomness).

The idf of the three views is fixed when the finder is built (from the messages given to ``build``) so that
stored similarities stay valid; rebuild it from the database now and then to take in a changing vocabulary.

What the finder proposes is a list for a liaison officer to read: the title is one member's own subject, and
escalating a cluster to a suggestion draft is always a person's decision.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from .similar import SimilarityIndex
from .textutil import clean

# -- anchors -------------------------------------------------------------------------------------------------------

_NAME = r"[\u4e00-\u9fffa-z0-9·]"
_SUFFIX = (
    r"小区|花园|家园|新城|新村|公寓|大厦|广场|华府|府邸|山庄|名城|华庭|公馆|别墅|国际(?=社区|小区)|苑|城(?![市区乡管镇])"
    r"|庭(?!院)|湾(?!区)|郡|园(?![区林])"
    r"|职业技术学院|职业学院|学院|大学|中学|小学|幼儿园|学校|驾校|医院|集团|股份有限公司|有限责任公司|有限公司|公司|物业|酒店|银行|市场|工厂|搅拌站|搅拌厂"
)
_ANCHOR = re.compile(rf"({_NAME}{{1,10}}?)({_SUFFIX})")
# Everything up to the last of these is not part of a name: places, roads, verbs, function words.
_NOT_NAME = re.compile(
    r".*(?:[a-l]\d{0,2}[市区县]|[市县区镇乡村组省]|街道|社区|路|大道|街|巷|投诉|反映|举报|关于|咨询|请求|建议|要求|希望|请问|求助"
    r"|的|在|和|与|及|对|是|了|被|把|将|给|向|从|到|为|由|于|属|但|而|且|就|都|也|还|又|已|我们|他们|你们|我家|我|该|本|这个"
    r"|这|那|此|其|个|所|两家|贵|各|附近|旁边|旁|周边|对面|门口|楼下|业主|居民|位于|地处|座落|就读|选择|入住|购买|买了|商品房"
    r"|开设|设立|修建|新建|建|进出|期|栋|号|导致|影响|严重|目前|现在|现|有|他|老|调整|改变|造成|单方面|经过|占用|破坏|读|上|找|跟|交"
    r"|根据|原|新|大型|特大型)"
)
_ESTATE_END = ("城", "苑", "园", "湾", "庭", "郡", "村", "国际", "华府", "府邸", "山庄", "名城", "公馆")
_GENERIC = frozenset(
    (
        "物业", "公司", "学校", "花园", "广场", "市场", "医院", "集团",
        "学院", "大学", "中学", "小学", "幼儿园", "驾校", "银行", "酒店",
        "大厦", "公寓", "别墅", "新村", "校园", "公园", "乐园", "家园",
        "新城", "中小学", "物业公司", "有限公司", "责任公司", "分公司", "总公司", "子公司",
        "搅拌站", "搅拌厂", "自来水公司", "配套幼儿园", "配套小学", "公立幼儿园", "公办幼儿园", "普惠性幼儿园",
        "管理有限公司", "服务有限公司", "股份有限公司", "工程有限公司", "开发有限公司",
        "置业有限公司", "开发公司", "建设开发公司",
        "管理公司", "安置小区", "住宅小区", "老旧小区", "菜市场", "农贸市场", "民办学校", "大医院",
        "人民医院", "中心医院", "综合医院", "专科医院", "商业银行", "家庭", "普通家庭", "贫困家庭",
        "工业园", "开发商物业", "国际城",
    )
)
_PLACE = re.compile(r"[a-l]\d{1,2}[区县市]|[a-l]市")
_LEAD = re.compile(r"^(?:投诉|反映|举报|关于|咨询|请求|建议|要求|希望|请问|求助|强烈要求|恳请|请|质疑|再次)+")
_TAIL = re.compile(r"[?？!！。,，.、;；:：\s]+$")


def anchors(text: str) -> list[str]:
    """Names of concrete things (estates, schools, companies, ...) in a cleaned text, in order of appearance.

    A pattern finds a name-like run ending in a suffix such as 小区, 苑, 学院 or 公司; everything up to the last
    place code, road, verb or function word before it is cut off, and generic words (小区, 物业公司) are dropped.
    "丽发新城小区" and "丽发新城" give the same anchor. It is a heuristic with misses and some noise; idf gives
    the noise (common pseudo-names) little weight.
    """
    found = []
    for match in _ANCHOR.finditer(text):
        name = match.group(1)
        cut = _NOT_NAME.match(name)
        if cut:
            name = name[cut.end() :]
        whole = name + match.group(2)
        if whole.endswith("小区") and whole[:-2].endswith(_ESTATE_END) and len(whole) >= 5:
            whole = whole[:-2]
        too_short = len(whole) < 3 or (whole.endswith("有限公司") and len(whole) < 7)
        if too_short or whole in _GENERIC or whole.startswith("限"):
            continue
        found.append(whole)
    return found


def place_of(subject: str, body: str) -> str | None:
    """The most specific masked place code a message names (A3区 over A市), subject first."""
    for text in (subject, body):
        codes = _PLACE.findall(text)
        district = [c for c in codes if not c.endswith("市") or len(c) > 2]
        if district:
            return district[0].upper()
        if codes:
            return codes[0].upper()
    return None


# -- the finder ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotIssueParams:
    """Weights and thresholds; the defaults were chosen by reading the clusters of the board's 4,326 messages."""

    subject_weight: float = 0.45
    body_weight: float = 0.35
    anchor_weight: float = 0.20
    threshold: float = 0.30  # similarity to a cluster's centroid needed to join it
    merge_threshold: float = 0.45  # centroid cosine at which consolidate() merges two clusters
    body_chars: int = 300
    half_life_days: float = 30.0
    recency_floor: float = 0.2
    title_chars: int = 20


@dataclass
class _Message:
    key: object
    subject: str  # as written (for titles)
    text_subject: str
    text_body: str
    text_anchors: str
    anchors: tuple[str, ...]
    subject_anchors: tuple[str, ...]
    when: datetime
    likes: int
    dislikes: int
    place: str | None
    user: str | None
    norm: float  # sqrt of the summed weights of the views the message has


@dataclass
class HotIssue:
    """One proposed hot issue; ``members`` are keys, oldest first."""

    title: str
    size: int
    heat: float
    first: datetime
    last: datetime
    places: list[str]
    users: int
    likes: int
    anchors: list[str]
    members: list = field(default_factory=list)


class HotIssueFinder:
    """Incremental clustering of messages into hot issues (see the module docstring)."""

    def __init__(self, params: HotIssueParams | None = None, idf_texts: Iterable[tuple[str, str]] | None = None):
        """``idf_texts``: (subject, body) pairs to take idf from, typically the messages of the last year."""
        self.params = params or HotIssueParams()
        # max_df_ratio=1: no postings skipped, so that a message's similarity to itself is exactly 1.
        # The idf is fixed (refresh_ratio=inf; seeded by idf_texts or uniform) so centroid norms stay valid.
        self._views = {
            name: SimilarityIndex(max_chars=600, max_df_ratio=1.0, refresh_ratio=math.inf) for name in ("s", "b", "a")
        }
        self._messages: list[_Message] = []
        self._norms = np.zeros(0)
        self._positions: dict = {}
        self._labels: list[int] = []
        self._members: list[list[int]] = []  # cluster id -> message positions; empty once merged away
        self._norm2: list[float] = []  # squared norm of each cluster's centroid
        if idf_texts is not None:
            self._seed_idf(idf_texts)

    # -- building ------------------------------------------------------------------------------------------------

    @classmethod
    def build(cls, messages: Iterable[dict], params: HotIssueParams | None = None) -> "HotIssueFinder":
        """Cluster a batch: idf from all of them, messages added in time order, then ``consolidate``.

        Each message is a dict with the keyword arguments of ``add``.
        """
        messages = sorted(messages, key=lambda m: (m["when"], str(m["key"])))
        finder = cls(params, idf_texts=[(m["subject"], m.get("body", "")) for m in messages])
        for message in messages:
            finder.add(**message)
        finder.consolidate()
        return finder

    def _views_of(self, subject: str, body: str) -> tuple[str, str, str, tuple[str, ...]]:
        s, b = clean(subject), clean(body)[: self.params.body_chars]
        names = tuple(dict.fromkeys(anchors(s) + anchors(b)))
        return s, b, "|".join(names), names

    def _seed_idf(self, texts: Iterable[tuple[str, str]]) -> None:
        views = [self._views_of(subject, body) for subject, body in texts]
        for i, name in enumerate(("s", "b", "a")):
            self._views[name].fit_idf(v[i] for v in views)

    def add(
        self,
        key,
        subject: str,
        body: str = "",
        when: datetime | None = None,
        likes: int = 0,
        place: str | None = None,
        user: str | None = None,
        dislikes: int = 0,
    ) -> int:
        """Add one message and return the id of the cluster it joined or opened."""
        p = self.params
        s, b, a, names = self._views_of(subject, body)
        weights = (p.subject_weight * bool(s), p.body_weight * bool(b), p.anchor_weight * bool(a))
        norm = math.sqrt(sum(weights)) or 1.0
        message = _Message(
            key=key,
            subject=subject.strip(),
            text_subject=s,
            text_body=b,
            text_anchors=a,
            anchors=names,
            subject_anchors=tuple(anchors(s)),
            when=when or datetime.min,
            likes=int(likes or 0),
            dislikes=int(dislikes or 0),
            place=place or place_of(s, b),
            user=user,
            norm=norm,
        )
        sims = self._similarities(message)
        position = len(self._messages)
        self._messages.append(message)
        self._positions[key] = position
        if position >= len(self._norms):
            self._norms = np.concatenate([self._norms, np.ones(max(256, len(self._norms)))])
        self._norms[position] = norm
        for name, text in (("s", s), ("b", b), ("a", a)):
            self._views[name].add(position, text)
        cluster, dot = self._best_cluster(sims)
        if cluster is None:
            cluster = len(self._members)
            self._members.append([])
            self._norm2.append(0.0)
            dot = 0.0
        self._members[cluster].append(position)
        self._labels.append(cluster)
        self._norm2[cluster] += 2.0 * dot + 1.0
        return cluster

    def _similarities(self, message: _Message) -> np.ndarray:
        """Similarity of a message to every stored message (the weighted, normalised sum of the three cosines)."""
        n = len(self._messages)
        p = self.params
        total = np.zeros(n)
        for name, text, weight in (
            ("s", message.text_subject, p.subject_weight),
            ("b", message.text_body, p.body_weight),
            ("a", message.text_anchors, p.anchor_weight),
        ):
            if text and n:
                total += weight * self._views[name].scores(text)[:n]
        return total / (message.norm * self._norms[:n]) if n else total

    def _cluster_dots(self, sims: np.ndarray) -> np.ndarray:
        return np.bincount(np.asarray(self._labels, dtype=np.int64), weights=sims, minlength=len(self._members))

    def _best_cluster(self, sims: np.ndarray, exclude: int | None = None) -> tuple[int | None, float]:
        if not len(sims):
            return None, 0.0
        dots = self._cluster_dots(sims)
        norms = np.sqrt(np.maximum(np.asarray(self._norm2), 1e-12))
        centroid_sims = np.where(np.asarray(self._norm2) > 0, dots / norms, 0.0)
        if exclude is not None:
            centroid_sims[exclude] = -1.0
        best = int(np.argmax(centroid_sims))  # first maximum: the oldest cluster wins a tie
        if centroid_sims[best] < self.params.threshold:
            return None, 0.0
        return best, float(dots[best])

    # -- consolidation -------------------------------------------------------------------------------------------

    def consolidate(self) -> None:
        """Give singletons a second chance and merge clusters whose centroids are close.

        Singletons are tried in time order against all other clusters (a cluster may have formed after them);
        then pairs of clusters with a centroid cosine of at least ``merge_threshold`` are merged, repeatedly.
        """
        for cluster in range(len(self._members)):
            if len(self._members[cluster]) != 1:
                continue
            position = self._members[cluster][0]
            sims = self._similarities(self._messages[position]).copy()
            sims[position] = 0.0
            target, dot = self._best_cluster(sims, exclude=cluster)
            if target is not None:
                self._move(position, cluster, target, dot)
        cache: dict[int, np.ndarray] = {}  # similarity vectors of clustered messages, for this call only
        while self._merge_once(cache):
            pass

    def _move(self, position: int, source: int, target: int, dot: float) -> None:
        self._members[source].remove(position)
        self._norm2[source] = 0.0
        self._members[target].append(position)
        self._members[target].sort()
        self._labels[position] = target
        self._norm2[target] += 2.0 * dot + 1.0

    def _merge_once(self, cache: dict[int, np.ndarray]) -> bool:
        """Merge every pair of multi-member clusters above ``merge_threshold`` (greedy, best pair first)."""
        big = [c for c, members in enumerate(self._members) if len(members) >= 2]
        if len(big) < 2:
            return False
        to_big = np.full(len(self._members), -1, dtype=np.int64)
        to_big[big] = np.arange(len(big))
        mapped = to_big[np.asarray(self._labels, dtype=np.int64)]
        in_big = mapped >= 0
        cross = np.zeros((len(big), len(big)))
        for i, c in enumerate(big):
            for position in self._members[c]:
                if position not in cache:
                    cache[position] = self._similarities(self._messages[position]).astype(np.float32)
                sims = cache[position]
                cross[i] += np.bincount(mapped[in_big], weights=sims[in_big], minlength=len(big))
        norms = np.sqrt(np.diag(cross))
        cosine = cross / np.outer(norms, norms)
        np.fill_diagonal(cosine, 0.0)
        above = zip(*np.nonzero(np.triu(cosine) >= self.params.merge_threshold), strict=True)
        pairs = sorted(((cosine[i, j], i, j) for i, j in above), key=lambda t: (-t[0], t[1], t[2]))
        used: set[int] = set()
        merged = False
        for _, i, j in pairs:
            if i in used or j in used:
                continue
            used.update((i, j))
            a, b = big[i], big[j]
            for position in self._members[b]:
                self._labels[position] = a
            self._members[a] = sorted(self._members[a] + self._members[b])
            self._members[b] = []
            self._norm2[a] = float(cross[i, i] + cross[j, j] + 2 * cross[i, j])
            self._norm2[b] = 0.0
            merged = True
        return merged

    # -- reading ---------------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._messages)

    def cluster_of(self, key) -> list:
        """Keys of the cluster a message is in (itself included)."""
        position = self._positions[key]
        return [self._messages[p].key for p in self._members[self._labels[position]]]

    def clusters(self, min_size: int = 2, top: int | None = 10, now: datetime | None = None) -> list[HotIssue]:
        """The hottest clusters with at least ``min_size`` messages, hottest first.

        ``now`` is the reference date of recency; by default the newest message's date, so that the same data
        always gives the same answer.
        """
        if now is None:
            now = max((m.when for m in self._messages), default=datetime.min)
        ranked = sorted(
            (members for members in self._members if len(members) >= min_size),
            key=lambda members: (-self.heat(members, now), -len(members), members[0]),
        )
        return [self._describe(members, now) for members in (ranked if top is None else ranked[:top])]

    def heat(self, members: list[int], now: datetime) -> float:
        """heat = Σ recency × engagement, × spread over users and places.

        recency = floor + (1 − floor) × 0.5 ** (age in days / half_life_days), floor = ``recency_floor``: an
        unresolved issue of last season still counts, a fresh one counts more;
        engagement = 1 + ln(1 + max(likes − dislikes, 0)) (a thousand likes count about as eight messages);
        users factor = 0.5 + 0.5 × distinct users / size (ten messages from one person count about as five);
        places factor = 1 + 0.2 × (distinct places − 1). Messages without a user count as distinct users.
        """
        half_life = self.params.half_life_days
        total = 0.0
        users, places = set(), set()
        for position in members:
            m = self._messages[position]
            age = max((now - m.when).total_seconds() / 86400.0, 0.0) if m.when != datetime.min else 0.0
            recency = self.params.recency_floor + (1.0 - self.params.recency_floor) * 0.5 ** (age / half_life)
            total += recency * (1.0 + math.log1p(max(m.likes - m.dislikes, 0)))
            users.add(m.user if m.user is not None else ("anon", position))
            if m.place:
                places.add(m.place)
        spread_users = 0.5 + 0.5 * len(users) / len(members)
        spread_places = 1.0 + 0.2 * max(len(places) - 1, 0)
        return total * spread_users * spread_places

    def _describe(self, members: list[int], now: datetime) -> HotIssue:
        messages = [self._messages[p] for p in members]
        anchor_counts = Counter(a for m in messages for a in m.anchors)
        subject_counts = Counter(a for m in messages for a in set(m.subject_anchors))
        places = Counter(m.place for m in messages if m.place)
        times = [m.when for m in messages]
        return HotIssue(
            title=self._title(members, subject_counts, places),
            size=len(members),
            heat=round(self.heat(members, now), 3),
            first=min(times),
            last=max(times),
            places=[p for p, _ in places.most_common()],
            users=len({m.user if m.user is not None else ("anon", i) for i, m in enumerate(messages)}),
            likes=sum(m.likes for m in messages),
            anchors=[a for a, n in anchor_counts.most_common(3) if n >= 2],
            members=[m.key for m in sorted(messages, key=lambda m: (m.when, str(m.key)))],
        )

    def _title(self, members: list[int], anchor_counts: Counter, places: Counter) -> str:
        """The subject of the member closest to the centroid, without opening verbs, led by the main anchor.

        ``anchor_counts`` counts anchors found in the members' subjects (those in bodies are noisier).

        A member's own subject reads as a person wrote it and can be checked against the list, which a title
        stitched from frequent n-grams cannot; the most common anchor (and place) is put in front when the subject
        lacks it, so the title names the concrete thing.
        """
        member_set = set(members)
        best, best_score = members[0], -1.0
        for position in members:
            sims = self._similarities(self._messages[position])
            score = float(sum(sims[q] for q in member_set))
            if score > best_score + 1e-12:
                best, best_score = position, score
        title = _TAIL.sub("", _LEAD.sub("", self._messages[best].subject))
        limit = self.params.title_chars
        if anchor_counts:
            anchor, count = anchor_counts.most_common(1)[0]
            if count >= max(2, len(members) / 2) and anchor not in clean(title):
                place = places.most_common(1)[0][0] if places else ""
                prefix = anchor if not place or place.lower() in clean(title) else place + anchor
                title = f"{prefix} {title}"
        return title if len(title) <= limit else title[: limit - 1] + "…"
