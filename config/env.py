"""Reading settings from the environment.

Every helper raises ImproperlyConfigured naming the variable when its value is malformed, so a
bad deployment fails at start-up instead of limping along with a default.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum of {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name}={value} is above the maximum of {maximum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def var_dir(base_dir: Path) -> Path:
    """The writable state directory (database, keys, uploads); created on first use."""
    path = Path(os.environ.get("LIANLUO_VAR_DIR") or base_dir / "var").resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(f"LIANLUO_VAR_DIR={str(path)!r} cannot be created: {exc}") from None
    return path


def secret_from_file(path: Path, *, env_name: str, nbytes: int = 50) -> str:
    """Return the secret in env_name, else the one kept in path, generating it on first run."""
    from_env = os.environ.get(env_name)
    if from_env is not None:
        if len(from_env) < 32:
            raise ImproperlyConfigured(f"{env_name} must be at least 32 characters long.")
        return from_env
    if not path.exists():
        # O_EXCL: two processes starting together must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(nbytes))
    value = path.read_text().strip()
    if len(value) < 32:
        raise ImproperlyConfigured(f"The secret in {path.name} is too short; delete it to regenerate.")
    return value


def database_from_url(url: str, *, default_sqlite: Path) -> dict:
    """Translate DATABASE_URL into Django's DATABASES entry.

    Supported: ``sqlite:///relative/or/absolute/path`` and ``postgres://user:pass@host:port/name``
    (also ``postgresql://``). Anything else is refused with a message naming DATABASE_URL.
    """
    if not url:
        return _sqlite(default_sqlite)
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if not name:
            raise ImproperlyConfigured("DATABASE_URL: a sqlite URL needs a file path, e.g. sqlite:///var/db.sqlite3")
        return _sqlite(Path(name))
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL: a postgres URL needs a database name after the host.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured("DATABASE_URL: the port is not a number.") from None
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {parts.scheme!r} is not supported; use sqlite:///PATH or postgres://USER@HOST/NAME."
    )


def _sqlite(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # WAL lets readers proceed while one writer writes; IMMEDIATE takes the write lock at BEGIN
            # so that two writers queue instead of failing with "database is locked" on upgrade.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        },
    }
