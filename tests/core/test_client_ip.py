"""One client address for every per-IP rate limit: allauth's trusted-proxy rule."""

import pytest
from django.test import RequestFactory, override_settings

from cms.core import ratelimit

rf = RequestFactory()


def request_from(remote_addr="10.0.0.1", xff=None, **headers):
    extra = {"REMOTE_ADDR": remote_addr, **headers}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **extra)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_the_peer_address_counts_and_the_header_is_ignored():
    request = request_from("203.0.113.7", xff="198.51.100.1")
    assert ratelimit.client_ip(request) == "203.0.113.7"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_counts():
    # nginx appends the peer it saw; REMOTE_ADDR is nginx itself.
    request = request_from("10.0.0.2", xff="203.0.113.7")
    assert ratelimit.client_ip(request) == "203.0.113.7"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_address_the_outer_one_saw_counts():
    request = request_from("10.0.0.3", xff="203.0.113.7, 10.0.0.2")
    assert ratelimit.client_ip(request) == "203.0.113.7"


@pytest.mark.parametrize("count, xff", [
    (1, "198.51.100.66, 203.0.113.7"),
    (2, "198.51.100.66, 203.0.113.7, 10.0.0.2"),
])
def test_a_spoofed_forwarded_for_entry_does_not_change_the_address(count, xff):
    # The visitor sends "X-Forwarded-For: 198.51.100.66"; the proxies append behind it.
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=count):
        assert ratelimit.client_ip(request_from("10.0.0.3", xff=xff)) == "203.0.113.7"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
def test_a_trusted_header_wins_over_forwarded_for():
    request = request_from("10.0.0.2", xff="198.51.100.66", HTTP_X_REAL_IP="203.0.113.7")
    assert ratelimit.client_ip(request) == "203.0.113.7"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_a_request_that_skipped_the_proxies_is_counted_not_a_500():
    assert ratelimit.client_ip(request_from("10.0.0.3", xff="203.0.113.7")) == "10.0.0.3"


def test_ipv6_addresses_count_per_64_block():
    one = ratelimit.client_ip(request_from("2001:db8:1:2::1"))
    other = ratelimit.client_ip(request_from("2001:db8:1:2:ffff::9"))
    assert one == other == "2001:db8:1:2::"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_visitors_behind_the_proxy_get_their_own_bucket():
    # Every request reaches Django from the proxy's address; each visitor still has a limit.
    first = request_from("10.0.0.2", xff="203.0.113.7")
    second = request_from("10.0.0.2", xff="203.0.113.8")
    assert ratelimit.hit_ip(first, "test", 1, 60)
    assert not ratelimit.hit_ip(first, "test", 1, 60)
    assert ratelimit.hit_ip(second, "test", 1, 60)
