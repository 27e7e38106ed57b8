import pytest


@pytest.mark.parametrize(
    "username", ["hn_lianluo", "csx_lianluo", "csx_daibiao", "hn_xitong", "hn_anquan", "hn_shenji"]
)
def test_dashboard_renders_for_each_role(signed_in, username):
    """Every role lands on a dashboard in Chinese."""
    client = signed_in(username)
    response = client.get("/workbench/")
    assert response.status_code == 200
    assert "工作台" in response.content.decode()


def test_main_pages_render(signed_in, cast):
    client = signed_in("hn_lianluo")
    for url in ["/regions/", "/regions/43/", "/regions/4301/", "/congresses/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url


def test_roster_is_scoped_and_masked(signed_in):
    """The county officer sees only 长沙县's deputies, with masked phone numbers."""
    import re

    body = signed_in("csx_lianluo").get("/deputies/").content.decode()
    assert "长沙县人民代表大会" in body
    assert "湖南省人民代表大会" not in body and "长沙市人民代表大会" not in body
    assert not re.search(r"1[3-9]\d{9}", body)
    assert "139****" in body
