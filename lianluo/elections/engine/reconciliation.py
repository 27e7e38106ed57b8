"""Checking a polling station's figures before they are added up: what the count sheet itself must satisfy.

A station's report gives the ballots issued (发出) and returned (收回), the void ones and the "for" votes per name.
Returned ballots are the ballots cast; more of them than people who voted voids the whole count (选举法 Art 44 ¶1,
decided in ``validity``), so it is shown, not refused. What cannot be true of any sound count is refused here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Sheet:
    seats: int
    voters_voted: int
    ballots_issued: int
    ballots_cast: int
    ballots_invalid: int
    votes: Mapping[str, int]


def problems(sheet: Sheet) -> dict[str, str]:
    """Field -> what is wrong, empty when the sheet holds together."""
    errors = {}
    if sheet.ballots_cast > sheet.ballots_issued:
        errors["ballots_cast"] = f"收回的选票（{sheet.ballots_cast}）不能多于发出的选票（{sheet.ballots_issued}）"
    if sheet.ballots_invalid > sheet.ballots_cast:
        errors["ballots_invalid"] = f"无效票（{sheet.ballots_invalid}）不能多于收回的选票（{sheet.ballots_cast}）"
    valid = sheet.ballots_cast - sheet.ballots_invalid
    for name, count in sheet.votes.items():
        if count < 0:
            errors["votes"] = f"{name}的得票不能为负数"
        elif count > valid:
            errors["votes"] = f"{name}的得票（{count}）不能多于有效票（{max(valid, 0)}）"
    if "votes" not in errors and sum(sheet.votes.values()) > max(valid, 0) * sheet.seats:
        errors["votes"] = (f"得票合计（{sum(sheet.votes.values())}）超过有效票数乘以应选名额"
                           f"（{max(valid, 0)} × {sheet.seats}）：每张有效选票最多赞成 {sheet.seats} 人"
                           "（选举法第四十四条）")
    return errors


def warnings(sheet: Sheet) -> list[str]:
    """What a counting team should look at again, without refusing the sheet."""
    notes = []
    if sheet.ballots_cast > sheet.voters_voted:
        notes.append("收回的选票多于参加投票的人数：本选区选举无效（选举法第四十四条第一款）")
    if sheet.voters_voted > sheet.ballots_issued:
        notes.append("参加投票的人数多于发出的选票")
    return notes
