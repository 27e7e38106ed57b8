"""The one door to cryptography (密评 GB/T 39786 8.4; SECURITY.md B2).

Every SM3/SM4 operation in Lianluo goes through a CryptoProvider. The software provider below uses
the ``cryptography`` package and a master key file under var/; a production deployment that must
use a certified cipher machine (8.4 j) plugs in a provider that calls the HSM instead.
"""

import base64
import hmac
import os
from functools import cache
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

CIPHERTEXT_PREFIX = "sm4gcm1:"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    """The ciphertext was altered or was made with another key."""


class CryptoProvider:
    """Interface: symmetric encryption with integrity, keyed digests, and digests."""

    def encrypt(self, plaintext: str, *, purpose: str) -> str:
        raise NotImplementedError

    def decrypt(self, token: str, *, purpose: str) -> str:
        raise NotImplementedError

    def mac(self, data: bytes, *, purpose: str) -> str:
        """Hex HMAC-SM3 of data under the key for purpose."""
        raise NotImplementedError

    def digest(self, data: bytes) -> str:
        """Hex SM3 digest."""
        raise NotImplementedError


class SoftwareCryptoProvider(CryptoProvider):
    """SM4-GCM and HMAC-SM3 in process, keys derived from one master key file."""

    def __init__(self, master_key: bytes):
        if len(master_key) < 32:
            raise ImproperlyConfigured("The master key must be at least 32 bytes.")
        self._master = master_key
        self._subkeys: dict[tuple[str, int], bytes] = {}

    @classmethod
    def from_settings(cls) -> "SoftwareCryptoProvider":
        return cls(_load_or_create_master_key(Path(settings.MASTER_KEY_FILE)))

    def _subkey(self, purpose: str, size: int) -> bytes:
        # Separate keys per purpose, so that a blind index can never be used to check a ciphertext. Derived once
        # per process: bulk imports encrypt hundreds of thousands of values.
        key = self._subkeys.get((purpose, size))
        if key is None:
            key = bytes.fromhex(self._hmac(self._master, f"lianluo/{purpose}".encode()))[:size]
            self._subkeys[(purpose, size)] = key
        return key

    @staticmethod
    def _hmac(key: bytes, data: bytes) -> str:
        signer = crypto_hmac.HMAC(key, hashes.SM3())
        signer.update(data)
        return signer.finalize().hex()

    def encrypt(self, plaintext: str, *, purpose: str) -> str:
        key = self._subkey(f"enc/{purpose}", 16)
        nonce = os.urandom(NONCE_BYTES)
        encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        encryptor.authenticate_additional_data(purpose.encode())
        body = encryptor.update(plaintext.encode()) + encryptor.finalize()
        return CIPHERTEXT_PREFIX + base64.b64encode(nonce + body + encryptor.tag).decode()

    def decrypt(self, token: str, *, purpose: str) -> str:
        if not token.startswith(CIPHERTEXT_PREFIX):
            raise DecryptionError("not a Lianluo ciphertext")
        try:
            raw = base64.b64decode(token[len(CIPHERTEXT_PREFIX):], validate=True)
        except ValueError as exc:
            raise DecryptionError("ciphertext is not valid base64") from exc
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise DecryptionError("ciphertext too short")
        nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
        key = self._subkey(f"enc/{purpose}", 16)
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        decryptor.authenticate_additional_data(purpose.encode())
        try:
            return (decryptor.update(body) + decryptor.finalize()).decode()
        except InvalidTag as exc:
            raise DecryptionError("integrity check failed") from exc

    def mac(self, data: bytes, *, purpose: str) -> str:
        return self._hmac(self._subkey(f"mac/{purpose}", 32), data)

    def digest(self, data: bytes) -> str:
        hasher = hashes.Hash(hashes.SM3())
        hasher.update(data)
        return hasher.finalize().hex()


def _load_or_create_master_key(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(os.urandom(32).hex())
    try:
        key = bytes.fromhex(path.read_text().strip())
    except ValueError:
        raise ImproperlyConfigured(f"LIANLUO_MASTER_KEY_FILE: {path.name} does not hold a hex key.") from None
    return key


@cache
def provider() -> CryptoProvider:
    factory = import_string(settings.CRYPTO_PROVIDER)
    return factory.from_settings() if hasattr(factory, "from_settings") else factory()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
