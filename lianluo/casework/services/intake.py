"""Recording issues: numbering per office and year, checking the people behind them, and corrections."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from lianluo.casework import search, workflow
from lianluo.casework.models import Channel, Constituent, Issue, IssueCounter
from lianluo.casework.permissions import action_roles
from lianluo.casework.services._common import _actor, _audit, _check_category, _event, _lock, _today
from lianluo.casework.services.monthly import _monthly_sync, _snapshot
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.masking import mask_mobile, mask_name
from lianluo.core.validators import id_number_is_valid, normalise_mobile
from lianluo.regions.models import Region
from lianluo.regions.selectors import congress_region_of

TEXT_LIMITS = {"title": 100, "place": 200}


def _next_number(region: Region, year: int) -> str:
    """"<region code>-<year>-<6-digit sequence>", from a row-locked counter per office and year."""
    counter = IssueCounter.objects.select_for_update().filter(region=region, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                IssueCounter.objects.create(region=region, year=year, last=0)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs
        counter = IssueCounter.objects.select_for_update().get(region=region, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{region.code}-{year}-{counter.last:06d}"


def _clean_constituents(constituents: Iterable[dict], channel: str) -> list[dict]:
    errors: dict[str, list[str]] = {}
    cleaned = []
    for position, raw in enumerate(constituents or [], start=1):
        raw = raw or {}
        name = (raw.get("name") or "").strip()
        mobile_raw = (raw.get("mobile") or "").strip()
        id_number = (raw.get("id_number") or "").strip().upper()
        address = (raw.get("address") or "").strip()
        wants_answer = bool(raw.get("wants_answer", True))
        prefix = "" if position == 1 else f"第 {position} 位反映人："
        mobile = normalise_mobile(mobile_raw) if mobile_raw else ""
        if mobile_raw and not mobile:
            errors.setdefault("mobile", []).append(f"{prefix}“{mask_mobile(mobile_raw)}”不是有效的手机号码")
        if id_number and not id_number_is_valid(id_number):
            errors.setdefault("id_number", []).append(f"{prefix}身份证号码格式或校验位不正确")
        if len(name) > 50:
            errors.setdefault("name", []).append(f"{prefix}姓名不能超过 50 个字符")
        if not any([name, mobile_raw, id_number, address]):
            continue
        if wants_answer and not (mobile_raw or address):
            errors.setdefault("mobile", []).append(f"{prefix}需要答复时请留下联系电话或住址")
        cleaned.append({"name": name, "mobile": mobile, "id_number": id_number, "address": address,
                        "wants_answer": wants_answer})
    if not cleaned and channel != Channel.DEPUTY:
        errors.setdefault("name", []).append("至少登记一位反映人（姓名或联系电话）")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _create_issue(*, region, title, content, channel, people: list[dict], station=None, reception=None,
                  category=None, place="", place_region=None, raised_by_deputy=None, received_on=None,
                  actor=None, parent=None) -> Issue:
    received_on = received_on or _today()
    issue = Issue.objects.create(
        number=_next_number(region, received_on.year), region=region, station=station, reception=reception,
        channel=channel, title=title, content=content, category=category, place=place, place_region=place_region,
        raised_by_deputy=raised_by_deputy, recorded_by=_actor(actor), received_on=received_on,
        people_count=max(len(people), 1), parent=parent,
    )
    for person in people:
        Constituent.objects.create(issue=issue, **person)
    return issue


def issue_submit(*, region, title, content, channel, constituents: list[dict], station=None, reception=None,
                 category=None, place="", place_region=None, raised_by_deputy=None, received_on=None,
                 actor=None, actor_label="") -> Issue:
    """Record a new issue: numbered per office and year, a query code for the person, status 待受理. The office is
    the congress of ``region`` or, for a street (街道), of the county above it (see congress_region_of)."""
    title, content, place = (title or "").strip(), (content or "").strip(), (place or "").strip()
    errors = {}
    if not title:
        errors["title"] = "请填写标题（一句话概括反映的问题）"
    elif len(title) > TEXT_LIMITS["title"]:
        errors["title"] = "标题不能超过 100 个字符"
    if not content:
        errors["content"] = "请填写反映的具体内容"
    if len(place) > TEXT_LIMITS["place"]:
        errors["place"] = "发生地点不能超过 200 个字符"
    if channel not in Channel.values:
        errors["channel"] = "来源不正确"
    # A street station's issues are cases of the county office that works there (地方组织法 Art 59).
    region = congress_region_of(region)
    if station is not None and not station.region_id.startswith(region.code):
        errors["station"] = "联络站不在该人大的辖区内"
    if place_region is not None and not place_region.code.startswith(region.code):
        errors["place_region"] = "涉及区划不在该人大的辖区内"
    if channel == Channel.DEPUTY and raised_by_deputy is None:
        errors["raised_by_deputy"] = "代表记录须注明记录代表"
    if received_on is not None and received_on > _today():
        errors["received_on"] = "收到日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    _check_category(category, region)
    people = _clean_constituents(constituents, channel)
    with transaction.atomic():
        issue = _create_issue(region=region, title=title, content=content, channel=channel, people=people,
                              station=station, reception=reception, category=category, place=place,
                              place_region=place_region, raised_by_deputy=raised_by_deputy,
                              received_on=received_on, actor=actor)
        _event(issue, action="submit", actor=actor, actor_label=actor_label, to_status=issue.status,
               data={"channel": channel, "people": len(people)})
        _audit(issue, action="submit", actor=actor, actor_label=actor_label,
               summary={"channel": channel, "people": [mask_name(p["name"]) for p in people][:10]})
        _monthly_sync(None, issue)
        search.index_issue(issue)
    return issue


def issue_edit(*, issue: Issue, actor, title=None, content=None, category=None, place=None,
               place_region=None) -> Issue:
    """Correct the title/content or classify (category, place); not once the issue is finished."""
    with transaction.atomic():
        issue = _lock(issue)
        if issue.status in workflow.FINISHED:
            raise ServiceError("该意见已办结或已并案，不能修改。")
        if actor is not None and not action_roles(actor, issue) & workflow.STAFF:
            raise PermissionDeniedError("无权修改该意见。")
        before = _snapshot(issue)
        changed = {}
        if title is not None and title.strip() != issue.title:
            if not title.strip() or len(title.strip()) > TEXT_LIMITS["title"]:
                raise ValidationError({"title": "标题不能为空，且不超过 100 个字符"})
            issue.title, changed["title"] = title.strip(), True
        if content is not None and content.strip() != issue.content:
            if not content.strip():
                raise ValidationError({"content": "内容不能为空"})
            issue.content, changed["content"] = content.strip(), True
        if category is not None and category.pk != issue.category_id:
            _check_category(category, issue.region)
            issue.category, changed["category"] = category, category.name
        if place is not None and place.strip() != issue.place:
            issue.place, changed["place"] = place.strip()[:200], True
        if place_region is not None and place_region.pk != issue.place_region_id:
            if not place_region.code.startswith(issue.region_id):
                raise ValidationError({"place_region": "涉及区划不在该人大的辖区内"})
            issue.place_region, changed["place_region"] = place_region, place_region.code
        if not changed:
            return issue
        issue.save()
        _event(issue, action="edit", actor=actor, actor_label="", data={"fields": sorted(changed)})
        _audit(issue, action="edit", actor=actor, summary={"fields": sorted(changed)})
        _monthly_sync(before, issue)
        if "title" in changed or "content" in changed:
            search.index_issue(issue)
    return issue
