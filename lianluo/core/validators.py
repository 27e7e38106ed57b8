"""Validators for identifiers that appear across modules."""

import re
import unicodedata

# ASCII digits only: Python's \d also matches full-width and other Unicode digits.
MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def normalise_mobile(value: str) -> str:
    """An 11-digit mainland mobile number without spaces, dashes or +86; '' when not one.

    Full-width digits (as typed with a Chinese input method) become ASCII first, so that one number
    has one spelling and one blind index.
    """
    digits = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", value or ""))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits if MOBILE_RE.match(digits) else ""


def id_number_is_valid(value: str) -> bool:
    """GB 11643-1999 citizen identity number: 17 digits and an ISO 7064 MOD 11-2 check character."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value.isascii() or not value[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[17]
