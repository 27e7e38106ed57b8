"""Cryptography for data at rest (密评 GB/T 39786-2021 8.4 d)–e); SECURITY.md A11, B2).

Known-answer tests prove the primitives are the national algorithms (SM3: GB/T 32905-2016;
SM4: GB/T 32907-2016); the provider tests prove SM4-GCM gives confidentiality *and* integrity; the
field tests prove the database holds ciphertext only.
"""

import base64
import os

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from lianluo.accounts.models import User
from lianluo.core.crypto import (
    CIPHERTEXT_PREFIX,
    NONCE_BYTES,
    DecryptionError,
    SoftwareCryptoProvider,
    provider,
)
from lianluo.core.fields import blind_index

SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
# GB/T 32905-2016 Appendix A, example 2: "abcd" repeated 16 times (one full 512-bit block).
SM3_ABCD_X16 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
SM4_KEY = SM4_PLAIN = bytes.fromhex("0123456789abcdeffedcba9876543210")
SM4_CIPHER = "681edf34d206965e86b3e94f536e4246"


@pytest.fixture
def software():
    return SoftwareCryptoProvider(os.urandom(32))


# --- Known answers ------------------------------------------------------------------------------


def test_sm3_known_answer_abc():
    """SM3("abc") matches GB/T 32905-2016 Appendix A example 1."""
    hasher = hashes.Hash(hashes.SM3())
    hasher.update(b"abc")
    assert hasher.finalize().hex() == SM3_ABC


@pytest.mark.parametrize("data, expected", [(b"abc", SM3_ABC), (b"abcd" * 16, SM3_ABCD_X16)])
def test_provider_digest_is_sm3(software, data, expected):
    """The platform's digest is SM3 (both standard examples), not some other hash."""
    assert software.digest(data) == expected


def test_sm4_known_answer_ecb():
    """SM4 with key = plaintext = 0123456789abcdeffedcba9876543210 gives 681edf34…4246 (GB/T 32907 A.1)."""
    encryptor = Cipher(algorithms.SM4(SM4_KEY), modes.ECB()).encryptor()  # noqa: S305 - a single-block KAT
    assert (encryptor.update(SM4_PLAIN) + encryptor.finalize()).hex() == SM4_CIPHER


def test_provider_ciphertext_is_sm4_gcm(software):
    """The provider's ciphertext decrypts with an independent SM4-GCM decryptor: the cipher is real SM4.

    The token layout is prefix + base64(nonce ‖ body ‖ tag), the purpose bound as associated data.
    """
    token = software.encrypt("13907310001", purpose="mobile")
    raw = base64.b64decode(token.removeprefix(CIPHERTEXT_PREFIX))
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-16], raw[-16:]
    key = software._subkey("enc/mobile", 16)
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(b"mobile")
    assert (decryptor.update(body) + decryptor.finalize()).decode() == "13907310001"


# --- SoftwareCryptoProvider contract ------------------------------------------------------------


@pytest.mark.parametrize(
    "plaintext", ["13907310001", "430121199001011234", "张三 反映：道路积水，需尽快处理。", "x" * 5000, ""]
)
def test_round_trip(software, plaintext):
    """decrypt(encrypt(x)) == x for ASCII, Chinese text, long text and the empty string."""
    token = software.encrypt(plaintext, purpose="pii")
    assert token.startswith(CIPHERTEXT_PREFIX)
    assert software.decrypt(token, purpose="pii") == plaintext


def test_ciphertexts_are_randomised(software):
    """The same plaintext encrypts differently each time (fresh nonce), so equal values do not show."""
    tokens = {software.encrypt("13907310001", purpose="mobile") for _ in range(20)}
    assert len(tokens) == 20
    assert all("13907310001" not in token for token in tokens)


def _flip(token: str, position: int) -> str:
    raw = bytearray(base64.b64decode(token.removeprefix(CIPHERTEXT_PREFIX)))
    raw[position] ^= 0x01
    return CIPHERTEXT_PREFIX + base64.b64encode(bytes(raw)).decode()


@pytest.mark.parametrize("position", [0, NONCE_BYTES, NONCE_BYTES + 5, -1], ids=["nonce", "body-start", "body", "tag"])
def test_tampered_ciphertext_is_refused(software, position):
    """Changing any single bit (nonce, body or GCM tag) fails the integrity check (A11: tag = integrity)."""
    token = software.encrypt("13907310001", purpose="mobile")
    with pytest.raises(DecryptionError):
        software.decrypt(_flip(token, position), purpose="mobile")


@pytest.mark.parametrize(
    "token",
    ["13907310001", CIPHERTEXT_PREFIX + "not base64!", CIPHERTEXT_PREFIX + base64.b64encode(b"short").decode()],
    ids=["plaintext", "bad-base64", "too-short"],
)
def test_malformed_tokens_are_refused(software, token):
    """Anything that is not a well-formed ciphertext raises DecryptionError, never returns data."""
    with pytest.raises(DecryptionError):
        software.decrypt(token, purpose="mobile")


def test_a_different_purpose_cannot_decrypt(software):
    """Keys are separated by purpose: a TOTP-secret key cannot open a mobile number."""
    token = software.encrypt("13907310001", purpose="mobile")
    with pytest.raises(DecryptionError):
        software.decrypt(token, purpose="totp")


def test_a_different_master_key_cannot_decrypt(software):
    """A ciphertext is useless with another installation's master key."""
    token = software.encrypt("13907310001", purpose="mobile")
    with pytest.raises(DecryptionError):
        SoftwareCryptoProvider(os.urandom(32)).decrypt(token, purpose="mobile")


def test_mac_is_keyed_and_separated_by_purpose(software):
    """mac() is deterministic per key and purpose, differs across purposes and keys, and is not plain SM3."""
    data = b"13907310001"
    assert software.mac(data, purpose="a") == software.mac(data, purpose="a")
    assert software.mac(data, purpose="a") != software.mac(data, purpose="b")
    assert software.mac(data, purpose="a") != SoftwareCryptoProvider(os.urandom(32)).mac(data, purpose="a")
    assert software.mac(data, purpose="a") != software.digest(data)


def test_short_master_key_is_refused():
    """A master key under 256 bits is a configuration error, not a silently weak key."""
    with pytest.raises(ImproperlyConfigured):
        SoftwareCryptoProvider(b"\x00" * 16)


# --- EncryptedTextField and the blind index --------------------------------------------------------


def _raw_user_row(username: str) -> tuple[str, str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT mobile, mobile_index, totp_secret FROM accounts_user WHERE username = %s", [username])
        return cursor.fetchone()


@pytest.mark.django_db
def test_mobile_column_holds_ciphertext_only(cast):
    """Raw SQL finds SM4-GCM ciphertext in accounts_user.mobile, not the number (A11)."""
    stored, index, _ = _raw_user_row("csx_lianluo")
    assert stored.startswith(CIPHERTEXT_PREFIX)
    assert "13907310003" not in stored
    assert "13907310003" not in index
    assert cast("csx_lianluo").mobile == "13907310003"


@pytest.mark.django_db
def test_no_plaintext_mobile_anywhere_in_the_user_table():
    """No text column of any account row contains an 11-digit mobile number in plaintext.

    (The hex digest columns, password and mobile_index, are left out: hex can hold 11 digits by chance.)
    """
    import re

    with connection.cursor() as cursor:
        cursor.execute("SELECT username, full_name, mobile, totp_secret FROM accounts_user")
        rows = cursor.fetchall()
    assert len(rows) >= 13
    leaks = [row for row in rows if re.search(r"1[3-9]\d{9}", " ".join(str(value) for value in row))]
    assert leaks == []


@pytest.mark.django_db
def test_saving_a_new_mobile_reencrypts_and_updates_the_blind_index(cast):
    """A changed number is stored as a new ciphertext and found through its new blind index."""
    user = cast("csx_daibiao")
    before, before_index, _ = _raw_user_row("csx_daibiao")
    user.mobile = "13800138000"
    user.save()

    after, after_index, _ = _raw_user_row("csx_daibiao")
    assert after != before and after_index != before_index
    assert "13800138000" not in after
    assert User.objects.get(mobile_index=blind_index("13800138000", purpose="mobile")) == user
    assert not User.objects.filter(mobile_index=blind_index("13907310004", purpose="mobile")).exists()


@pytest.mark.django_db
def test_resaving_the_same_value_gives_a_new_ciphertext_but_the_same_index(cast):
    """Randomised encryption, deterministic index: equality is only visible through the keyed index."""
    user = cast("csx_daibiao")
    before, before_index, _ = _raw_user_row("csx_daibiao")
    user.save()
    after, after_index, _ = _raw_user_row("csx_daibiao")
    assert after != before
    assert after_index == before_index


@pytest.mark.django_db
@pytest.mark.parametrize("username, mobile", [("hn_lianluo", "13907310001"), ("hn_shenji", "13907310013")])
def test_blind_index_lookup_finds_the_account(cast, username, mobile):
    """An exact lookup by mobile number works through the HMAC-SM3 blind index."""
    assert User.objects.get(mobile_index=blind_index(mobile, purpose="mobile")) == cast(username)


def test_blind_index_is_a_keyed_digest_not_a_plain_hash():
    """The index is HMAC-SM3 under a purpose key: not SM3 of the number, which anyone could precompute."""
    index = blind_index("13907310001", purpose="mobile")
    assert len(index) == 64
    assert index != provider().digest(b"13907310001")
    assert index != blind_index("13907310001", purpose="id_number")
    assert blind_index("", purpose="mobile") == ""


@pytest.mark.django_db
def test_tampered_ciphertext_in_the_database_fails_loudly(cast):
    """An edited ciphertext in the row is not silently read back as some other number."""
    stored, _, _ = _raw_user_row("csx_daibiao")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET mobile = %s WHERE username = %s", [_flip(stored, 20), "csx_daibiao"])
    with pytest.raises(DecryptionError):
        User.objects.get(username="csx_daibiao")
