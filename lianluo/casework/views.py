"""Casework pages: thin views over selectors and services (Chinese, phone-friendly)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.accounts.roles import Role
from lianluo.casework import permissions, selectors, services, workflow
from lianluo.casework.forms import (
    ACTION_FORMS,
    CategoryImportForm,
    DraftForm,
    FilterForm,
    IssueForm,
    QuickIssueForm,
    not_offered,
)
from lianluo.casework.models import Channel, Issue, Status
from lianluo.core.errors import PermissionDeniedError, ServiceError
from lianluo.core.forms import apply_service_errors
from lianluo.textmine import classifiers, reply_review
from lianluo.textmine import hot as text_hot  # the text engine's clusters of the same concrete problem

# ---------------------------------------------------------------- list and detail


@login_required
def issue_list(request):
    if not permissions.can_view_issues(request.user):
        raise PermissionDenied
    user = request.user
    form = FilterForm(request.GET or None, **selectors.issue_filter_choices(user=user))
    filters = selectors.IssueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.IssueFilters(
            status=data["status"], category=data["category"], station=data["station"], unit=data["unit"],
            overdue=data["overdue"], received_from=data["received_from"], received_to=data["received_to"],
            channel=data["channel"], query=data["q"].strip(),
        )
    after = request.GET.get("after", "")
    rows, next_after = selectors.issue_list(user=user, filters=filters,
                                            after=int(after) if after.isdigit() else None)
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "casework/issue_list.html", {
        "form": form, "issues": rows, "next_after": next_after, "query": query.urlencode(),
        "today": timezone.localdate(), "can_record": permissions.can_record_issue(user),
        "can_quick": permissions.can_quick_record(user), "can_escalate": permissions.can_escalate(user),
    })


def _action_form(action: str, issue: Issue, data=None):
    cls = ACTION_FORMS[action]
    kwargs = {}
    if action == "accept":
        kwargs["categories"] = selectors.category_choices(region_code=issue.region_id)
    elif action == "forward":
        kwargs["units"] = selectors.unit_choices(issue=issue)
    elif action == "transfer":
        kwargs["regions"] = selectors.transfer_targets(issue=issue)
    return cls(data, prefix=action, **kwargs)


def _hints(action: str, issue: Issue) -> list:
    """The category the office's model would choose, beside the accept form: a hint; the officer decides."""
    if action != "accept":
        return []
    return classifiers.hints(classifiers.Kind.ISSUE_CATEGORY, issue.region_id, title=issue.title,
                             body=issue.content, offered=selectors.category_choices(region_code=issue.region_id))


def _detail(request, issue: Issue, *, bound: dict | None = None, status: int = 200, contacts=None):
    user = request.user
    roles = permissions.action_roles(user, issue)
    actions = workflow.allowed_actions(issue.status, roles)
    if issue.status in (Status.RECEIVED, Status.ACCEPTED, Status.FORWARDED, Status.FEEDBACK) and (
        roles & workflow.STAFF
    ):
        actions.append("merge")
    forms = []
    for action in actions:
        form = (bound or {}).get(action) or _action_form(action, issue)
        forms.append((action, workflow.ACTION_LABELS[action], form, _hints(action, issue)))
    return render(request, "casework/issue_detail.html", {
        "issue": issue, "events": selectors.issue_events(issue=issue), "action_forms": forms,
        "people": contacts if contacts is not None else selectors.issue_people(issue=issue),
        "full_contacts": contacts is not None, "can_reveal": permissions.can_view_contacts(user, issue),
        **selectors.issue_links(issue=issue),
        "overdue": workflow.is_overdue(issue.status, issue.due_on, timezone.localdate()),
        "can_escalate": permissions.can_escalate(user) and issue.status not in (Status.MERGED, Status.DECLINED),
        "reply_flags": _reply_flags(issue) if roles & workflow.STAFF else {},
    }, status=status)


def _reply_flags(issue: Issue) -> dict[str, list[str]]:
    """Whether the unit's feedback and the answer address the issue: prompts for the office, not verdicts."""
    return {name: reply_review.reply_flags(subject=issue.title, body=issue.content, reply=text)
            for name, text in (("feedback", issue.feedback), ("answer", issue.answer)) if text}


@login_required
def issue_detail(request, pk: int):
    if not permissions.can_view_issues(request.user):
        raise PermissionDenied
    return _detail(request, selectors.issue_get(user=request.user, pk=pk))


@require_POST
@login_required
def issue_contacts(request, pk: int):
    if not permissions.can_view_issues(request.user):
        raise PermissionDenied
    issue = selectors.issue_get(user=request.user, pk=pk)
    try:
        people = services.issue_contacts_reveal(issue=issue, actor=request.user)
    except PermissionDeniedError:
        raise PermissionDenied from None
    return _detail(request, issue, contacts=people)


def _offered(field: str, label: str, found):
    """A posted choice resolved through the reader's scope; None (not offered) is an error on that field."""
    if found is None:
        raise ValidationError({field: not_offered(label)})
    return found


def _run_action(action: str, issue: Issue, form, user) -> Issue:
    data = form.cleaned_data
    if action == "accept":
        category = _offered("category", "分类", selectors.category_get(region_code=issue.region_id,
                                                                       pk=data["category"])) \
            if data["category"] else None
        issue = services.issue_accept(issue=issue, actor=user, category=category, note=data["note"])
        classifiers.hint_outcome_record(
            classifiers.Kind.ISSUE_CATEGORY, issue.region_id, title=issue.title, body=issue.content,
            offered=selectors.category_choices(region_code=issue.region_id),
            chosen=category.pk if category else None, record=f"issue:{issue.pk}", actor=user)
        return issue
    if action == "decline":
        return services.issue_decline(issue=issue, actor=user, reason=data["reason"])
    if action == "handle":
        return services.issue_handle(issue=issue, actor=user, answer=data["answer"])
    if action == "answer":
        return services.issue_answer(issue=issue, actor=user, answer=data["answer"])
    if action == "forward":
        unit = _offered("unit", "承办单位", selectors.unit_get(issue=issue, pk=data["unit"]))
        return services.issue_forward(issue=issue, actor=user, unit=unit, note=data["note"])
    if action == "transfer":
        region = _offered("to_region", "转往人大", selectors.transfer_target_get(issue=issue, code=data["to_region"]))
        return services.issue_transfer(issue=issue, actor=user, to_region=region, note=data["note"])
    if action == "feedback":
        return services.issue_feedback(issue=issue, actor=user, feedback=data["feedback"])
    if action == "rate":
        return services.issue_rate(issue=issue, actor=user, satisfaction=data["satisfaction"],
                                   comment=data["comment"])
    if action == "close":
        return services.issue_close(issue=issue, actor=user, note=data["note"])
    if action == "reopen":
        return services.issue_reopen(issue=issue, actor=user, reason=data["reason"])
    if action == "merge":
        found = selectors.issues_by_number(user=user, numbers=form.numbers())
        missing = [n for n in form.numbers() if n not in found]
        if missing:
            raise ValidationError({"duplicates": f"找不到编号为 {'、'.join(missing)} 的意见"})
        return services.issue_merge(master=issue, duplicates=list(found.values()), actor=user, note=data["note"])
    raise Http404


@require_POST
@login_required
def issue_action(request, pk: int, action: str):
    if action not in ACTION_FORMS:
        raise Http404
    if not permissions.can_view_issues(request.user):
        raise PermissionDenied
    issue = selectors.issue_get(user=request.user, pk=pk)
    roles = permissions.action_roles(request.user, issue)
    if not roles & (workflow.STAFF | workflow.UNIT):
        raise PermissionDenied
    form = _action_form(action, issue, request.POST)
    if form.is_valid():
        try:
            _run_action(action, issue, form, request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDeniedError:
            raise PermissionDenied from None
        except ServiceError as exc:
            messages.error(request, str(exc))
            return _detail(request, selectors.issue_get(user=request.user, pk=pk), status=409)
        else:
            messages.success(request, f"已{workflow.ACTION_LABELS[action]}。")
            if action == "feedback" and permissions.can_view_inbox(request.user):
                return redirect("casework:unit_inbox")
            return redirect("casework:issue_detail", pk=pk)
    return _detail(request, issue, bound={action: form}, status=400)


# ---------------------------------------------------------------- intake


@login_required
def issue_create(request):
    user = request.user
    if not permissions.can_record_issue(user):
        raise PermissionDenied
    offices = selectors.office_choices(user=user)
    office_code = request.POST.get("office") or (offices[0][0] if offices else "")
    form = IssueForm(request.POST or None, offices=offices, stations=selectors.station_choices(user=user),
                     categories=selectors.category_choices(region_code=office_code) if office_code else [],
                     initial={"received_on": timezone.localdate(), "office": office_code, "wants_answer": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            region = _offered("office", "受理人大", selectors.office_get(user=user, code=data["office"]))
            station = _offered("station", "联络站", selectors.station_get(user=user, pk=data["station"])) \
                if data["station"] else None
            category = _offered("category", "分类", selectors.category_get(region_code=region.code,
                                                                           pk=data["category"])) \
                if data["category"] else None
            issue = services.issue_submit(
                region=region, title=data["title"], content=data["content"], channel=data["channel"],
                constituents=[form.person()], station=station, category=category, place=data["place"],
                received_on=data["received_on"], actor=user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"已登记，编号 {issue.number}，查询码 {issue.query_code}（请告知反映人）。")
            return redirect("casework:issue_detail", pk=issue.pk)
    return render(request, "casework/issue_form.html", {"form": form, "title": "登记群众意见"},
                  status=400 if request.method == "POST" else 200)


@login_required
def issue_quick(request):
    user = request.user
    if not permissions.can_quick_record(user):
        raise PermissionDenied
    mandate = selectors.deputy_mandate(user=user)
    form = QuickIssueForm(request.POST or None, stations=selectors.station_choices(user=user))
    if request.method == "POST" and form.is_valid():
        if mandate is None:
            form.add_error(None, "您的账户尚未关联代表身份，请联系人大常委会工作人员。")
        else:
            data = form.cleaned_data
            person = {"name": data["name"], "mobile": data["mobile"], "wants_answer": bool(data["mobile"])}
            try:
                station = _offered("station", "联络站", selectors.station_get(user=user, pk=data["station"])) \
                    if data["station"] else None
                issue = services.issue_submit(
                    region=mandate.term.congress.region, title=data["title"], content=data["content"],
                    channel=Channel.DEPUTY, constituents=[person] if data["name"] or data["mobile"] else [],
                    station=station, place=data["place"], raised_by_deputy=mandate, actor=user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"已记录，编号 {issue.number}，查询码 {issue.query_code}。")
                return redirect("casework:issue_detail", pk=issue.pk)
    return render(request, "casework/issue_form.html", {"form": form, "title": "代表记录群众意见", "quick": True},
                  status=400 if request.method == "POST" else 200)


# ---------------------------------------------------------------- unit inbox, hot issues


@login_required
def unit_inbox(request):
    if not permissions.can_view_inbox(request.user):
        raise PermissionDenied
    return render(request, "casework/unit_inbox.html", {
        "issues": selectors.unit_inbox(user=request.user), "today": timezone.localdate(),
    })


@login_required
def hot_issues(request):
    if not permissions.can_view_hot(request.user):
        raise PermissionDenied
    months = request.GET.get("months", "12")
    months = int(months) if months.isdigit() and 1 <= int(months) <= 36 else 12
    data = selectors.hot_issues(user=request.user, months=months)
    chart = {"labels": [f"{r['month']:%Y-%m}" for r in data["by_month"]],
             "values": [r["n"] for r in data["by_month"]]}
    return render(request, "casework/hot.html", {
        **data, "months": months, "chart": chart, "hot_groups": text_hot.hot_issues_for(user=request.user),
        "can_escalate": permissions.can_escalate(request.user),
        "can_refresh": permissions.can_refresh_hot(request.user)})


@login_required
@require_POST
def hot_refresh(request):
    """重新计算热点: the office recomputes the clusters of its area now instead of waiting for the hourly job."""
    codes = selectors.hot_refresh_codes(user=request.user)
    if not permissions.can_refresh_hot(request.user) or not codes:
        raise PermissionDenied
    for code in codes:
        text_hot.hot_issues_refresh(region_code=code, actor=request.user)
    messages.success(request, "热点问题已重新计算。")
    return redirect("casework:hot_issues")


REPLY_REVIEW_DAYS = 180


@login_required
def reply_review_page(request):
    """答复核对: the units' feedback and the answers of the last half year that may not answer the issue, and per
    unit how many were checked and flagged. Prompts for the office to read the reply, not verdicts."""
    if not permissions.can_review_replies(request.user):
        raise PermissionDenied
    since = timezone.localdate() - datetime.timedelta(days=REPLY_REVIEW_DAYS)
    issues = selectors.issues_with_replies(user=request.user, since=since)
    return render(request, "casework/replies.html", {
        "review": reply_review.review(issues), "since": since, "limit": selectors.REPLY_REVIEW_LIMIT,
        "truncated": len(issues) >= selectors.REPLY_REVIEW_LIMIT})


# ---------------------------------------------------------------- suggestion drafts


@login_required
def draft_list(request):
    if not permissions.can_view_drafts(request.user):
        raise PermissionDenied
    return render(request, "casework/draft_list.html", {
        "drafts": selectors.draft_list(user=request.user), "can_escalate": permissions.can_escalate(request.user),
    })


@login_required
def draft_detail(request, pk: int):
    if not permissions.can_view_drafts(request.user):
        raise PermissionDenied
    draft = selectors.draft_get(user=request.user, pk=pk)
    from lianluo.proposals.permissions import can_file
    from lianluo.proposals.selectors import draft_suggestions

    return render(request, "casework/draft_detail.html", {
        "draft": draft, "issues": selectors.draft_issues(user=request.user, draft=draft),
        "people": services.suggestion_draft_people(draft).count(),
        "can_file": can_file(request.user) and draft.status == draft.Status.DRAFT,
        "suggestions": draft_suggestions(user=request.user, draft=draft),
    })


@login_required
def draft_create(request):
    user = request.user
    if not permissions.can_escalate(user):
        raise PermissionDenied
    ids = [int(v) for v in request.POST.getlist("issue") or request.GET.getlist("issue") if v.isdigit()][:50]
    issues = selectors.escalatable_issues(user=user, ids=ids)
    form = DraftForm(request.POST or None, initial={
        # A hot issue's escalation link carries the cluster's title as the draft's starting title.
        "title": request.GET.get("title", "")[:100] or (issues[0].title if len(issues) == 1 else ""),
        "evidence": "\n".join(f"{i.number}：{i.title}（{i.people_count} 人反映）" for i in issues),
    })
    if request.method == "POST" and form.is_valid():
        mandate = selectors.deputy_mandate(user=user) if Role.DEPUTY in user.role_set() else None
        region = selectors.draft_region(issues=issues, mandate=mandate)
        try:
            if region is None:
                raise ValidationError({"issues": "请至少选择一件群众意见"})
            draft = services.suggestion_draft_create(region=region, issues=issues, actor=user, mandate=mandate,
                                                     **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            if "issues" in getattr(exc, "message_dict", {}):
                form.add_error(None, exc.message_dict["issues"])
        else:
            messages.success(request, "已生成建议草稿。")
            return redirect("casework:draft_detail", pk=draft.pk)
    return render(request, "casework/draft_form.html", {"form": form, "issues": issues},
                  status=400 if request.method == "POST" else 200)


# ---------------------------------------------------------------- categories


@login_required
def category_list(request):
    user = request.user
    if not permissions.can_view_categories(user):
        raise PermissionDenied
    offices = selectors.category_import_offices(user=user)
    form = CategoryImportForm(request.POST or None, request.FILES or None, offices=offices)
    report = None
    status = 200
    if request.method == "POST":
        if not offices:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            region = selectors.category_import_office_get(user=user, code=form.cleaned_data["office"])
            upload = form.cleaned_data["file"]
            if region is None:
                form.add_error("office", not_offered("维护单位"))
            elif upload.size > 2 * 1024 * 1024:
                form.add_error("file", "文件不能超过 2 MB")
            else:
                try:
                    report = services.category_import(region=region, data=upload.read(), actor=user)
                except ServiceError as exc:
                    form.add_error("file", str(exc))
                else:
                    if report.ok:
                        messages.success(request, f"导入完成：新增 {report.created} 个分类。")
                        return redirect("casework:category_list")
    return render(request, "casework/category_list.html", {
        "categories": selectors.category_trees(user=user), "form": form if offices else None, "report": report,
    }, status=status)
