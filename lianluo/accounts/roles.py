"""The role vocabulary (DESIGN.md §2)."""

from django.db import models


class Role(models.TextChoices):
    LIAISON_STAFF = "liaison_staff", "联工委/人大办工作人员"
    DEPUTY = "deputy", "代表"
    UNIT_OFFICER = "unit_officer", "承办单位经办人"
    UNIT_LEADER = "unit_leader", "承办单位负责人"
    STATION_MANAGER = "station_manager", "联络站管理员"
    COMMITTEE_MEMBER = "committee_member", "常委会组成人员"
    SPECIAL_COMMITTEE_STAFF = "special_committee_staff", "专门委员会工作人员"
    ELECTION_STAFF = "election_staff", "选举委员会工作人员"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


# 三权分立 (等保 8.1.4.2 d): the three administrators are separate people with separate duties.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
UNIT_ROLES = frozenset({Role.UNIT_OFFICER, Role.UNIT_LEADER})
# Roles whose work is case content (issues, suggestions, rosters). Administrators are not among them.
CASE_ROLES = frozenset(set(Role) - ADMIN_ROLES)
