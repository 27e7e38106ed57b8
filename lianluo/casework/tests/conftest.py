import pytest


@pytest.fixture
def county(db):
    from lianluo.regions.models import Region

    return Region.objects.get(code="430121")


@pytest.fixture
def new_issue(cast, county):
    """new_issue(**overrides) -> a fresh 待受理 issue at 长沙县, recorded by csx_lianluo."""
    from lianluo.casework import services

    def make(**overrides):
        kwargs = {
            "region": county, "title": "测试小区路灯不亮", "content": "小区东门路灯已坏三周。", "channel": "station",
            "constituents": [{"name": "欧阳建华", "mobile": "13812345678", "id_number": "", "address": "星沙街道"}],
            "actor": cast("csx_lianluo"),
        }
        kwargs.update(overrides)
        return services.issue_submit(**kwargs)

    return make


@pytest.fixture
def unit(db):
    from lianluo.regions.models import Organisation

    return Organisation.objects.get(name="长沙县住房和城乡建设局")
