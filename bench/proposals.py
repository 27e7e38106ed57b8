"""Deputies' suggestions: p50/p95 of the suggestion pages, in process, each as a ratio to a trivial page measured
in the same run.

Usage (against a seeded PostgreSQL database, served with the same LIANLUO_VAR_DIR as the seed; bench/README.md):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_bench .venv/bin/python bench/proposals.py [--repeat 40]

Requests go through Django's test Client (the whole middleware stack, templates and SQL, no HTTP server and no
network), signed in as the seeded province liaison account ``seed_sheng``; the public search is requested
anonymously. Pages are taken in turn, one request at a time, so every page sees the same state of the machine.
The cache is cleared before every request unless ``--keep-cache`` is given: the figures are those of a miss, the
worst case of a page that caches. A page that answers 404 is skipped with a message (it is not built yet); any
other answer but 200 is reported and skipped. One more request per page, at the end, counts its SQL queries and
their time.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

import config.wsgi  # noqa: E402,F401  (sets Django up as the server does, heap frozen included)

# name -> (path, signed in?); {placeholders} are filled from the database. Edit to measure other pages.
ROUTES = {
    "baseline": ("/accounts/me/", True),
    "suggestion_list": ("/proposals/", True),
    "suggestion_list_filtered": ("/proposals/?status=closed&year={year}&q=物业", True),
    "suggestion_list_nohit": ("/proposals/?q=量子", True),
    "public_search": ("/public/suggestions/?q=物业", False),
    "public_search_nohit": ("/public/suggestions/?q=量子", False),
    "statistics": ("/proposals/statistics/", True),
    "statistics_year": ("/proposals/statistics/?year={year}", True),
    "assessment": ("/proposals/assessment/", True),
}
BASELINE = "baseline"


def placeholders() -> dict[str, str]:
    from lianluo.proposals.models import Suggestion

    year = Suggestion.objects.order_by("-year").values_list("year", flat=True).first() or 2026
    return {"year": str(year - 1)}  # last year: finished, the busiest filter result


def signed_in_client(username: str) -> Client:
    """A test client with a full session for ``username`` (as the tests' ``signed_in`` fixture makes it)."""
    from lianluo.accounts.middleware import SECOND_FACTOR, SIGNED_IN_AT
    from lianluo.accounts.models import User

    user = User.objects.filter(username=username).first()
    if user is None:
        raise SystemExit(f"no account {username}: seed the database first (lianluo seed --scale province)")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="lianluo.accounts.backends.UsernameOrMobileBackend")
    session = client.session
    session[SIGNED_IN_AT] = time.time()
    session[SECOND_FACTOR] = True
    session.save()
    return client


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def fetch(client: Client, path: str, keep_cache: bool) -> tuple[int, float]:
    if not keep_cache:
        cache.clear()
    started = time.perf_counter()
    response = client.get(path)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code, (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="seed_sheng")
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first")
    parser.add_argument("--keep-cache", action="store_true", help="do not clear the cache before each request")
    parser.add_argument("--only", default="", help="comma-separated page names (the baseline always runs)")
    args = parser.parse_args()
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)  # as `lianluo serve` does
    values = placeholders()
    wanted = {name for name in args.only.split(",") if name} | {BASELINE}
    routes = {name: (path.format(**values), auth) for name, (path, auth) in ROUTES.items()
              if not args.only or name in wanted}
    clients = {True: signed_in_client(args.user), False: Client(HTTP_HOST="127.0.0.1")}
    from lianluo.proposals.models import Publication, Suggestion

    print(f"{connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}, "
          f"{Suggestion.objects.count()} suggestions, {Publication.objects.count()} public versions; "
          f"signed in as {args.user}; cache {'kept' if args.keep_cache else 'cleared before each request'}")

    live = {}
    for name, (path, auth) in routes.items():
        status, ms = fetch(clients[auth], path, args.keep_cache)
        if status == 404:
            print(f"skip  {name:<26} 404 (not built yet) {path}")
        elif status != 200:
            print(f"skip  {name:<26} {status} {path}")
        else:
            print(f"check {name:<26} {status} {ms:8.1f} ms (first) {path}")
            live[name] = (path, auth)
    if BASELINE not in live:
        raise SystemExit("the baseline page did not answer 200; nothing to compare with")
    for _ in range(args.warmup):
        for path, auth in live.values():
            fetch(clients[auth], path, args.keep_cache)
    timings: dict[str, list[float]] = {name: [] for name in live}
    errors = dict.fromkeys(live, 0)
    for _ in range(args.repeat):
        for name, (path, auth) in live.items():
            status, ms = fetch(clients[auth], path, args.keep_cache)
            timings[name].append(ms)
            errors[name] += status != 200
    queries = {}
    for name, (path, auth) in live.items():
        with CaptureQueriesContext(connection) as captured:
            fetch(clients[auth], path, args.keep_cache)
        queries[name] = (len(captured.captured_queries),
                         sum(float(q["time"]) for q in captured.captured_queries) * 1000)

    base = timings[BASELINE]
    base50, base95 = statistics.median(base), percentile(base, 0.95)
    print(f"\n{args.repeat} requests per page after {args.warmup} warm-up rounds, one at a time, milliseconds")
    print(f"{'page':<26}{'n':>4}{'err':>4}{'p50':>8}{'p95':>8}{'max':>8}{'p50/base':>10}{'p95/base':>10}"
          f"{'queries':>9}{'sql ms':>8}")
    for name, values_ms in timings.items():
        p50, p95 = statistics.median(values_ms), percentile(values_ms, 0.95)
        count, sql = queries[name]
        print(f"{name:<26}{len(values_ms):>4}{errors[name]:>4}{p50:>8.1f}{p95:>8.1f}{max(values_ms):>8.1f}"
              f"{p50 / base50:>10.2f}{p95 / base95:>10.2f}{count:>9}{sql:>8.1f}")
    skipped = [name for name in routes if name not in live]
    if skipped:
        print("\nnot measured (see above): " + ", ".join(skipped))


if __name__ == "__main__":
    main()
