"""Password rules (等保 8.1.4.1 a): length is set in settings; here, character classes."""

import string

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

CLASSES = (
    ("小写字母", set(string.ascii_lowercase)),
    ("大写字母", set(string.ascii_uppercase)),
    ("数字", set(string.digits)),
)


def character_classes(password: str) -> int:
    count = sum(1 for _, chars in CLASSES if any(c in chars for c in password))
    # Anything else (punctuation, CJK, spaces) counts as the fourth class: symbols.
    if any(not (c.isascii() and c.isalnum()) for c in password):
        count += 1
    return count


class CharacterClassValidator:
    """At least ``min_classes`` of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。",
                code="password_too_simple",
            )

    def get_help_text(self):
        return f"须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。"


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule with a Chinese message: Django 5.2 changed that message's id ("%d" for
    "%(min_length)d") and its zh_Hans catalogue does not translate the new one, so users saw English."""

    def get_error_message(self):
        return f"密码太短，至少 {self.min_length} 位。"

    def get_help_text(self):
        return f"至少 {self.min_length} 位。"
