"""Near-duplicate index: build time, memory and query latency at 100,000 texts, on one core.

Usage:
    .venv/bin/python bench/textmine_similar.py [--data DIR] [--size 100000] [--queries 300] [--seed 7]

DIR holds the board's message files (hot_issue_messages.csv, messages_with_replies.csv, messages_unlabelled.csv,
messages_labelled_raw.csv); default: $LIANLUO_SHARED_DATA/teddy2020, or ../shared/data/teddy2020 next to the
repository. The ~10,000 real messages are turned into ``--size`` texts that look like them: each synthetic text
takes a real subject and body, drops and reorders some sentences, borrows one or two sentences from other
messages and changes masked place codes and numbers, so n-gram statistics and lengths stay those of real
messages while no two texts are identical.

Queries, taken in turn: a reworded real message (sentences dropped and shuffled, as a second deputy might write
it: recall@5 of its source is printed), a subject being typed (its first 4-12 characters) and a subject with a
session filter. The baseline, measured in the same run on the same query texts, is the cost of cleaning and
hashing the query text alone (what any n-gram method pays); a trivial numpy op (sum over 100,000 floats) is
printed as a second yardstick. The process is pinned to one CPU where the OS allows it.
"""

import argparse
import csv
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lianluo.textmine.engine.similar import SimilarityIndex  # noqa: E402

FILES = ("hot_issue_messages.csv", "messages_with_replies.csv", "messages_unlabelled.csv", "messages_labelled_raw.csv")
SENTENCE = re.compile(r"(?<=[。！？；!?;])")
PLACE = re.compile(r"([A-L])(\d{0,2})([市区县])")


def data_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    base = Path(os.environ.get("LIANLUO_SHARED_DATA", ROOT.parent / "shared" / "data"))
    return base / "teddy2020" if (base / "teddy2020").is_dir() else base


def load_messages(directory: Path) -> list[tuple[str, str]]:
    messages = []
    for name in FILES:
        path = directory / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                messages.append((row["留言主题"].strip(), re.sub(r"\s+", "", row["留言详情"])))
    if not messages:
        sys.exit(f"no message files in {directory}")
    return messages


def sentences(body: str) -> list[str]:
    return [s for s in SENTENCE.split(body) if s]


def perturb(rng: np.random.Generator, subject: str, body: str, donors: list[list[str]]) -> tuple[str, str]:
    parts = sentences(body)
    if len(parts) > 2:
        keep = rng.random(len(parts)) > 0.25
        keep[0] = True
        parts = [p for p, k in zip(parts, keep, strict=True) if k]
        if rng.random() < 0.5 and len(parts) > 2:
            tail = parts[1:]
            rng.shuffle(tail)
            parts = [parts[0], *tail]
    for _ in range(int(rng.integers(0, 3))):
        donor = donors[int(rng.integers(len(donors)))]
        if donor:
            parts.insert(int(rng.integers(len(parts) + 1)), donor[int(rng.integers(len(donor)))])
    code = str(int(rng.integers(1, 10)))
    letter = "ABCDEFGHIJKL"[int(rng.integers(12))]

    def swap(m: re.Match) -> str:
        return f"{letter}{code if m.group(2) else ''}{m.group(3)}"

    text = "".join(parts)
    text = re.sub(r"\d+", lambda m: str(int(rng.integers(1, 10 ** len(m.group())))), text)
    return PLACE.sub(swap, subject), PLACE.sub(swap, text)


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-chars", type=int, default=500)
    parser.add_argument("--bigrams-only", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    rng = np.random.default_rng(args.seed)
    real = load_messages(data_dir(args.data))
    donors = [sentences(body) for _, body in real]
    items = []
    for i in range(args.size):
        subject, body = real[i % len(real)] if i < len(real) else real[int(rng.integers(len(real)))]
        if i >= len(real):
            subject, body = perturb(rng, subject, body, donors)
        items.append((i, f"{subject}\n{body}", {"session": int(i % 5), "year": 2016 + int(i % 9)}))

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    index = SimilarityIndex.build(items, max_chars=args.max_chars, trigrams=not args.bigrams_only)
    build_s = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # Queries: the first len(real) items are the untouched real messages, so item i is the source of query i.
    picks = rng.choice(min(len(real), args.size), size=args.queries, replace=False)
    reworded = []
    for i in picks:
        subject, body = real[int(i)]
        parts = sentences(body)
        if len(parts) > 2:
            parts = [parts[j] for j in sorted(rng.choice(len(parts), size=max(2, len(parts) * 2 // 3), replace=False))]
            rng.shuffle(parts)
        reworded.append((int(i), subject + "".join(parts)))
    typed = [real[int(i)][0][: int(rng.integers(4, 13))] for i in picks]

    def same_session(meta: dict) -> bool:
        return meta["session"] == 2 and meta["year"] <= 2022

    kinds = {
        "reworded message": [(text, None) for _, text in reworded],
        "subject being typed": [(text, None) for text in typed],
        "typed + session filter": [(text, same_session) for text in typed],
    }
    queries = [(kind, text, where) for kind, qs in kinds.items() for text, where in qs]
    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    base: list[float] = []
    trivial: list[float] = []
    floats = np.random.default_rng(0).random(100_000)
    hits = 0
    for n, (kind, text, where) in enumerate(queries):
        t0 = time.perf_counter()
        index.terms_of(text)
        t1 = time.perf_counter()
        floats.sum()
        t2 = time.perf_counter()
        result = index.query(text, k=5, min_score=0.05, where=where)
        t3 = time.perf_counter()
        base.append(t1 - t0)
        trivial.append(t2 - t1)
        times[kind].append(t3 - t2)
        if kind == "reworded message" and any(key == reworded[n][0] for key, _ in result):
            hits += 1

    # Incremental adds: the cost of one add plus the next query (which puts the pending text into a block).
    add_times = []
    for j in range(50):
        subject, body = real[int(rng.integers(len(real)))]
        t0 = time.perf_counter()
        index.add(("new", j), subject + body, {"session": 2, "year": 2024})
        index.query(subject, k=5)
        add_times.append(time.perf_counter() - t0)

    b50 = statistics.median(base)
    print(f"texts: {len(index):,} (from {len(real):,} real messages); max_chars={args.max_chars}; "
          f"{'bigrams' if args.bigrams_only else 'bigrams+trigrams'}; CPUs used: 1")
    print(f"build: {build_s:.1f} s; index arrays: {index.nbytes() / 2**20:.0f} MiB; "
          f"peak RSS growth during build: {(rss_after - rss_before) / 1024:.0f} MiB")
    print(f"baseline (clean+hash the query text): p50 {b50 * 1e3:.3f} ms; "
          f"numpy sum of 100k floats: p50 {statistics.median(trivial) * 1e3:.3f} ms")
    print(f"{'query kind':<24}{'n':>5}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'p50/base':>10}{'p95/base':>10}")
    for kind, values in times.items():
        print(f"{kind:<24}{len(values):>5}{pct(values, 50) * 1e3:>9.2f}{pct(values, 95) * 1e3:>9.2f}"
              f"{max(values) * 1e3:>9.2f}{pct(values, 50) / b50:>10.1f}{pct(values, 95) / b50:>10.1f}")
    print(f"add + next query: p50 {pct(add_times, 50) * 1e3:.2f} ms, p95 {pct(add_times, 95) * 1e3:.2f} ms, "
          f"max {max(add_times) * 1e3:.1f} ms")
    print(f"recall@5 of the source of a reworded message: {hits}/{args.queries}")


if __name__ == "__main__":
    main()
