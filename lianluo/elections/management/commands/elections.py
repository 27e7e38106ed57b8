"""``lianluo elections tally FILE``: one count checked and decided (contracts/election-tally.md).

Prints the decision as one JSON object and exits 0; on input that cannot be read, prints a message naming the
field on standard error, nothing on standard output, and exits 2.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from lianluo.elections.engine import contract
from lianluo.elections.engine.tally import decide

INPUT_ERROR = 2


class Command(BaseCommand):
    help = "选举：lianluo elections tally FILE（计票结果的 JSON，- 为标准输入），输出当选结果的 JSON"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        tally = sub.add_parser("tally", help="按选举法核对一次计票并确定当选、并列和另行选举")
        tally.add_argument("file", help="计票 JSON 文件，- 表示标准输入")

    def handle(self, *args, action, **options):
        if action == "tally":
            self._tally(options["file"])

    def _tally(self, name: str) -> None:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
            count = contract.loads(text)
        except (OSError, UnicodeDecodeError) as exc:
            self._refuse(f"FILE：无法读取 {name}（{exc.__class__.__name__}）")
        except contract.ContractError as exc:
            self._refuse(str(exc))
        self.stdout.write(contract.dumps(decide(count)))

    def _refuse(self, message: str):
        self.stderr.write(message)
        sys.exit(INPUT_ERROR)
