"""Security headers, HTTPS, login throttling and the health endpoint."""

import os
import secrets
import shlex
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
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


def example_environment(**overrides):
    """Return the environment .env.example describes, as a process manager would set it."""
    environment = {"PATH": os.environ["PATH"]}
    for line in (settings.BASE_DIR / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            environment[name] = shlex.split(value)[0] if value else ""
    return environment | overrides


def manage(environment, *arguments):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_the_deployment_guides_environment_passes_check_deploy():
    environment = example_environment(DJANGO_SECRET_KEY=secrets.token_urlsafe(50))

    result = manage(environment, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


def test_turning_hsts_preload_on_brings_its_check_back():
    environment = example_environment(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_HSTS_PRELOAD="1"
    )

    result = manage(environment, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "(0 silenced)" in result.stdout


def test_production_refuses_the_example_secret_key():
    result = manage(example_environment(), "check")

    assert result.returncode != 0
    assert "not the example from .env.example" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage(example_environment(DJANGO_SECRET_KEY="short-and-guessable"), "check")

    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_a_public_form_refuses_a_file_with_a_clear_page(client):
    upload = SimpleUploadedFile("big.bin", b"x" * 1024)

    response = client.post(reverse("newsletter:subscribe"), {"email": "a@example.com", "f": upload})

    assert response.status_code == 400
    assert "This form does not take files." in response.content.decode()


def test_a_public_form_refuses_a_large_body_with_a_clear_page(client):
    response = client.post(
        reverse("newsletter:subscribe"), {"email": "a@example.com", "first_name": "x" * 100_000}
    )

    assert response.status_code == 413
    assert "more than this form takes" in response.content.decode()


def test_editors_may_still_upload_files_in_the_admin(client):
    client.force_login(make_editor())

    response = client.post(
        reverse("admin:articles_category_add"),
        {"name": "Sales", "slug": "sales", "position": 1, "f": SimpleUploadedFile("a.txt", b"a")},
    )

    assert response.status_code == 302
