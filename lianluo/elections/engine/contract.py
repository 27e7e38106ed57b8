"""The JSON of ``lianluo elections tally`` (contracts/election-tally.md), in and out.

Input errors name the field (``seats``, ``ballots[3].for[0]``) and say what is wrong in Chinese; nothing is
decided from input that does not parse. Decisions are left to ``tally``: a count that is void in law is valid
input with a decision of "void", while input that cannot describe a count (more voters than the electorate, a
name twice on the candidate list) is an error.

Choices where the contract is silent: other top-level keys are ignored (an export may carry the constituency's
name or the machine's id); a ballot may also list "abstain" names, which count for nothing; any other key on a
ballot is an error, so that a misspelt "for" cannot turn a ballot blank unnoticed.
"""

from __future__ import annotations

import json

from lianluo.elections.engine.ratios import Method
from lianluo.elections.engine.tally import Ballot, Count, Decision, Round

BALLOT_KEYS = frozenset({"for", "against", "abstain"})


class ContractError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}：{message}")
        self.field = field


def loads(text: str) -> Count:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ContractError("FILE", f"不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）") from None
    return parse(data)


def _integer(data: dict, name: str, *, minimum: int) -> int:
    if name not in data:
        raise ContractError(name, "缺少此项")
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContractError(name, f"应为整数，收到 {json.dumps(value, ensure_ascii=False)}")
    if value < minimum:
        raise ContractError(name, f"不能小于 {minimum}，收到 {value}")
    return value


def _choice(data: dict, name: str, enum) -> str:
    if name not in data:
        raise ContractError(name, "缺少此项")
    value = data[name]
    allowed = [member.value for member in enum]
    if value not in allowed:
        raise ContractError(name, f"应为 {' 或 '.join(json.dumps(a) for a in allowed)}，"
                                  f"收到 {json.dumps(value, ensure_ascii=False)}")
    return value


def _names(value, field: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ContractError(field, "应为姓名列表")
    for index, name in enumerate(value):
        if not isinstance(name, str) or not name.strip():
            raise ContractError(f"{field}[{index}]", "应为非空的姓名")
    return tuple(value)


def parse(data) -> Count:
    """A ``Count`` from the contract's input object."""
    if not isinstance(data, dict):
        raise ContractError("FILE", "应为一个 JSON 对象")
    method = Method(_choice(data, "method", Method))
    round_ = Round(_choice(data, "round", Round))
    seats = _integer(data, "seats", minimum=1)
    electorate = _integer(data, "electorate", minimum=1)
    voters_voted = _integer(data, "voters_voted", minimum=0)
    if voters_voted > electorate:
        raise ContractError("voters_voted", f"参加投票的人数（{voters_voted}）不能多于 electorate（{electorate}）")
    if "candidates" not in data:
        raise ContractError("candidates", "缺少此项")
    candidates = _names(data["candidates"], "candidates")
    if not candidates:
        raise ContractError("candidates", "正式候选人名单不能为空")
    seen = set()
    for index, name in enumerate(candidates):
        if name in seen:
            raise ContractError(f"candidates[{index}]", f"候选人“{name}”重复")
        seen.add(name)
    if "ballots" not in data:
        raise ContractError("ballots", "缺少此项")
    if not isinstance(data["ballots"], list):
        raise ContractError("ballots", "应为选票列表")
    ballots = []
    for index, raw in enumerate(data["ballots"]):
        field = f"ballots[{index}]"
        if not isinstance(raw, dict):
            raise ContractError(field, "每张选票应为一个 JSON 对象，空白票为 {}")
        unknown = sorted(set(raw) - BALLOT_KEYS)
        if unknown:
            raise ContractError(f"{field}.{unknown[0]}", "不认识的选票项（可用 for、against、abstain）")
        marks = {key: _names(raw.get(key, []), f"{field}.{key}") for key in BALLOT_KEYS}
        ballots.append(Ballot(for_=marks["for"], against=marks["against"]))
    return Count(method=method, round=round_, seats=seats, electorate=electorate, voters_voted=voters_voted,
                 candidates=candidates, ballots=tuple(ballots))


def as_json(decision: Decision) -> dict:
    """The contract's output object, keys in the contract's order."""
    proposal = decision.runoff
    return {
        "valid": decision.valid,
        "void_reasons": list(decision.void_reasons),
        "ballots_cast": decision.ballots_cast,
        "ballots_invalid": decision.ballots_invalid,
        "ballots_valid": decision.ballots_valid,
        "threshold": decision.threshold,
        "votes": dict(decision.votes),
        "elected": list(decision.elected),
        "tied": list(decision.tied),
        "unfilled_seats": decision.unfilled_seats,
        "runoff": None if proposal is None else {
            "seats": proposal.seats, "order": list(proposal.order),
            "candidates_min": proposal.candidates_min, "candidates_max": proposal.candidates_max},
    }


def dumps(decision: Decision) -> str:
    return json.dumps(as_json(decision), ensure_ascii=False, indent=2)
