"""The station's printable poster (issue 3): an A4 PDF in the bundled Chinese font with a QR code of its form."""

import re
import zlib

import pytest
import segno

from lianluo.core import pdf as pdf_support
from lianluo.stations import poster
from lianluo.stations.models import Station

URL = "https://lianluo.example.gov.cn/public/s/AbCdEfGhIjKl/"


@pytest.fixture
def station():
    return Station(name="星沙街道人大代表联络站", address="长沙县星沙街道开元东路1号",
                   opening_hours="工作日 9:00–17:00", reception_weekdays="1,3",
                   reception_rule="每月15日代表集中接待", phone="0731-84010000", public_key="AbCdEfGhIjKl")


def streams(pdf: bytes) -> list[bytes]:
    """Every stream of the PDF, inflated where it is compressed."""
    out = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        data = match.group(1)
        try:
            out.append(zlib.decompress(data))
        except zlib.error:
            out.append(data)
    return out


def dark_runs(data: str) -> int:
    """How many horizontal runs of dark modules the QR code of ``data`` has (one rectangle each)."""
    count = 0
    for row in segno.make(data, error="m", micro=False).matrix_iter(scale=1, border=4):
        count += sum(1 for i, dark in enumerate(row) if dark and (i == 0 or not row[i - 1]))
    return count


def test_poster_is_a_pdf_in_the_bundled_font(station):
    pdf = poster.station_poster_pdf(station, URL)
    assert pdf.startswith(b"%PDF-")
    assert re.search(rb"/FontName /[A-Z]{6}\+NotoSansCJKSC", pdf)  # the embedded subset of the bundled font
    assert b"/FontFile3" in pdf or b"/FontFile2" in pdf
    assert b"/ToUnicode" in pdf  # text can be extracted and searched
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf  # A4


def test_poster_text_maps_back_to_the_chinese_words(station):
    """The ToUnicode map holds the characters of the title, the name and the call to action."""
    pdf = poster.station_poster_pdf(station, URL)
    cmap = b"".join(s for s in streams(pdf) if b"beginbfchar" in s or b"beginbfrange" in s).decode("latin-1")
    mapped = {chr(int(h, 16)) for h in re.findall(r"<([0-9A-Fa-f]{4})>\s*$", cmap, re.M)}
    mapped |= {chr(int(h, 16)) for h in re.findall(r"<[0-9A-Fa-f]{4}> <([0-9A-Fa-f]{4})>", cmap)}
    for word in ("人大代表联络站", "星沙街道", "扫码反映意见建议", "查询码", "每周一"):
        assert set(word) <= mapped, word


def test_poster_draws_the_qr_code_of_the_public_url(station):
    """The QR code is vector: one filled rectangle per run of dark modules, plus the page's three panels."""
    pdf = poster.station_poster_pdf(station, URL)
    content = b"".join(streams(pdf)).decode("latin-1")
    rectangles = len(re.findall(r" re f\b", content))
    assert rectangles == dark_runs(URL) + 3  # red band, QR background, instructions box
    other = poster.station_poster_pdf(station, URL.replace("AbCd", "ZyXw"))
    assert other != pdf


def test_characters_outside_the_font_are_printed_as_boxes():
    assert pdf_support.printable("联络站𠀀") == "联络站□"


def test_reception_days_in_words(station):
    assert poster._reception_days(station) == "每周一、周三；每月15日代表集中接待"
    station.reception_weekdays, station.reception_rule = "", ""
    assert poster._reception_days(station) == ""


def test_bundled_font_is_small_and_licensed():
    font = pdf_support.FONT_PATH
    assert font.stat().st_size < 3 * 1024 * 1024
    assert (font.parent / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1
    assert "GB 2312" in (font.parent / "README.md").read_text()
    chars = pdf_support.font_chars()
    assert all(ord(c) in chars for c in "人大代表联络站长沙县星沙街道湘潭株洲岳麓区，。：（）“”")
