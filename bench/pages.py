"""Page latency at a fixed arrival rate, and the ratio of each page to a trivial page measured in the same run.

Usage (against a seeded PostgreSQL database; see bench/README.md):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ll_bench .venv/bin/python bench/pages.py --start
    .venv/bin/python bench/pages.py --url http://127.0.0.1:8000 --rate 10 --duration 60

Open loop: requests leave on a fixed schedule (``--rate`` per second over all pages, taken in turn), whether or not
earlier ones have come back, and latency is counted from the scheduled moment (no coordinated omission). The
first ``--warmup`` seconds are not counted. ``--closed N`` adds a closed-loop capacity run per page (N concurrent
clients, no think time) and prints requests per second relative to the baseline page.
"""

import argparse
import concurrent.futures
import http.client
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name -> path; {placeholders} are filled from the database (resolve_placeholders). Edit to measure other pages.
ROUTES = {
    "baseline": "/accounts/me/",
    "issue_list": "/casework/?status=forwarded&category={category}&q=噪音",
    "issue_list_plain": "/casework/",
    "issue_search_2char": "/casework/?q=燃气",
    "issue_search_nohit": "/casework/?q=量子",
    "roster": "/deputies/?level=4&status=serving&q=王",
    "station_figures": "/stations/figures/",
}
BASELINE = "baseline"


def resolve_placeholders(routes: dict[str, str]) -> dict[str, str]:
    """Fill ids that differ between databases (the category 噪音污染) through the ORM."""
    if not any("{" in path for path in routes.values()):
        return routes
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from lianluo.casework.models import Category

    values = {"category": Category.objects.filter(name="噪音污染").values_list("pk", flat=True).first() or ""}
    return {name: path.format(**values) for name, path in routes.items()}


def sign_in(base: str, username: str, password: str) -> str:
    """A Cookie header for a signed-in session (through the real login form)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = base + "/accounts/login/"
    html = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(login, data=data.encode(), headers={"Referer": login})  # noqa: S310
    response = opener.open(request)
    if "/accounts/login" in response.geturl():
        raise SystemExit(f"sign-in as {username} failed (wrong password, or the account needs a second factor)")
    return "; ".join(f"{c.name}={c.value}" for c in jar)


class Client(threading.local):
    def __init__(self, host: str, port: int, cookie: str):
        self.host, self.port, self.cookie = host, port, cookie
        self.connection = None

    def get(self, path: str) -> int:
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request("GET", urllib.parse.quote(path, safe="/?=&"),
                                        headers={"Cookie": self.cookie})
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    return 599
        return 599


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def open_loop(client: Client, routes: dict[str, str], rate: float, duration: float, warmup: float) -> dict:
    names = list(routes)
    total = int((duration + warmup) * rate)
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in names}
    start = time.perf_counter() + 0.5

    def fire(k: int):
        scheduled = start + k / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        status = client.get(routes[names[k % len(names)]])
        latency = (time.perf_counter() - scheduled) * 1000
        if scheduled - start >= warmup:
            results[names[k % len(names)]].append((latency, status))

    with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(fire, range(total)))
    return results


def closed_loop(client: Client, path: str, clients: int, seconds: float) -> float:
    stop = time.perf_counter() + seconds
    done = [0] * clients

    def run(i: int):
        while time.perf_counter() < stop:
            client.get(path)
            done[i] += 1

    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(run, range(clients)))
    return sum(done) / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8765")
    parser.add_argument("--start", action="store_true", help="start `lianluo serve` (gthread 2×4) on --url's port")
    parser.add_argument("--user", default="seed_sheng")
    parser.add_argument("--password", default=os.environ.get("LIANLUO_BENCH_PASSWORD", "Lianluo-Demo-2026"))
    parser.add_argument("--rate", type=float, default=10.0, help="requests per second over all pages")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=15.0)
    parser.add_argument("--closed", type=int, default=0, help="closed-loop clients per page (0: skip)")
    args = parser.parse_args()
    routes = resolve_placeholders(dict(ROUTES))
    parsed = urllib.parse.urlsplit(args.url)
    server = None
    if args.start:
        server = subprocess.Popen([str(ROOT / ".venv/bin/lianluo"), "serve", "--port", str(parsed.port)],  # noqa: S603
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(60):
            try:
                urllib.request.urlopen(args.url + "/accounts/login/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
    try:
        cookie = sign_in(args.url, args.user, args.password)
        client = Client(parsed.hostname, parsed.port, cookie)
        for name, path in routes.items():
            status = client.get(path)
            print(f"check {name:<20} {status} {path}")
        results = open_loop(client, routes, args.rate, args.duration, args.warmup)
        base = [latency for latency, _ in results[BASELINE]]
        base50, base95 = statistics.median(base), percentile(base, 0.95)
        print(f"\nopen loop: {args.rate:g} req/s for {args.duration:g} s after {args.warmup:g} s warm-up; "
              f"latency from the scheduled moment (ms)")
        print(f"{'page':<20}{'n':>5}{'err':>5}{'p50':>9}{'p95':>9}{'p99':>9}{'p50/base':>10}{'p95/base':>10}")
        for name, rows in results.items():
            values = [latency for latency, _ in rows]
            errors = sum(1 for _, status in rows if status >= 400)
            p50, p95, p99 = statistics.median(values), percentile(values, 0.95), percentile(values, 0.99)
            print(f"{name:<20}{len(rows):>5}{errors:>5}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}"
                  f"{p50 / base50:>10.2f}{p95 / base95:>10.2f}")
        if args.closed:
            print(f"\nclosed loop: {args.closed} clients, 15 s per page")
            base_rps = closed_loop(client, routes[BASELINE], args.closed, 15)
            for name, path in routes.items():
                rps = base_rps if name == BASELINE else closed_loop(client, path, args.closed, 15)
                print(f"{name:<20}{rps:>9.1f} req/s{rps / base_rps:>8.2f} of baseline")
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
