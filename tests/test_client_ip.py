"""One notion of the client's address, behind any number of proxies, for every per-client rule."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import RequestFactory
from django.urls import reverse

from smallbiz.client_ip import client_ip
from tests.factories import make_editor

pytestmark = pytest.mark.django_db

PROXIES = [
    # (trusted proxies, REMOTE_ADDR, X-Forwarded-For, the client)
    (0, "198.51.100.7", "", "198.51.100.7"),
    (0, "198.51.100.7", "203.0.113.1", "198.51.100.7"),
    (1, "127.0.0.1", "203.0.113.1", "203.0.113.1"),
    (1, "127.0.0.1", "6.6.6.6, 203.0.113.1", "203.0.113.1"),
    (2, "10.0.0.5", "203.0.113.1, 10.0.0.9", "203.0.113.1"),
    (2, "10.0.0.5", "6.6.6.6, 203.0.113.1, 10.0.0.9", "203.0.113.1"),
    # Reached around the proxies: only the address that connected is known.
    (1, "192.0.2.4", "", "192.0.2.4"),
]


@pytest.mark.parametrize(("proxies", "remote_addr", "forwarded_for", "expected"), PROXIES)
def test_the_client_is_read_from_the_right_end_of_x_forwarded_for(
    settings, proxies, remote_addr, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)

    assert client_ip(request) == expected


def sign_in(client, forwarded_for, password):
    return client.post(
        reverse("admin:login"),
        {"username": "pat", "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_login_lockout_behind_a_proxy_locks_out_that_client_only(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_editor("pat")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "1.1.1.1", "wrong")

    assert sign_in(client, "1.1.1.1", "pw").status_code == 429
    assert sign_in(client, "2.2.2.2", "pw").status_code == 302


def test_tries_while_locked_out_do_not_extend_the_lockout(client, settings):
    make_editor("pat")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "", "wrong")

    minutes_pass(10)
    assert sign_in(client, "", "wrong").status_code == 429
    minutes_pass(6)

    assert sign_in(client, "", "pw").status_code == 302


def minutes_pass(minutes):
    """Move the recorded failures back in time, as if `minutes` had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))
