"""Model fields for personal data encrypted at rest (SECURITY.md A11, B3)."""

from django.db import models

from lianluo.core.crypto import provider


class EncryptedTextField(models.TextField):
    """Stores SM4-GCM ciphertext; Python code sees plaintext.

    ``purpose`` separates keys by kind of data. Ciphertexts are randomised, so the column cannot be
    searched; pair it with a blind index (``blind_index``) when exact lookups are needed.
    """

    def __init__(self, *args, purpose: str = "pii", **kwargs):
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return provider().decrypt(value, purpose=self.purpose)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return provider().encrypt(str(value), purpose=self.purpose)


def blind_index(value: str, *, purpose: str) -> str:
    """A keyed digest for exact-match lookups of encrypted values (empty for empty input)."""
    if not value:
        return ""
    return provider().mac(value.strip().encode(), purpose=f"index/{purpose}")
