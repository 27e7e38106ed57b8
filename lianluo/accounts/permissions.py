"""Named permission predicates: the one authorization vocabulary (STYLE.md principle 4).

Predicates answer "may this user do this kind of thing here?". Which rows they see is decided by
``scoping.restrict_to_jurisdiction`` in the selectors; a view combines both.
"""

from lianluo.accounts.roles import ADMIN_ROLES, CASE_ROLES, Role
from lianluo.accounts.scoping import covers

# Who works with congress structures (terms, sessions, delegations, committees).
CONGRESS_EDITORS = frozenset({Role.LIAISON_STAFF})
# Who may browse the region and congress structure of their jurisdiction.
STRUCTURE_READERS = CASE_ROLES | frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})


def _has(user, roles) -> bool:
    return getattr(user, "is_authenticated", False) and bool(user.role_set() & set(roles))


def can_view_structure(user) -> bool:
    return _has(user, STRUCTURE_READERS)


def can_edit_congress(user, region_code: str) -> bool:
    """Liaison staff manage the congress structures of their own jurisdiction."""
    return _has(user, CONGRESS_EDITORS) and covers(user, region_code, roles=CONGRESS_EDITORS)


def can_import_regions(user) -> bool:
    """Division tables are reference data kept by the system administrator (8.1.5.1)."""
    return _has(user, {Role.SYSTEM_ADMIN})


def can_manage_accounts(user) -> bool:
    """系统管理员: create, deactivate and reset accounts (等保 8.1.5.1)."""
    return _has(user, {Role.SYSTEM_ADMIN})


def can_manage_roles(user) -> bool:
    """安全管理员: grant and revoke roles, unlock accounts, security parameters (等保 8.1.5.3)."""
    return _has(user, {Role.SECURITY_ADMIN})


def can_read_audit(user) -> bool:
    """审计管理员: read-only access to the audit log (等保 8.1.5.2)."""
    return _has(user, {Role.AUDIT_ADMIN})


def can_read_case_content(user) -> bool:
    """Business roles read case content; administrators do not by default (DESIGN.md §2)."""
    return _has(user, CASE_ROLES)


def requires_second_factor(user) -> bool:
    """Administrators must sign in with a TOTP second factor (等保 8.1.4.1 d)."""
    return _has(user, ADMIN_ROLES)


def can_use_api_tokens(user) -> bool:
    return getattr(user, "is_authenticated", False) and bool(user.role_set())
