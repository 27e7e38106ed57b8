"""Fixtures shared by the election tests: the county election committee's officer and a township election."""

import datetime

import pytest

from lianluo.elections import services
from lianluo.regions.models import Region

DAY = datetime.date(2026, 12, 20)


@pytest.fixture
def staff(cast):
    return cast("csx_xuanju")


@pytest.fixture
def election(db, staff):
    return services.election_create(actor=staff, region=Region.objects.get(pk="430121106"),
                                    title="春华镇第十九届人民代表大会代表选举", election_day=DAY,
                                    committee="春华镇选举委员会")
