"""List and dashboard pages run a fixed number of queries, whatever the amount of data (no N+1)."""

import pytest

PAGES = [
    ("hn_lianluo", "/workbench/", 14),
    ("hn_lianluo", "/regions/43/", 10),
    ("hn_lianluo", "/congresses/", 8),
    ("hn_lianluo", "/congresses/{province}/", 16),
    ("hn_xitong", "/accounts/users/", 10),
    ("hn_anquan", "/workbench/", 14),
    ("hn_shenji", "/audit/", 8),
    ("hn_lianluo", "/deputies/", 8),
    ("hn_lianluo", "/deputies/?level=3&status=serving&q=王", 8),
]


@pytest.mark.parametrize(("username", "url", "limit"), PAGES)
def test_page_query_count(signed_in, django_assert_max_num_queries, username, url, limit):
    from lianluo.regions.models import Congress

    client = signed_in(username)
    url = url.format(province=Congress.objects.get(region_id="43").pk)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
