"""Security headers, HTTPS, login throttling and the health endpoint."""

import pytest
from django.urls import reverse

from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def test_public_pages_send_a_strict_content_security_policy(client):
    response = client.get(make_article().get_absolute_url())

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_public_pages_send_the_other_security_headers(client):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_scripts_or_styles(client):
    body = client.get(make_article().get_absolute_url()).content.decode()

    assert "<style" not in body
    assert " style=" not in body
    assert "<script>" not in body


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_https_responses_carry_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_repeated_wrong_passwords_lock_the_login_out(client, settings):
    make_editor("locked")
    login = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": "locked", "password": "wrong"})

    response = client.post(login, {"username": "locked", "password": "pw"})

    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()


def test_the_right_password_works_before_the_limit(client):
    make_editor("careful")
    login = reverse("admin:login")
    client.post(login, {"username": "careful", "password": "wrong"})

    response = client.post(login, {"username": "careful", "password": "pw"})

    assert response.status_code == 302


def test_health_endpoint_reports_database_and_cache(client):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "cache": True}}
    assert "no-cache" in response["Cache-Control"]


def test_health_endpoint_answers_503_when_the_cache_fails(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] is False
