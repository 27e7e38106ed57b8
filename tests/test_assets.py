"""Everything the browser loads is local (政务内网, DESIGN.md §5), and the vendored files are what vendored.json says.

Two rules for outside addresses in templates (lianluo/**/templates) and static files (lianluo/static):
1. No outside address where a browser would fetch it: ``src=``, ``href=``, ``action=``, ``srcset=``, ``poster=``,
   ``url(...)``, ``@import`` with ``http://``, ``https://`` or a protocol-relative ``//host``.
2. No ``http(s)://`` anywhere else either, except XML namespace identifiers (never fetched), licence-banner
   comments in the vendored minified files, and the few inert text mentions listed in VENDORED_TEXT_MENTIONS.
The licence documents of the vendored packages (LICENSE, NOTICE, VENDORED.md) are not scanned: they are prose.
"""

import hashlib
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import lianluo

PACKAGE = Path(lianluo.__file__).resolve().parent
STATIC = PACKAGE / "static"
VENDOR = STATIC / "vendor"
LICENCE_DOCS = re.compile(r"^(LICENSE.*|NOTICE|VENDORED\.md)$")

XML_NAMESPACES = {
    "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink", "http://www.w3.org/2000/xmlns/",
    "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML",
}
# Text that names an address without fetching it, pinned by count (see VENDORED.md, "Outside addresses").
VENDORED_TEXT_MENTIONS = {
    # "Bootstrap's dropdowns/tooltips require Popper (https://...)": error messages; the bundle includes Popper.
    ("vendor/bootstrap/js/bootstrap.bundle.min.js",
     "https://github.com/floating-ui/popper-docs/blob/main/docs/v2/index.md"): 2,
}

URL = re.compile(r"""https?://[^\s"'`()<>\\]+""")
FETCHED = re.compile(
    r"""(?:\b(?:src|href|action|srcset|poster)\s*=\s*["']?\s*|url\(\s*["']?\s*|@import\s+(?:url\(\s*)?["']?\s*)"""
    r"""(?:https?:)?//[^\s"'`)<>]*""",
    re.IGNORECASE,
)
BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
LICENCE_WORDS = re.compile(r"licen[cs]e|copyright|@preserve", re.I)


def templates() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("**/templates/**/*") if p.is_file())


def static_files() -> list[Path]:
    return sorted(p for p in STATIC.rglob("*") if p.is_file() and not LICENCE_DOCS.match(p.name))


def licence_banners(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in BLOCK_COMMENT.finditer(text) if LICENCE_WORDS.search(m.group())]


def outside_addresses(name: str, text: str, *, vendored: bool) -> list[str]:
    """Every outside address in one file that the rules above do not allow (empty when the file is clean)."""
    problems = [f"{name}: fetched from outside: {m.group()!r}" for m in FETCHED.finditer(text)]
    banners = licence_banners(text) if vendored else []
    mentions = Counter()
    for match in URL.finditer(text):
        url = match.group().rstrip(".,;")
        if url in XML_NAMESPACES:
            continue
        if any(start <= match.start() < end for start, end in banners):
            continue
        mentions[url] += 1
    for url, count in mentions.items():
        if VENDORED_TEXT_MENTIONS.get((name, url)) == count:
            continue
        problems.append(f"{name}: outside address {url!r} ({count}×)")
    return problems


def relative(path: Path) -> str:
    return path.relative_to(STATIC).as_posix() if path.is_relative_to(STATIC) else path.relative_to(PACKAGE).as_posix()


def test_templates_refer_to_no_outside_address():
    found = templates()
    assert len(found) >= 20 and any(p.name == "base.html" for p in found)
    problems = [p for path in found for p in outside_addresses(relative(path), path.read_text(), vendored=False)]
    assert not problems, "\n".join(problems)


def test_static_files_refer_to_no_outside_address():
    found = static_files()
    assert any(p.name == "echarts.min.js" for p in found) and not any(p.name == "LICENSE" for p in found)
    problems = []
    for path in found:
        text = path.read_text(encoding="utf-8", errors="replace")
        problems += outside_addresses(relative(path), text, vendored=path.is_relative_to(VENDOR))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("text", "vendored", "caught"), [
    ('<script src="https://cdn.jsdelivr.net/npm/htmx.org"></script>', False, True),
    ("<link rel=stylesheet href=//fonts.googleapis.com/css>", False, True),
    ('.x{background:url("//cdn.example.com/a.png")}', True, True),
    ("@import 'https://fonts.googleapis.com/css2';", False, True),
    ('<form action="http://collector.example.com/">', False, True),
    ('fetch("https://api.example.com/track")', True, True),
    ('<a href="https://getbootstrap.com/">文档</a>', False, True),
    ("/*! Bootstrap (https://getbootstrap.com/) */", False, True),  # a banner counts only in vendored files
    ("/*! Bootstrap (https://getbootstrap.com/) | Licensed under MIT */", True, False),
    ('.x{background:url("data:image/svg+xml,%3csvg xmlns=\'http://www.w3.org/2000/svg\'%3e")}', True, False),
    ('e.setAttributeNS("http://www.w3.org/1999/xlink","href",t)', True, False),
    ('<a href="{% url \'dashboard:home\' %}">工作台</a> <img src="/static/x.svg">', False, False),
    ("// a comment, not an address", True, False),
])
def test_the_scanner_catches_outside_addresses(text, vendored, caught):
    assert bool(outside_addresses("sample", text, vendored=vendored)) is caught


def test_known_text_mentions_are_pinned_by_count():
    name, url = next(iter(VENDORED_TEXT_MENTIONS))
    assert not outside_addresses(name, f'"({url})" "({url})"', vendored=True)
    assert outside_addresses(name, f'"({url})" "({url})" "({url})"', vendored=True)


# ---------------------------------------------------------------- vendored files


def manifest() -> list[dict]:
    data = json.loads((VENDOR / "vendored.json").read_text())
    return [entry for package in data["packages"] for entry in package["files"]]


def test_vendored_files_match_the_manifest():
    entries = manifest()
    assert len(entries) >= 9
    problems = []
    for entry in entries:
        path = VENDOR / entry["path"]
        if not path.is_file():
            problems.append(f"{entry['path']}: missing")
            continue
        content = path.read_bytes()
        if hashlib.sha256(content).hexdigest() != entry["sha256"]:
            problems.append(f"{entry['path']}: sha256 differs from vendored.json")
        if len(content) != entry["size"]:
            problems.append(f"{entry['path']}: {len(content)} bytes, vendored.json says {entry['size']}")
        if entry["sha256"] != entry["upstream_sha256"] and not entry.get("modified"):
            problems.append(f"{entry['path']}: differs from upstream without saying how")
    assert not problems, "\n".join(problems)


def test_every_vendored_file_is_in_the_manifest():
    listed = {entry["path"] for entry in manifest()}
    present = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert present - listed == {"VENDORED.md", "vendored.json"}


def test_no_source_map_references_in_vendored_code():
    """A reference to a missing .map breaks collectstatic with ManifestStaticFilesStorage (VENDORED.md)."""
    for path in VENDOR.rglob("*"):
        if path.suffix in {".js", ".css"}:
            assert b"sourceMappingURL" not in path.read_bytes(), path


# ---------------------------------------------------------------- {% static %} paths

STATIC_TAG = re.compile(r"""{%\s*static\s+["']([^"']+)["']""")


def test_every_static_path_used_in_templates_exists():
    from django.contrib.staticfiles import finders

    used = {(relative(path), name) for path in templates() for name in STATIC_TAG.findall(path.read_text())}
    assert {name for _, name in used} >= {"vendor/bootstrap/css/bootstrap.min.css", "vendor/htmx/htmx.min.js"}
    missing = [f"{template}: {{% static '{name}' %}}" for template, name in sorted(used) if not finders.find(name)]
    assert not missing, "\n".join(missing)


def test_templates_do_not_hard_code_static_urls():
    """Static files go through {% static %}, so that the manifest storage serves the hashed names."""
    offenders = [relative(p) for p in templates() if re.search(r"""["'(]/static/""", p.read_text())]
    assert not offenders
