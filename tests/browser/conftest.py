"""A real server and a real browser: `lianluo demo --no-serve` then `lianluo serve` (gunicorn, DEBUG off)
in a throwaway var/ directory, driven by Debian's chromium through Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "var" / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _browser_database_url(base_url: str) -> tuple[str, callable]:
    """SQLite runs get a file in the server's var/; PostgreSQL runs get a fresh database of their own."""
    if not base_url.startswith(("postgres://", "postgresql://")):
        return "", lambda: None
    import psycopg

    parts = urlsplit(base_url)
    name = f"lianluo_browser_{uuid.uuid4().hex[:8]}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return parts._replace(path=f"/{name}").geturl(), drop


@pytest.fixture(scope="session")
def live_demo(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        if os.environ.get("LIANLUO_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    var_dir = tmp_path_factory.mktemp("browser-var")
    database_url, drop_database = _browser_database_url(os.environ.get("DATABASE_URL", ""))
    env = {**os.environ, "LIANLUO_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "config.settings.base",
           "DATABASE_URL": database_url, "LIANLUO_DEBUG": "0"}
    subprocess.run([sys.executable, "-m", "lianluo", "demo", "--no-serve"], env=env, cwd=REPO, check=True,
                   capture_output=True)
    port = _free_port()
    log = (var_dir / "server.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "lianluo", "serve", "--port", str(port), "--workers", "1"],
                              env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("the server did not start: " + (var_dir / "server.log").read_text()[-2000:])
    yield {"url": f"http://127.0.0.1:{port}", "env": env}
    server.terminate()
    server.wait(timeout=10)
    log.close()
    drop_database()
    shutil.rmtree(var_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser(live_demo):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test; console errors (CSP violations included) fail the test."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
