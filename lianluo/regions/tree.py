"""The division-code tree: a region's descendants are exactly the codes that start with its code.

GB/T 2260 codes are digit strings of fixed segment lengths (2 province, 4 prefecture, 6 county,
9 township), so "starts with 4301" equals the half-open range ["4301", "4302"). A range is served by
an ordinary B-tree index on both SQLite and PostgreSQL whatever the collation, which LIKE is not.
"""

from django.db.models import Q

LEVEL_CODE_LENGTHS = {1: 2, 2: 4, 3: 6, 4: 9}


def upper_bound(code: str) -> str | None:
    """The smallest digit string of the same length that sorts after every code with this prefix."""
    if not (code.isascii() and code.isdigit()):
        raise ValueError(f"division code {code!r} is not a digit string")
    if set(code) == {"9"}:
        return None
    return str(int(code) + 1).zfill(len(code))


def subtree_q(field: str, codes) -> Q:
    """Q matching rows whose ``field`` (a Region foreign key or code) lies under any of codes."""
    query = Q(pk__in=[])
    for code in sorted(set(codes)):
        upper = upper_bound(code)
        part = Q(**{f"{field}__gte": code})
        if upper is not None:
            part &= Q(**{f"{field}__lt": upper})
        query |= part
    return query


def is_within(code: str, ancestor: str) -> bool:
    return code.startswith(ancestor)


def parent_code_of(code: str) -> str | None:
    """The parent's code implied by the code's length (None for a province)."""
    for length in (6, 4, 2):
        if len(code) > length:
            return code[:length]
    return None
