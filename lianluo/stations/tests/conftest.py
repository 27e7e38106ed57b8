import pytest


@pytest.fixture(autouse=True)
def _fresh_figures_cache():
    """The region figures are cached for a minute; each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
