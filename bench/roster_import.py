"""Benchmark: import a 130,000-row roster spreadsheet (DESIGN.md §6: under 60 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_import_bench .venv/bin/python bench/roster_import.py [--rows N]
    DATABASE_URL= LIANLUO_VAR_DIR=$(mktemp -d) .venv/bin/python bench/roster_import.py      # SQLite

Migrates the database in DATABASE_URL, loads the demo world, writes an .xlsx of N invented deputies (valid
GB 11643 identity numbers, mobiles, birth months) and times ``roster_import`` into one county term: the first
import (all rows new), then the same file again (nothing may change). Prints the times, the rows per second and
the load average (1 minute) when each import ended: on a shared machine, quote them together.
Use a new, empty database: the rows stay there, and a second run would import into a term already filled.
"""

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


def make_xlsx(rows: int, seed: int = 7) -> bytes:
    from openpyxl import Workbook

    from lianluo.core.validators import ID_CHECK, ID_WEIGHTS
    from lianluo.demo.world import GIVEN_FEMALE, GIVEN_MALE, SURNAMES

    rng = random.Random(seed)  # noqa: S311 (invented test data)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("代表名册")
    sheet.append(["序号", "姓名", "性别", "民族", "出生年月", "党派", "籍贯", "学历", "工作单位及职务", "职业构成",
                  "选区", "联系电话", "身份证号"])
    parties = ["中国共产党"] * 7 + ["群众", "中国民主同盟", "九三学社"]
    categories = ["一线工人", "农民", "专业技术人员", "党政机关领导干部", "企业负责人", "其他"]
    for n in range(rows):
        male = rng.random() < 0.7
        birth = datetime.date(1955 + rng.randrange(45), 1 + rng.randrange(12), 1 + rng.randrange(28))
        body = f"43{n // 1000:04d}{birth:%Y%m%d}{n % 1000:03d}"
        id_number = body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_MALE if male else GIVEN_FEMALE) + rng.choice("一二三四五六")
        sheet.append([n + 1, name, "男" if male else "女", "汉族" if rng.random() < 0.9 else "苗族",
                      f"{birth:%Y.%m}", rng.choice(parties), "湖南长沙", rng.choice(["大学本科", "大专", "高中"]),
                      "某单位职工", rng.choice(categories), f"第{n % 500 + 1}选区", f"139{n:08d}", id_number])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=130_000)
    args = parser.parse_args()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lianluo.core.console import console_context
    from lianluo.demo.world import load_demo_world
    from lianluo.deputies.services import roster_import
    from lianluo.regions.models import Term

    call_command("migrate", verbosity=0)
    with console_context():
        load_demo_world()
    term = Term.objects.get(congress__region_id="430121")
    started = time.perf_counter()
    data = make_xlsx(args.rows)
    print(f"database: {connection.vendor}; wrote {args.rows} rows, {len(data) / 1e6:.1f} MB "
          f"in {time.perf_counter() - started:.1f} s")
    for label in ("first import", "re-import (identical)"):
        started = time.perf_counter()
        report = roster_import(term=term, data=data)
        elapsed = time.perf_counter() - started
        print(f"{label}: {elapsed:.1f} s, {args.rows / elapsed:,.0f} rows/s, load {os.getloadavg()[0]:.2f}; "
              f"ok={report.ok} created={report.created} updated={report.updated} unchanged={report.unchanged} "
              f"errors={len(report.errors)}")
        if report.errors:
            print("first errors:", report.errors[:3])
            break


if __name__ == "__main__":
    main()
