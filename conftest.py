"""Shared test fixtures: the demo world is the cast (one account per role, three levels of liaison staff).

It is loaded once per test database; each test runs inside a transaction that is rolled back.
"""

import pytest

from lianluo.demo.world import DEMO_PASSWORD


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
