"""List and dashboard pages run a fixed number of queries, whatever the amount of data (no N+1)."""

import pytest

PAGES = [
    ("hn_lianluo", "/workbench/", 20),  # + the suggestions panel: four capped counts; + the hot issues: two
    ("hn_lianluo", "/regions/43/", 10),
    ("hn_lianluo", "/congresses/", 8),
    ("hn_lianluo", "/congresses/{province}/", 16),
    ("hn_xitong", "/accounts/users/", 10),
    ("hn_anquan", "/workbench/", 14),
    ("hn_shenji", "/audit/", 8),
    ("hn_lianluo", "/deputies/", 11),
    ("hn_lianluo", "/deputies/?level=3&status=serving&q=王", 11),
    ("hn_lianluo", "/deputies/?order=pinyin&gender=female&party=cpc&ethnicity=han&category=farmer", 11),
    ("hn_lianluo", "/deputies/composition/", 10),
    ("hn_changwei", "/deputies/contacts/", 9),
    ("hn_lianluo", "/deputies/coverage/", 9),
    ("hn_lianluo", "/casework/", 11),
    ("csx_lianluo", "/casework/?status=forwarded&q=物业&overdue=on", 18),  # the PostgreSQL search path: +7
    ("csx_daibiao", "/casework/", 11),
    ("csx_zhujian", "/casework/inbox/", 8),
    ("csx_lianluo", "/casework/hot/", 14),  # + the hot-issue snapshots and their issues
    ("csx_lianluo", "/casework/drafts/", 8),
    ("csx_lianluo", "/casework/replies/", 8),  # one query for the issues and their units, whatever their number
    ("hn_lianluo", "/casework/replies/", 8),
    ("csx_lianluo", "/api/v1/issues", 8),
    ("hn_lianluo", "/stations/", 10),
    ("hn_lianluo", "/stations/?region=430121&kind=station&active=1&q=站", 10),
    ("hn_lianluo", "/stations/figures/", 12),
    ("csx_daibiao", "/stations/mine/", 10),
    ("csx_lianluo", "/api/v1/stations", 7),
]


@pytest.mark.parametrize(("username", "url", "limit"), PAGES)
def test_page_query_count(signed_in, django_assert_max_num_queries, username, url, limit):
    from lianluo.regions.models import Congress

    client = signed_in(username)
    url = url.format(province=Congress.objects.get(region_id="43").pk)
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
