"""Small text helpers shared by the near-duplicate index, the hot-issue finder and the reply checks.

Chinese has no spaces, and a word segmenter is a heavy dependency whose dictionary misses the names that matter
most here (estates, schools, companies). Overlapping character n-grams need no dictionary and still match a
name written the same way twice, so every part of the engine works on them. The n-grams are hashed into a fixed
id space with integer arithmetic in numpy: no vocabulary to grow or store, the same ids in every process (unlike
Python's ``hash``), and about a hundred thousand texts a second.
"""

import re

import numpy as np

N_BITS = 22  # 4M hashed features: few collisions among the n-grams of a few hundred thousand messages

_SPACE = re.compile(r"\s+")
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing multiplier
_TRIGRAM_SALT = np.uint64(0xD6E8FEB86659FD93)
_MASK64 = (1 << 64) - 1
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def clean(text: str | None) -> str:
    """Fold full-width letters, digits and punctuation to ASCII, lower-case and drop all white space.

    The board's texts start with runs of tabs and newlines and mix full- and half-width forms (Ａ３区, A3区);
    n-grams must not depend on either. This is the part of NFKC that matters here, at a third of its cost.
    """
    if not text:
        return ""
    return _SPACE.sub("", text.translate(_FULL_WIDTH)).lower()


def _codepoints(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


def ngram_hashes(text: str, n_bits: int = N_BITS, trigrams: bool = True) -> np.ndarray:
    """Hashed ids of all character bigrams (and trigrams) of an already cleaned text, with repeats (uint32)."""
    cps = _codepoints(text)
    if len(cps) < 2:
        return np.zeros(0, dtype=np.uint32)
    shift = np.uint64(64 - n_bits)
    bigrams = (cps[:-1] << np.uint64(21)) | cps[1:]
    parts = [(bigrams * _MIX) >> shift]
    if trigrams and len(cps) >= 3:
        trigrams = ((cps[:-2] << np.uint64(42)) | (cps[1:-1] << np.uint64(21)) | cps[2:]) ^ _TRIGRAM_SALT
        parts.append((trigrams * _MIX) >> shift)
    return np.concatenate(parts).astype(np.uint32)


def ngram_set(text: str, n_bits: int = N_BITS, trigrams: bool = True) -> np.ndarray:
    """Sorted distinct hashed n-gram ids of a cleaned text (binary term presence)."""
    return sorted_unique(ngram_hashes(text, n_bits, trigrams))


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` without its hashing pass, which is slower for the short integer arrays used here."""
    ids = np.sort(values)
    if len(ids) < 2:
        return ids
    keep = np.empty(len(ids), dtype=bool)
    keep[0] = True
    np.not_equal(ids[1:], ids[:-1], out=keep[1:])
    return ids[keep]


def ngram_counts(text: str, n_bits: int = N_BITS) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct hashed n-gram ids of a cleaned text and how often each occurs."""
    ids, counts = np.unique(ngram_hashes(text, n_bits), return_counts=True)
    return ids, counts.astype(np.float32)


def token_id(token: str, n_bits: int = N_BITS) -> int:
    """A hashed id for a whole token (an anchor such as an estate name), in the same id space as the n-grams.

    The token is prefixed with a character no cleaned text contains next to it, so it never equals an n-gram.
    """
    h = 0xCBF29CE484222325
    for ch in "\x01" + token:  # FNV-1a over code points; tokens are short
        h = ((h ^ ord(ch)) * 0x100000001B3) & _MASK64
    return ((h * int(_MIX)) & _MASK64) >> (64 - n_bits)


def smooth_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """scikit-learn's smoothed idf, ``ln((1 + n) / (1 + df)) + 1``: never zero, so a shared common term still counts."""
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)


def char_bigrams(text: str) -> set[str]:
    """Distinct character bigrams of a cleaned text, as strings (for small overlap measures)."""
    return {text[i : i + 2] for i in range(len(text) - 1)}
