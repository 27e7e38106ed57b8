"""The landing dashboard: which panels each role sees, and the few numbers each panel needs."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from lianluo.accounts import permissions
from lianluo.accounts import selectors as account_selectors
from lianluo.accounts.models import LoginThrottle
from lianluo.accounts.roles import ADMIN_ROLES
from lianluo.casework import selectors as casework_selectors
from lianluo.casework.permissions import can_escalate, can_view_hot, can_view_issues
from lianluo.core import selectors as audit_selectors
from lianluo.proposals import selectors as proposal_selectors
from lianluo.proposals.permissions import can_view_suggestions
from lianluo.regions import selectors as region_selectors
from lianluo.regions.models import Level
from lianluo.textmine import hot as text_hot


@dataclass
class Panel:
    key: str
    title: str
    data: dict = field(default_factory=dict)


def panels_for(user) -> list[Panel]:
    panels = []
    if permissions.can_read_case_content(user):
        panels.append(_jurisdiction_panel(user))
    if can_view_issues(user):
        panels.append(Panel("casework", "群众意见", {
            "counts": casework_selectors.workload(user=user), "cap": casework_selectors.WORKLOAD_CAP,
            "can_view_hot": can_view_hot(user),
            "hot": [c for group in text_hot.hot_issues_for(user=user) for c in group["clusters"]][:3]
            if can_view_hot(user) else [],
            "can_escalate": can_escalate(user),
        }))
    if can_view_suggestions(user):
        counts = proposal_selectors.workload(user=user)
        if counts:
            panels.append(Panel("proposals", "代表建议", {"counts": counts, "cap": proposal_selectors.WORKLOAD_CAP}))
    if permissions.can_manage_accounts(user):
        panels.append(_accounts_panel(user))
    if permissions.can_manage_roles(user):
        panels.append(_security_panel(user))
    if permissions.can_read_audit(user):
        panels.append(Panel("audit", "最近的审计记录", {"events": audit_selectors.audit_event_list()[:10]}))
    return panels


def _jurisdiction_panel(user) -> Panel:
    today = timezone.localdate()
    regions = region_selectors.region_list(user=user)
    by_level = dict(regions.values_list("level").annotate(n=Count("code")).order_by())
    congresses = list(region_selectors.congress_list(user=user)[:6])
    sessions = region_selectors.session_list(user=user)
    upcoming = sessions.filter(start_date__gte=today).order_by("start_date").first()
    recent = sessions.filter(start_date__lt=today).order_by("-start_date").first()
    chart = {
        "labels": [Level(level).label for level in sorted(by_level) if level > Level.NATIONAL],
        "values": [by_level[level] for level in sorted(by_level) if level > Level.NATIONAL],
    }
    return Panel("jurisdiction", "辖区概况", {
        "roots": region_selectors.region_roots(user=user), "by_level": chart, "congresses": congresses,
        "upcoming": upcoming, "recent": recent,
        "assignments": [a for a in user.active_assignments() if a.role not in ADMIN_ROLES],
    })


def _accounts_panel(user) -> Panel:
    users = account_selectors.user_list(actor=user)
    return Panel("accounts", "账户管理", {
        "total": users.count(), "inactive": users.filter(is_active=False).count(),
        "without_role": users.filter(assignments__isnull=True).count(),
        "must_change": users.filter(must_change_password=True).count(),
    })


def _security_panel(user) -> Panel:
    users = account_selectors.user_list(actor=user)
    admins = users.filter(assignments__role__in=ADMIN_ROLES).distinct()
    return Panel("security", "安全策略与状态", {
        "policy": [
            ("密码最短长度", f"{settings.PASSWORD_MIN_LENGTH} 位，至少三类字符"),
            ("登录失败锁定", f"连续 {settings.LOGIN_FAILURE_LIMIT} 次失败锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟"),
            ("会话空闲超时", f"{settings.SESSION_IDLE_SECONDS // 60} 分钟"),
            ("会话最长时限", f"{settings.SESSION_ABSOLUTE_SECONDS // 3600} 小时"),
            ("管理员双因素", "必须（密码 + 动态口令）"),
        ],
        "locked": LoginThrottle.objects.filter(locked_until__gt=timezone.now()).count(),
        "admins_without_totp": admins.filter(totp_confirmed_at__isnull=True).count(),
    })
