"""Every change to an election: atomic, row-locked where two people can act at once, with an ``ElectionEvent``
and an audit row. The law is the engine's (``lianluo.elections.engine``); these functions apply it to stored rows.

Election status: 筹备中 (preparing) → 投票计票 (voting: from the first tally keyed in) → 选举结束 (closed: every
constituency has a published result that fills all its seats). A published ``Result`` is never changed; a
correction publishes a new one that names it, with the reason.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lianluo.core.audit import audit_record
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.fields import blind_index
from lianluo.core.validators import id_number_is_valid
from lianluo.deputies.ordering import strokes_key
from lianluo.deputies.roster_io import RosterFileError, RowError, cell_text, sheet_rows
from lianluo.elections import permissions, selectors
from lianluo.elections.engine import contract, eligibility, ratios, reconciliation, timetable
from lianluo.elections.engine.contract import as_json
from lianluo.elections.engine.tally import count_votes, decide_totals
from lianluo.elections.models import (
    Candidate,
    Constituency,
    Election,
    ElectionEvent,
    ElectionStatus,
    PollingStation,
    Proxy,
    Result,
    RollObjection,
    Round,
    StationTally,
    Voter,
)
from lianluo.regions.models import Level, Region

MIN_COSIGNERS = 10  # 选举法 Art 30: 10 or more voters jointly


def _require(actor, election: Election) -> None:
    if not permissions.can_manage(actor, election):
        raise PermissionDeniedError("无权管理该选举。")


def _event(election: Election, action: str, actor, *, constituency: Constituency | None = None, note: str = "",
           data: dict | None = None, obj=None) -> None:
    ElectionEvent.objects.create(election=election, constituency=constituency, actor=actor, action=action,
                                 note=note, data=data or {})
    audit_record(action=f"election.{action}", actor=actor, obj=obj or constituency or election,
                 summary={"election": election.pk, **(data or {})})


def _lock_election(election: Election) -> Election:
    return Election.objects.select_for_update().get(pk=election.pk)


def _lock_constituency(constituency: Constituency) -> Constituency:
    return Constituency.objects.select_for_update(of=("self",)).select_related("election").get(pk=constituency.pk)


# ---------------------------------------------------------------- the election and its timetable


def election_create(*, actor, region: Region, title: str, election_day: datetime.date, committee: str,
                    by_election: bool = False) -> Election:
    """A direct election of a county or township congress's deputies (选举法 Art 3: 县、乡两级直接选举)."""
    errors = {}
    if region.level not in (Level.COUNTY, Level.TOWNSHIP):
        errors["region"] = "直接选举代表的是县、乡两级人民代表大会（选举法第三条）"
    if not (title or "").strip():
        errors["title"] = "请填写选举名称"
    if not (committee or "").strip():
        errors["committee"] = "请填写主持选举的选举委员会"
    if errors:
        raise ValidationError(errors)
    if not permissions.can_manage_in(actor, region.code):
        raise PermissionDeniedError("无权在该地区组织选举。")
    with transaction.atomic():
        election = Election.objects.create(region=region, title=title.strip(), election_day=election_day,
                                           committee=committee.strip(), by_election=by_election)
        _event(election, "create", actor, data={"election_day": election_day.isoformat(),
                                                 "by_election": by_election})
    return election


PUBLICATIONS = {"roll": "roll_published_on", "candidates": "candidates_published_on",
                "formal": "formal_published_on"}


def election_record_publication(*, election: Election, step: str, day: datetime.date, actor) -> Election:
    """Record that the committee published the roll (选举法 Art 28), the list of candidates or the formal list
    (Art 32). A late publication is recorded as it happened and shown as late; it is not refused, because the
    record must say what was done."""
    if step not in PUBLICATIONS:
        raise ValidationError({"step": "未知的公布事项"})
    _require(actor, election)
    with transaction.atomic():
        locked = _lock_election(election)
        if day > locked.election_day:
            raise ValidationError({"day": "公布日期不能晚于选举日"})
        setattr(locked, PUBLICATIONS[step], day)
        locked.save(update_fields=[PUBLICATIONS[step], "updated_at"])
        late = next(s for s in timetable_of(locked) if s.key == step).state(day) == timetable.State.LATE
        _event(locked, f"publish_{step}", actor, data={"day": day.isoformat(), "late": late})
    return locked


def timetable_of(election: Election) -> list[timetable.Step]:
    return timetable.steps(election.election_day, roll_published=election.roll_published_on,
                           candidates_published=election.candidates_published_on,
                           formal_published=election.formal_published_on)


# ---------------------------------------------------------------- constituencies and polling stations


def constituency_add(*, election: Election, number: int, name: str, seats: int, actor, area: str = "") -> Constituency:
    """A constituency elects 1 to 3 deputies (选举法 Art 25; RULES.md A11)."""
    errors = {}
    if not 1 <= seats <= 3:
        errors["seats"] = "每一选区选一名至三名代表（选举法第二十五条）"
    if not (name or "").strip():
        errors["name"] = "请填写选区名称"
    if errors:
        raise ValidationError(errors)
    _require(actor, election)
    with transaction.atomic():
        locked = _lock_election(election)
        if locked.status == ElectionStatus.CLOSED:
            raise ServiceError("选举已经结束，不能再增加选区。")
        if locked.constituencies.filter(number=number).exists():
            raise ValidationError({"number": f"第{number}选区已存在"})
        constituency = Constituency.objects.create(election=locked, number=number, name=name.strip(), seats=seats,
                                                   area=(area or "").strip())
        _event(locked, "constituency_add", actor, constituency=constituency, data={"seats": seats})
    return constituency


def station_add(*, constituency: Constituency, name: str, actor, mobile: bool = False) -> PollingStation:
    """A polling station, or a mobile ballot box for the sick, the immobile and scattered voters (选举法 Art 38)."""
    if not (name or "").strip():
        raise ValidationError({"name": "请填写投票站名称"})
    _require(actor, constituency.election)
    with transaction.atomic():
        station = PollingStation.objects.create(constituency=constituency, name=name.strip(), mobile=mobile)
        _event(constituency.election, "station_add", actor, constituency=constituency, obj=station,
               data={"mobile": mobile})
    return station


# ---------------------------------------------------------------- the voter roll


def birth_date_of(id_number: str) -> datetime.date:
    """The birth date in a GB 11643 identity number (digits 7–14)."""
    return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def voter_register(*, constituency: Constituency, name: str, id_number: str, actor,
                   person: eligibility.Person | None = None) -> Voter:
    """Register one voter in a constituency: 18 on or before election day, not deprived of political rights and
    the rest of ``engine.eligibility`` (选举法 Arts 4, 27); once per person per election (Art 5; RULES.md A3)."""
    election = constituency.election
    id_number = (id_number or "").strip().upper()
    errors = {}
    if not (name or "").strip():
        errors["name"] = "请填写姓名"
    if not id_number_is_valid(id_number):
        errors["id_number"] = "身份证号码格式或校验位不正确"
    if errors:
        raise ValidationError(errors)
    born = birth_date_of(id_number)
    verdict = eligibility.check(person or eligibility.Person(born), election.election_day)
    if not verdict.eligible:
        raise ValidationError({"id_number": "不能登记为选民：" + "；".join(verdict.labels)})
    _require(actor, election)
    index = blind_index(id_number, purpose="voter")
    with transaction.atomic():
        existing = Voter.objects.filter(election=election, id_number_index=index).select_related("constituency")
        if (found := existing.first()) is not None:
            raise ValidationError({"id_number": f"该公民已在本次选举中登记（{found.constituency}），每人只能登记一次"
                                                "（选举法第五条）"})
        try:
            with transaction.atomic():
                voter = Voter.objects.create(election=election, constituency=constituency, name=name.strip(),
                                             id_number=id_number, id_number_index=index, birth_date=born)
        except IntegrityError:
            raise ValidationError({"id_number": "该公民已在本次选举中登记，每人只能登记一次（选举法第五条）"}) from None
        _event(election, "voter_register", actor, constituency=constituency, obj=voter)
    return voter


def voter_remove(*, voter: Voter, reason: str, actor) -> Voter:
    """Take a voter off the roll (died, deprived of political rights, moved: 选举法 Art 27), with the reason."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "请写明除名原因"})
    _require(actor, voter.election)
    with transaction.atomic():
        locked = Voter.objects.select_for_update().get(pk=voter.pk)
        if locked.status == Voter.Status.REMOVED:
            raise ServiceError("该选民已除名。")
        locked.status, locked.removed_reason = Voter.Status.REMOVED, reason.strip()[:200]
        locked.save(update_fields=["status", "removed_reason", "updated_at"])
        _event(locked.election, "voter_remove", actor, constituency=locked.constituency, obj=locked,
               note=locked.removed_reason)
    return locked


def voter_transfer(*, voter: Voter, to: Constituency, reason: str, actor) -> Voter:
    """Move a registered voter to the constituency they moved into (选举法 Art 27: 迁出原选区的，列入新迁入的选区的
    选民名单). The registration itself stays valid, so the person is not registered twice; a proxy given or held
    inside the old constituency no longer fits and must be ended first."""
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = "请写明迁移原因"
    if to.election_id != voter.election_id:
        errors["to"] = "只能迁入本次选举的其他选区"
    elif to.pk == voter.constituency_id:
        errors["to"] = "该选民已在此选区"
    if errors:
        raise ValidationError(errors)
    _require(actor, voter.election)
    with transaction.atomic():
        _lock_election(voter.election)
        locked = Voter.objects.select_for_update().select_related("constituency").get(pk=voter.pk)
        if locked.status == Voter.Status.REMOVED:
            raise ServiceError("该选民已除名，不能迁移。")
        if Proxy.objects.filter(principal=locked).exists() or locked.proxies_held.exists():
            raise ServiceError("该选民有委托投票，请先办理委托的变更再迁移。")
        source = locked.constituency
        locked.constituency = to
        locked.save(update_fields=["constituency", "updated_at"])
        _event(locked.election, "voter_transfer", actor, constituency=to, obj=locked, note=reason.strip()[:200],
               data={"from": source.number, "to": to.number})
    return locked


ROLL_HEADER = ("选区编号", "姓名", "身份证号")
MAX_ROLL_ERRORS = 200


@dataclass
class RollImportReport:
    rows: int = 0
    registered: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _roll_rows(data: bytes, report: RollImportReport) -> list[tuple[int, str, str, str]]:
    """(row number, constituency number, name, identity number) under the header 选区编号 | 姓名 | 身份证号."""
    try:
        rows = iter(sheet_rows(data))
        header_at = None
        for number, values in rows:
            texts = [cell_text(v) for v in values]
            if all(h in texts for h in ROLL_HEADER):
                columns = [texts.index(h) for h in ROLL_HEADER]
                header_at = number
                break
        if header_at is None:
            report.errors.append(RowError(0, "", "找不到表头：须有“选区编号”“姓名”“身份证号”三列。"))
            return []
        found = []
        for number, values in rows:
            cells = [cell_text(values[i]) if i < len(values) else "" for i in columns]
            if any(cells):
                found.append((number, *cells))
        return found
    except (RosterFileError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        message = str(exc) if isinstance(exc, RosterFileError) else "不是有效的 Excel 工作簿（.xlsx）。"
        report.errors.append(RowError(0, "", message))
        return []


def voters_import(*, election: Election, data: bytes, actor) -> RollImportReport:
    """Register a roll typed into a sheet (选区编号 | 姓名 | 身份证号), whole or not at all: every row is checked as
    ``voter_register`` checks one (a valid identity number, 18 on election day: 选举法 Art 4; once per person per
    election, in the sheet and against those already registered: Art 5); any error and nothing is written, the
    report names each row."""
    _require(actor, election)
    report = RollImportReport()
    rows = _roll_rows(data, report)
    report.rows = len(rows)
    if report.errors:
        return report
    if not rows:
        report.errors.append(RowError(0, "", "表格中没有数据行。"))
        return report
    constituencies = {str(c.number): c for c in election.constituencies.all()}
    registered = set(Voter.objects.filter(election=election).values_list("id_number_index", flat=True))
    seen: dict[str, int] = {}
    checked = []
    for number, constituency_no, name, id_number in rows:
        id_number = id_number.upper()
        constituency = constituencies.get(constituency_no)
        if constituency is None:
            report.errors.append(RowError(number, "选区编号", f"没有第{constituency_no or '?'}选区"))
        if not name:
            report.errors.append(RowError(number, "姓名", "姓名不能为空"))
        if not id_number_is_valid(id_number):
            report.errors.append(RowError(number, "身份证号", "身份证号码格式或校验位不正确"))
            continue
        verdict = eligibility.check(eligibility.Person(birth_date_of(id_number)), election.election_day)
        if not verdict.eligible:
            report.errors.append(RowError(number, "身份证号", "；".join(verdict.labels)))
        index = blind_index(id_number, purpose="voter")
        if index in registered:
            report.errors.append(RowError(number, "身份证号", "该公民已在本次选举中登记（选举法第五条）"))
        elif index in seen:
            report.errors.append(RowError(number, "身份证号", f"与第 {seen[index]} 行是同一人（选举法第五条）"))
        seen.setdefault(index, number)
        if constituency is not None and name:
            checked.append(Voter(election=election, constituency=constituency, name=name, id_number=id_number,
                                 id_number_index=index, birth_date=birth_date_of(id_number)))
    if report.errors:
        del report.errors[MAX_ROLL_ERRORS:]
        return report
    with transaction.atomic():
        _lock_election(election)
        try:
            with transaction.atomic():
                Voter.objects.bulk_create(checked, batch_size=1000)
        except IntegrityError:
            raise ServiceError("导入时有选民刚被登记，请重新导入。") from None
        report.registered = len(checked)
        _event(election, "voters_import", actor, data={"rows": report.rows, "registered": report.registered})
    return report


def objection_receive(*, election: Election, complainant: str, content: str, received_on: datetime.date,
                      actor) -> RollObjection:
    """An objection to the roll, within 5 days of its publication (选举法 Art 29; RULES.md A6); later ones, or
    before the roll is published, are refused with the reason."""
    errors = {}
    if not (complainant or "").strip():
        errors["complainant"] = "请填写申诉人"
    if not (content or "").strip():
        errors["content"] = "请填写申诉内容"
    if election.roll_published_on is None:
        errors["received_on"] = "选民名单尚未公布"
    elif received_on < election.roll_published_on:
        errors["received_on"] = "收到日期不能早于选民名单公布日期"
    elif received_on > timetable.objection_last_day(election.roll_published_on):
        last = timetable.objection_last_day(election.roll_published_on)
        errors["received_on"] = (f"申诉应在选民名单公布之日起五日内提出（最迟 {last:%Y年%m月%d日}，"
                                 "选举法第二十九条）")
    if errors:
        raise ValidationError(errors)
    _require(actor, election)
    with transaction.atomic():
        objection = RollObjection.objects.create(election=election, complainant=complainant.strip(),
                                                 content=content.strip(), received_on=received_on)
        _event(election, "objection_receive", actor, obj=objection, data={"received_on": received_on.isoformat()})
    return objection


def objection_decide(*, objection: RollObjection, upheld: bool, decision: str, decided_on: datetime.date,
                     actor) -> RollObjection:
    """The committee's decision on an objection, due within 3 days of receipt (Art 29). A late decision is
    recorded as it happened and shown late; the roll itself is changed through ``voter_register`` or
    ``voter_remove``."""
    if not (decision or "").strip():
        raise ValidationError({"decision": "请填写处理决定"})
    if decided_on < objection.received_on:
        raise ValidationError({"decided_on": "决定日期不能早于收到日期"})
    _require(actor, objection.election)
    with transaction.atomic():
        locked = RollObjection.objects.select_for_update().get(pk=objection.pk)
        if locked.decided_on is not None:
            raise ServiceError("该申诉已经作出处理决定。")
        locked.upheld, locked.decision, locked.decided_on = upheld, decision.strip(), decided_on
        locked.save(update_fields=["upheld", "decision", "decided_on", "updated_at"])
        late = decided_on > timetable.objection_decision_last_day(locked.received_on)
        _event(locked.election, "objection_decide", actor, obj=locked, data={"upheld": upheld, "late": late})
    return locked


def proxy_record(*, principal: Voter, holder: Voter, approved_on: datetime.date, in_writing: bool, actor) -> Proxy:
    """A proxy, in writing and approved by the committee; a voter holds at most three (选举法 Art 42; RULES.md
    A23)."""
    errors = {}
    if principal.pk == holder.pk:
        errors["holder"] = "不能委托本人"
    elif principal.election_id != holder.election_id:
        errors["holder"] = "受委托人须是本次选举的选民"
    if errors:
        raise ValidationError(errors)
    _require(actor, principal.election)
    with transaction.atomic():
        locked = Voter.objects.select_for_update().get(pk=holder.pk)
        if principal.status != Voter.Status.REGISTERED or locked.status != Voter.Status.REGISTERED:
            raise ValidationError({"holder": "委托人和受委托人须都是登记在册的选民"})
        if Proxy.objects.filter(principal=principal).exists():
            raise ValidationError({"principal": f"{principal.name}已经委托他人投票"})
        problems = eligibility.proxy_allowed(held=locked.proxies_held.count(), approved=True, in_writing=in_writing)
        if problems:
            raise ValidationError({"holder": "；".join(problems)})
        proxy = Proxy.objects.create(principal=principal, holder=locked, approved_on=approved_on)
        _event(principal.election, "proxy_record", actor, constituency=principal.constituency, obj=proxy)
    return proxy


# ---------------------------------------------------------------- candidates


def candidate_add(*, constituency: Constituency, name: str, nominated_by: str, nominator: str, actor,
                  gender: str = "", cosigners: int = 0) -> Candidate:
    """A nomination (选举法 Art 30; RULES.md A14): by a party or people's organisation, or by 10 or more voters
    jointly; no nominator puts forward more candidates than the constituency's seats."""
    errors = {}
    name, nominator = (name or "").strip(), (nominator or "").strip()
    if not name:
        errors["name"] = "请填写候选人姓名"
    if nominated_by not in Candidate.Nominator.values:
        errors["nominated_by"] = "请选择推荐方式"
    if not nominator:
        errors["nominator"] = "请填写推荐的政党、人民团体或领衔的选民"
    if nominated_by == Candidate.Nominator.VOTERS and cosigners < MIN_COSIGNERS:
        errors["cosigners"] = f"选民联名推荐须十人以上，现为 {cosigners} 人（选举法第三十条）"
    if errors:
        raise ValidationError(errors)
    election = constituency.election
    _require(actor, election)
    with transaction.atomic():
        locked = _lock_constituency(constituency)
        if locked.candidates.filter(formal=True).exists():
            raise ServiceError("正式代表候选人名单已确定，不能再增加推荐。")
        if locked.candidates.filter(name=name).exists():
            raise ValidationError({"name": f"{name}已是本选区的代表候选人"})
        already = locked.candidates.filter(nominator=nominator).count()
        if already >= locked.seats:
            raise ValidationError({"nominator": f"{nominator}已推荐 {already} 名，推荐的代表候选人不得超过本选区"
                                                f"应选代表名额（{locked.seats} 名，选举法第三十条）"})
        candidate = Candidate.objects.create(constituency=locked, name=name, gender=(gender or "")[:2],
                                             nominated_by=nominated_by, nominator=nominator, cosigners=cosigners,
                                             position=locked.candidates.count() + 1)
        _event(election, "candidate_add", actor, constituency=locked, obj=candidate,
               data={"nominated_by": nominated_by})
    return candidate


def candidates_formalise(*, constituency: Constituency, actor, order: list[int] | None = None) -> list[Candidate]:
    """Fix the formal list (正式代表候选人名单): the candidate count must lie within the direct-election ratio,
    1/3 to 1 times more than the seats (选举法 Art 31); above it, a pre-election decides (Art 32), which is
    recorded by removing those it did not retain (``preelection_record``). ``order`` gives the ballot order (ids);
    otherwise the setting ``LIANLUO_ELECTIONS_BALLOT_ORDER`` decides: surname strokes (the common practice; the law
    sets no order) or the order of nomination."""
    election = constituency.election
    _require(actor, election)
    with transaction.atomic():
        locked = _lock_constituency(constituency)
        candidates = list(locked.candidates.all())
        if any(c.formal for c in candidates):
            raise ServiceError("正式代表候选人名单已经确定。")
        verdict = ratios.check(len(candidates), allowed_candidates(locked))
        if not verdict.ok:
            raise ValidationError({"candidates": verdict.message})
        if order is not None:
            if sorted(order) != sorted(c.pk for c in candidates):
                raise ValidationError({"order": "选票顺序须包含全部候选人，且每人一次"})
            position = {pk: index for index, pk in enumerate(order, start=1)}
        else:
            position = {c.pk: index for index, c in enumerate(ballot_order(candidates), start=1)}
        for candidate in candidates:
            candidate.position = position[candidate.pk]
            candidate.formal = True
        Candidate.objects.bulk_update(candidates, ["formal", "position"])
        _event(election, "candidates_formalise", actor, constituency=locked,
               data={"candidates": [c.name for c in sorted(candidates, key=lambda c: c.position)]})
    return sorted(candidates, key=lambda c: c.position)


def ballot_order(candidates: list[Candidate]) -> list[Candidate]:
    """The candidates in the ballot order the setting names: by surname strokes (``deputies.ordering``), or as
    nominated."""
    if settings.LIANLUO_ELECTIONS_BALLOT_ORDER == "strokes":
        return sorted(candidates, key=lambda c: (strokes_key(c.name), c.position, c.pk))
    return sorted(candidates, key=lambda c: (c.position, c.pk))


def allowed_candidates(constituency: Constituency) -> ratios.Range:
    """The ratio of 选举法 Art 31, or for a by-election as many candidates as seats or more (Art 57 ¶3)."""
    if constituency.election.by_election:
        return ratios.by_election(constituency.seats)
    return ratios.deputies(constituency.seats, ratios.Method.DIRECT)


def candidate_withdraw(*, candidate: Candidate, actor, reason: str) -> None:
    """Remove a preliminary candidate (not retained after consultation or the pre-election, 选举法 Art 32)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "请写明原因"})
    constituency = candidate.constituency
    _require(actor, constituency.election)
    with transaction.atomic():
        _lock_constituency(constituency)
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.formal:
            raise ServiceError("正式代表候选人不能在此删除。")
        _event(constituency.election, "candidate_withdraw", actor, constituency=constituency,
               note=reason.strip(), data={"name": locked.name})
        locked.delete()


# ---------------------------------------------------------------- tallies and results


def _sheet(constituency: Constituency, **figures) -> reconciliation.Sheet:
    return reconciliation.Sheet(seats=constituency.seats, **figures)


def tally_enter(*, station: PollingStation, actor, voters_voted: int, ballots_issued: int, ballots_cast: int,
                ballots_invalid: int, votes: Mapping[str, int], round_: str = Round.FIRST) -> StationTally:
    """Key in (or correct) a polling station's count. The sheet must hold together (``engine.reconciliation``);
    the formal candidates must all be on it. A correction after a result was published is recorded, and the
    published result stands until a correction of it is published (``result_correct``)."""
    constituency = station.constituency
    election = constituency.election
    _require(actor, election)
    if round_ not in Round.values:
        raise ValidationError({"round": "未知的投票轮次"})
    votes = {str(name).strip(): int(n) for name, n in votes.items() if str(name).strip()}
    sheet = _sheet(constituency, voters_voted=voters_voted, ballots_issued=ballots_issued,
                   ballots_cast=ballots_cast, ballots_invalid=ballots_invalid, votes=votes)
    errors = reconciliation.problems(sheet)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked_constituency = _lock_constituency(constituency)
        formal = round_candidates(locked_constituency, round_)
        if not formal:
            raise ServiceError("正式代表候选人名单尚未确定，不能录入计票。")
        for name in formal:
            votes.setdefault(name, 0)
        tally = StationTally.objects.select_for_update().filter(station=station, round=round_).first()
        before = None
        values = {"voters_voted": voters_voted, "ballots_issued": ballots_issued, "ballots_cast": ballots_cast,
                  "ballots_invalid": ballots_invalid, "votes": votes}
        if tally is None:
            tally = StationTally.objects.create(station=station, round=round_, entered_by=actor, **values)
        else:
            before = {k: getattr(tally, k) for k in values}
            for key, value in values.items():
                setattr(tally, key, value)
            tally.entered_by = actor
            tally.save()
        if election.status == ElectionStatus.PREPARING:
            Election.objects.filter(pk=election.pk).update(status=ElectionStatus.VOTING)
        _event(election, "tally_correct" if before else "tally_enter", actor, constituency=locked_constituency,
               obj=tally, data={"station": station.name, "round": round_, "before": before, "after": values})
    return tally


MAX_MACHINE_BYTES = 20 * 1024 * 1024


def tally_import(*, station: PollingStation, data: bytes, ballots_issued: int, actor,
                 round_: str = Round.FIRST) -> StationTally:
    """A counting machine's export for one station, in the JSON of the tally command (contracts/election-tally.md):
    its ballots are counted as the engine counts them (void when more names "for" than seats, 选举法 Art 44 ¶2)
    and saved as the station's sheet through ``tally_enter``. The file must be this round's: a direct count, the
    same seats and the same candidates."""
    if len(data) > MAX_MACHINE_BYTES:
        raise ValidationError({"file": "文件过大"})
    try:
        count = contract.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError({"file": "文件须为 UTF-8 编码的 JSON"}) from None
    except contract.ContractError as exc:
        raise ValidationError({"file": f"计票文件有误：{exc}"}) from None
    constituency = station.constituency
    names = round_candidates(constituency, round_)
    problems = []
    if count.method != ratios.Method.DIRECT:
        problems.append("method 应为 direct")
    if count.round != round_:
        problems.append(f"round 应为 {round_}")
    if count.seats != round_seats(constituency, round_):
        problems.append(f"seats 应为 {round_seats(constituency, round_)}")
    if sorted(count.candidates) != sorted(names):  # a machine may list them in its own order
        problems.append("candidates 与本轮正式候选人名单不一致")
    if problems:
        raise ValidationError({"file": "计票文件与本选区不符：" + "；".join(problems)})
    votes, invalid = count_votes(count)
    return tally_enter(station=station, actor=actor, round_=round_, voters_voted=count.voters_voted,
                       ballots_issued=ballots_issued, ballots_cast=len(count.ballots), ballots_invalid=invalid,
                       votes={name: n for name, n in votes.items() if n or name in names})


def _tally_snapshot(constituency: Constituency, round_: str) -> list[dict]:
    rows = []
    for station, tally in selectors.stations_with_tallies(constituency, round_):
        if tally is None:
            raise ServiceError(f"{station.name}尚未录入计票，不能确定本选区结果。")
        rows.append({"station": station.name, "voters_voted": tally.voters_voted,
                     "ballots_issued": tally.ballots_issued, "ballots_cast": tally.ballots_cast,
                     "ballots_invalid": tally.ballots_invalid, "votes": dict(tally.votes)})
    if not rows:
        raise ServiceError("本选区尚未设立投票站。")
    return rows


def decide_from(*, constituency: Constituency, round_: str, electorate: int, tallies: list[dict],
                candidates: list[str], seats: int | None = None) -> dict:
    """The engine's decision on the stations' tallies added up (选举法 Arts 44–45), as the tally command prints
    it. Pure over its inputs, so a stored result can be decided again from what it stored and compared."""
    votes: dict[str, int] = {}
    for row in tallies:
        for name, n in row["votes"].items():
            votes[name] = votes.get(name, 0) + n
    decision = decide_totals(
        method="direct", round_=round_, seats=seats or constituency.seats, electorate=electorate,
        voters_voted=sum(r["voters_voted"] for r in tallies), candidates=candidates, votes=votes,
        ballots_cast=sum(r["ballots_cast"] for r in tallies),
        ballots_invalid=sum(r["ballots_invalid"] for r in tallies))
    return as_json(decision)


def result_preview(*, constituency: Constituency, round_: str = Round.FIRST) -> dict:
    """What publishing now would decide (raises ServiceError while a station's tally is missing)."""
    return decide_from(constituency=constituency, round_=round_, electorate=selectors.registered_voters(constituency),
                       tallies=_tally_snapshot(constituency, round_), candidates=round_candidates(constituency, round_),
                       seats=round_seats(constituency, round_))


def round_candidates(constituency: Constituency, round_: str) -> list[str]:
    """The names on the ballot of a round: the formal candidates; for a runoff, the first names of the first
    vote's order, as many as the smallest lawful list (exactly 2 for one seat; 选举法 Art 45 ¶4)."""
    if round_ == Round.FIRST:
        return [c.name for c in constituency.candidates.filter(formal=True).order_by("position", "id")]
    first = selectors.current_result(constituency, Round.FIRST)
    proposal = first.decision.get("runoff") if first is not None else None
    if not proposal:
        return []
    return proposal["order"][:proposal["candidates_min"]]


def round_seats(constituency: Constituency, round_: str) -> int:
    """A runoff is for the seats the first vote left unfilled (选举法 Art 45 ¶4)."""
    if round_ == Round.FIRST:
        return constituency.seats
    first = selectors.current_result(constituency, Round.FIRST)
    if first is None or not first.decision.get("unfilled_seats"):
        raise ServiceError("第一次投票没有未选足的名额，无需另行选举。")
    return first.decision["unfilled_seats"]


def _publish(constituency: Constituency, round_: str, actor, *, replaces: Result | None = None,
             reason: str = "") -> Result:
    electorate = selectors.registered_voters(constituency)
    tallies = _tally_snapshot(constituency, round_)
    candidates, seats = round_candidates(constituency, round_), round_seats(constituency, round_)
    decision = decide_from(constituency=constituency, round_=round_, electorate=electorate, tallies=tallies,
                           candidates=candidates, seats=seats)
    result = Result.objects.create(constituency=constituency, round=round_, seats=seats, electorate=electorate,
                                   candidates=candidates, decision=decision, tallies=tallies, published_by=actor,
                                   replaces=replaces, correction_reason=reason)
    _close_if_done(constituency.election)
    return result


def result_publish(*, constituency: Constituency, actor, round_: str = Round.FIRST) -> Result:
    """Decide the constituency's result from every station's tally and publish it (选举法 Art 46: the election
    committee declares the election valid or void and announces those elected). Once published it is kept as it
    is; a second publication for the same round is refused (correct it instead)."""
    _require(actor, constituency.election)
    with transaction.atomic():
        locked = _lock_constituency(constituency)
        if selectors.current_result(locked, round_) is not None:
            raise ServiceError("本轮结果已经公布；如需更正，请作出更正决定并写明理由。")
        result = _publish(locked, round_, actor)
        _event(locked.election, "result_publish", actor, constituency=locked, obj=result,
               data={"round": round_, "elected": result.decision["elected"], "valid": result.decision["valid"]})
    return result


def result_correct(*, result: Result, actor, reason: str) -> Result:
    """Correct a published result: a new result decided from the tallies as they now stand, naming the one it
    replaces and why. The replaced result stays, marked as replaced."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "请写明更正理由"})
    constituency = result.constituency
    _require(actor, constituency.election)
    with transaction.atomic():
        locked = _lock_constituency(constituency)
        current = selectors.current_result(locked, result.round)
        if current is None or current.pk != result.pk:
            raise ServiceError("该结果已被更正，请在最新的结果上操作。")
        new = _publish(locked, result.round, actor, replaces=result, reason=reason.strip())
        _event(locked.election, "result_correct", actor, constituency=locked, obj=new, note=reason.strip(),
               data={"round": result.round, "replaces": result.pk, "elected": new.decision["elected"]})
    return new


def result_verify(result: Result) -> bool:
    """Decide the stored result again from the tallies, candidates, seats and electorate it stored: it must come
    out the same."""
    again = decide_from(constituency=result.constituency, round_=result.round, electorate=result.electorate,
                        tallies=result.tallies, candidates=result.candidates, seats=result.seats)
    return again == result.decision


def tallies_changed_since(result: Result) -> bool:
    """Whether a station's tally was corrected after the result was published (a correction is then due)."""
    try:
        return _tally_snapshot(result.constituency, result.round) != result.tallies
    except ServiceError:
        return True


def _close_if_done(election: Election) -> None:
    """选举结束 once every constituency has a current result leaving no seat unfilled and no tie open."""
    for constituency in election.constituencies.all():
        filled = 0
        for round_ in (Round.FIRST, Round.RUNOFF):
            current = selectors.current_result(constituency, round_)
            if current is not None and current.decision["valid"]:
                filled += len(current.decision["elected"])
        if filled < constituency.seats:
            return
    Election.objects.filter(pk=election.pk).update(status=ElectionStatus.CLOSED)
