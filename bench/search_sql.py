"""Search alone, at the SQL level: the first page (21 newest ids) of filter_issues for common, rare and absent terms.

Usage (against a seeded PostgreSQL database):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_bench .venv/bin/python bench/search_sql.py [--repeat 30]

Each query runs once cold-ish (first), then --repeat times; prints p50/p95/max in milliseconds, the share of issues
holding the query's rarest bigram (index statistics) and the path taken. Timings are of the whole filter_issues
call plus fetching the first page, i.e. what a list page pays for its search.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from lianluo.casework import search  # noqa: E402
from lianluo.casework.models import Issue  # noqa: E402

QUERIES = [
    ("2 字常见", "物业"),
    ("2 字常见", "小区"),
    ("2 字中等", "噪音"),
    ("2 字较少", "燃气"),
    ("2 字较少", "跑路"),
    ("2 字罕见", "湾乡"),
    ("2 字罕见", "梅溪"),
    ("2 字无结果", "量子"),
    ("4 字", "地铁施工"),
    ("4 字无结果", "量子计算"),
    ("1 字", "桥"),
]


def page(query: str, qs) -> list[int]:
    return list(search.filter_issues(qs, query).order_by("-id").values_list("id", flat=True)[:21])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--region", default="", help="also run restricted to a region code prefix (e.g. 430121)")
    args = parser.parse_args()
    frequencies = search.term_frequencies() if connection.vendor == "postgresql" else {}
    total = Issue.objects.count()
    print(f"{connection.vendor}, {total} issues, {len(frequencies)} common terms in the index statistics")
    scopes = [("全省", Issue.objects.all())]
    if args.region:
        from lianluo.regions.tree import subtree_q

        scopes.append((args.region, Issue.objects.filter(subtree_q("region_id", [args.region]))))
    print(f"{'scope':<8}{'kind':<10}{'query':<10}{'df':>8}{'path':>8}{'hits':>6}{'first':>9}{'p50':>9}{'p95':>9}"
          f"{'max':>9}  (ms)")
    for scope, qs in scopes:
        for kind, query in QUERIES:
            fragments = [f for f in search.parse_query(query) if f.terms]
            df = float("nan")
            if fragments and connection.vendor == "postgresql":
                df = search._estimated_fraction(fragments, "default")
            path = search.choose_plan(qs, fragments) if fragments else "like"
            if connection.vendor != "postgresql":
                path = "fts5" if fragments else "like"
            started = time.perf_counter()
            hits = page(query, qs)
            first = (time.perf_counter() - started) * 1000
            timings = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                page(query, qs)
                timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            print(f"{scope:<8}{kind:<10}{query:<10}{df:>8.4f}{path:>8}{len(hits):>6}{first:>9.1f}"
                  f"{statistics.median(timings):>9.1f}{p95:>9.1f}{timings[-1]:>9.1f}")


if __name__ == "__main__":
    main()
