"""Reply quality over the board's answered messages: counts per flag, examples, and samples to read by hand.

Usage:
    .venv/bin/python bench/textmine_replies.py [--data DIR] [--examples 5] [--sample 30] [--seed 3] [--show-sample]

DIR holds messages_with_replies.csv; default: $LIANLUO_SHARED_DATA/teddy2020, or ../shared/data/teddy2020 next to
the repository. Templates (boilerplate) are found over all replies of the file first, then every reply is checked.
``--show-sample`` prints a seeded random sample of flagged and of unflagged replies in full, for a person to judge
(the precision figures in docs/textmine.md come from reading that output).
"""

import argparse
import csv
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lianluo.textmine.engine.replies import (  # noqa: E402
    NOTE_PENALTY,
    PENALTY,
    ReplyChecker,
    find_templates,
    template_form,
)


def data_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    base = Path(os.environ.get("LIANLUO_SHARED_DATA", ROOT.parent / "shared" / "data"))
    return base / "teddy2020" if (base / "teddy2020").is_dir() else base


def short(text: str, n: int = 60) -> str:
    text = re.sub(r"\s+", "", text)
    return text if len(text) <= n else text[: n - 1] + "…"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--examples", type=int, default=5)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--show-sample", action="store_true")
    args = parser.parse_args()

    path = data_dir(args.data) / "messages_with_replies.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    replies = [r["答复意见"] for r in rows]
    started = time.perf_counter()
    groups = find_templates(replies)
    checker = ReplyChecker.from_corpus(replies)
    results = [checker.check(r["留言主题"], r["留言详情"], r["答复意见"]) for r in rows]
    elapsed = time.perf_counter() - started

    print(f"{len(rows)} replies checked in {elapsed:.1f} s; {len(groups)} template groups "
          f"covering {sum(len(g) for g in groups)} replies")
    for g in groups[:8]:
        print(f"  template x{len(g)}: {short(template_form(replies[g[0]]), 70)}")
    counts = Counter(f for res in results for f in res.flags)
    notes = Counter(n for res in results for n in res.notes)
    flagged = [i for i, res in enumerate(results) if res.flags]
    print(f"\nflagged (any flag): {len(flagged)} ({len(flagged) / len(rows):.0%})")
    for name in PENALTY:
        print(f"  {name:<12}{counts[name]:>6}  ({counts[name] / len(rows):.0%})")
    noted = sum(bool(res.notes) and not res.flags for res in results)
    print(f"notes (not flags; on {noted} unflagged replies):")
    for name in NOTE_PENALTY:
        print(f"  {name:<12}{notes[name]:>6}  ({notes[name] / len(rows):.0%})")
    combos = Counter(tuple(res.flags) for res in results)
    print("most common combinations:", ", ".join(f"{'+'.join(c) or '(none)'}: {n}" for c, n in combos.most_common(6)))
    scores = sorted(res.score for res in results)
    low = sum(s < 0.5 for s in scores) / len(scores)
    print(f"score: median {scores[len(scores) // 2]:.2f}, share below 0.5: {low:.0%}")

    for name in PENALTY:
        hits = [i for i, res in enumerate(results) if name in res.flags]
        print(f"\n== {name}: examples")
        for i in hits[: args.examples]:
            r = rows[i]
            print(f"  {r['留言编号']} 《{short(r['留言主题'], 30)}》 → {short(r['答复意见'], 80)}")
            print(f"      {results[i].reasons[name]}")

    if args.show_sample:
        rng = random.Random(args.seed)  # noqa: S311 (a reproducible sample, not a secret)
        unflagged = [i for i, res in enumerate(results) if not res.flags]
        for title, pool in (("FLAGGED", flagged), ("UNFLAGGED", unflagged)):
            print(f"\n######## {title} sample")
            for i in sorted(rng.sample(pool, min(args.sample, len(pool)))):
                r, res = rows[i], results[i]
                print(f"\n--- {r['留言编号']} flags={res.flags} notes={list(res.notes)} overlap={res.overlap}")
                print(f"  主题: {r['留言主题'].strip()}")
                print(f"  详情: {short(r['留言详情'], 160)}")
                print(f"  答复: {short(r['答复意见'], 700)}")


if __name__ == "__main__":
    main()
