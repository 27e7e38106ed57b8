"""Masking personal data for lists and exports (PIPL Art 51; GB/T 35273 §7.1; SECURITY.md B3)."""


def mask_mobile(value: str) -> str:
    """138****5678 for an 11-digit number; other lengths keep only the last two characters."""
    if not value:
        return ""
    if len(value) == 11:
        return f"{value[:3]}****{value[-4:]}"
    return "*" * max(len(value) - 2, 0) + value[-2:]


def mask_id_number(value: str) -> str:
    """110101********123X: region code kept, birth date hidden (GB 11643 layout)."""
    if not value:
        return ""
    if len(value) == 18:
        return f"{value[:6]}********{value[-4:]}"
    return "*" * max(len(value) - 4, 0) + value[-4:]


def mask_name(value: str) -> str:
    """张* / 欧阳** — the surname (first character) stays."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
