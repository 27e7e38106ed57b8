"""Runs the permission matrix (tests/permission_matrix.py): one test per row, plus completeness checks.

SECURITY.md A6 and C1; "How trusted projects test these", item 3.
"""

import json
from collections import defaultdict

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from permission_matrix import CASES, EVERYONE, Case, World, client_for, db_fingerprint

from lianluo.core.models import AuditEvent


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case.known_gap, strict=True)] if case.known_gap else []
        yield pytest.param(case, id=str(case), marks=marks)


@pytest.fixture
def world(db):
    return World()


def _send(client, case: Case, url: str, data):
    if case.method == "GET":
        return client.get(url, data or {})
    if case.is_api:
        return client.generic(case.method, url, json.dumps(data or {}), content_type="application/json")
    return client.generic(case.method, url, _form_encode(data or {}),
                          content_type="application/x-www-form-urlencoded")


def _form_encode(data) -> str:
    from urllib.parse import urlencode

    return urlencode(data)


@pytest.mark.parametrize("case", list(_params()))
def test_permission(case, world):
    client = client_for(case.who, world)
    url = reverse(case.route, kwargs=world.resolve_all(case.kwargs))
    data = world.resolve_all(case.data)
    before = db_fingerprint()
    audit_before = AuditEvent.objects.count()

    response = _send(client, case, url, data)

    location = response.get("Location", "")
    assert response.status_code == case.expect, f"{case}: got {response.status_code} {location}"
    if case.redirect is not None:
        assert location.startswith(case.redirect), f"{case}: redirected to {location!r}"
    if case.writes:
        assert AuditEvent.objects.count() > audit_before, f"{case}: the write left no audit row"
    else:
        after = db_fingerprint()
        changed = [label for label in before if before[label] != after[label]]
        assert not changed, f"{case}: must change nothing, but changed {changed}"


# ---------------------------------------------------------------- completeness


def _path_view(callback):
    """The django-ninja PathView behind an /api/v1/ URL pattern (it holds the operations and their methods)."""
    from ninja.operation import PathView

    for cell in getattr(callback, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return cell.cell_contents
    return None


def walk_routes(patterns=None, namespace=()):
    """Yield (route name, methods) for every URL pattern; methods is None for page views (any method) and the
    operation methods for API operations. Unnamed patterns are yielded as (None, path) so they fail."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from walk_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            if not pattern.name:
                yield None, str(pattern.pattern)
                continue
            name = ":".join((*namespace, pattern.name))
            view = _path_view(pattern.callback)
            methods = None
            if view is not None:
                methods = frozenset(m for op in view.operations for m in op.methods)
            elif name.startswith("api-") and not (hasattr(pattern.callback, "func")
                                                  or hasattr(pattern.callback, "__wrapped__")):
                # partial (docs views) or a decorated view (login_required docs) are plain page views
                raise AssertionError(f"{name}: an API route whose operations cannot be read; update walk_routes")
            yield name, methods


def missing_rows(routes, cases, actors=EVERYONE) -> list[str]:
    """What the matrix lacks: each route (and each method of an API operation) needs a row for every actor."""
    covered = defaultdict(set)
    for case in cases:
        covered[(case.route, case.method)].add(case.who)
        covered[(case.route, None)].add(case.who)
    missing = []
    for name, methods in routes:
        if name is None:
            missing.append(f"unnamed route {methods!r}: name it so the matrix can refer to it")
            continue
        for method in sorted(methods) if methods else [None]:
            lacking = [actor for actor in actors if actor not in covered[(name, method)]]
            if lacking:
                missing.append(f"{method or 'any method'} {name}: no row for {', '.join(lacking)}")
    return missing


def test_every_route_has_a_row_for_every_actor():
    """No exclusions: static files are served by WhiteNoise (no URL pattern), and the API schema and docs
    views are in the matrix like any other route."""
    routes = list(walk_routes())
    assert len(routes) >= 30
    assert not missing_rows(routes, CASES), "\n".join(missing_rows(routes, CASES))


def test_completeness_check_notices_a_route_without_rows():
    """The check above can fail: an unknown route, a missing API method or a missing actor is reported."""
    routes = [("deputies:deputy_list", None), ("api-1.0.0:region_list", frozenset({"GET", "DELETE"})),
              (None, "orphan/")]
    report = missing_rows(routes, CASES)
    assert any(line.startswith("any method deputies:deputy_list") for line in report)
    assert any(line.startswith("DELETE api-1.0.0:region_list") for line in report)
    assert not any(line.startswith("GET api-1.0.0:region_list") for line in report)
    assert any("unnamed route" in line for line in report)
    partial = [case for case in CASES if not (case.route == "core:audit_log" and case.who == "hn_shenji")]
    assert missing_rows([("core:audit_log", None)], partial) == ["any method core:audit_log: no row for hn_shenji"]


def test_api_methods_are_read_from_the_resolver():
    routes = dict(walk_routes())
    assert routes["api-1.0.0:session_create"] == frozenset({"POST"})
    assert routes["api-1.0.0:region_list"] == frozenset({"GET"})
    assert routes["accounts:user_detail"] is None


def test_rows_do_not_contradict_each_other():
    seen = {}
    for case in CASES:
        key = (case.route, case.method, repr(sorted(case.kwargs.items())), repr(case.data), case.who)
        assert seen.setdefault(key, case.expect) == case.expect, f"two rows disagree: {case}"


def test_matrix_has_the_inside_outside_axis():
    """The rows the design names explicitly (DESIGN.md §2) are present with the right expectation."""
    def find(route, who, **kwargs):
        return [c.expect for c in CASES if c.route == route and c.who == who and c.method == "GET"
                and all(repr(c.kwargs.get(k)) == repr(v) for k, v in kwargs.items())]

    assert find("regions:region_detail", "csx_lianluo", code="4302") == [404]
    assert find("regions:region_detail", "hn_lianluo", code="4302") == [200]
    assert 404 in find("regions:congress_detail", "csx_lianluo")
    assert find("core:audit_log", "hn_shenji") == [200]
    assert find("core:audit_log", "hn_xitong") == [403]
    assert find("core:audit_log", "hn_anquan") == [403]
