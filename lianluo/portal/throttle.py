"""Rate limits of the public site, counted in the database (ThrottleEvent) so that they hold across processes.

SECURITY.md C7 (ASVS 2.4.1): the public form is limited per client address and per station, and wrong
query codes per address (against guessing). Client addresses are counted as keyed digests; an IPv6 address
counts by its /64 network, which one household or one attacker usually holds whole.
"""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from lianluo.core.fields import blind_index
from lianluo.portal.models import ThrottleEvent

Bucket = ThrottleEvent.Bucket


def address_key(ip: str) -> str:
    """The keyed digest a client address is counted under (the address itself is never stored)."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return blind_index("unknown", purpose="portal_address")
    if address.version == 6:
        if address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        else:
            return blind_index(str(ipaddress.ip_network(f"{address}/64", strict=False)), purpose="portal_address")
    return blind_index(str(address), purpose="portal_address")


def _limit(bucket: str) -> int:
    return {
        Bucket.SUBMIT_ADDRESS: settings.PORTAL_SUBMIT_LIMIT,
        Bucket.SUBMIT_STATION: settings.PORTAL_STATION_SUBMIT_LIMIT,
        Bucket.LOOKUP_ADDRESS: settings.PORTAL_LOOKUP_LIMIT,
    }[bucket]


def window() -> timedelta:
    return timedelta(minutes=settings.PORTAL_WINDOW_MINUTES)


def throttle_exceeded(*, bucket: str, key: str) -> bool:
    """True when ``key`` has used up its limit in the current window (the next request gets 429)."""
    since = timezone.now() - window()
    recent = ThrottleEvent.objects.filter(bucket=bucket, key=key, at__gte=since)
    # Counting stops at the limit: an index range scan of at most that many rows.
    return recent.order_by()[: _limit(bucket)].count() >= _limit(bucket)


def throttle_record(*, bucket: str, key: str) -> None:
    ThrottleEvent.objects.create(bucket=bucket, key=key)
