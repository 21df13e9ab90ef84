"""The download form meets hostile input as the e-zine form does: form errors, never a 500."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletter.models import Consent, PrivacyNotice, Subscriber
from promos.models import Signup
from tests.factories import make_promo, pdf_upload

pytestmark = pytest.mark.django_db

HOSTILE_EMAILS = {
    "CR/LF": "victim@example.com\r\nBcc: attacker@evil.example",
    "NUL": "user\x00@example.com",
    "10,000 characters": "a" * 10_000,
    "Cyrillic local part": "\u0430dmin@example.com",
    "Cyrillic domain": "admin@\u0435xample.com",
    "full-width at sign": "user\uff20example.com",
    "script": "<script>alert(1)</script>@example.com",
    "empty": "",
}


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def promo():
    return make_promo(download=pdf_upload())


def ask(client, promo, **data):
    return client.post(reverse("promos:promo_detail", args=[promo.pk]), data)


@pytest.mark.parametrize("email", HOSTILE_EMAILS.values(), ids=HOSTILE_EMAILS.keys())
def test_hostile_addresses_get_a_form_error_and_never_a_500(client, promo, email):
    response = ask(client, promo, email=email, first_name="x\r\n" * 3000)

    assert response.status_code == 200
    assert "promos/promo_detail.html" in [t.name for t in response.templates]
    assert response.context["form"].errors["email"]
    assert 'class="invalid-feedback"' in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "first_name",
    ["Jane\r\nBcc: x@example.com", "Ja\u200bne", "Visit http://spam.example", "x" * 10_000],
)
def test_hostile_first_names_get_a_form_error(client, promo, first_name):
    response = ask(client, promo, email="jane@example.com", first_name=first_name)

    assert response.status_code == 200
    assert response.context["form"].errors["first_name"]
    assert not Subscriber.objects.exists()


def test_hostile_hidden_fields_fall_back_to_safe_values(client, promo):
    response = ask(
        client,
        promo,
        email="jane@example.com",
        notice="1; DROP TABLE newsletter_consent" + "9" * 500,
        source="https://evil.example/\r\n",
    )

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.notice == PrivacyNotice.objects.current()
    assert consent.source == ""


def test_repeated_and_odd_fields_do_not_break_the_form(client, promo):
    response = client.post(
        reverse("promos:promo_detail", args=[promo.pk]),
        "email=a%40example.com&email=b%40example.com&first_name=%FF%FE&extra=1",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code in (200, 302)


def test_a_form_without_a_download_promo_is_ignored(client):
    promo = make_promo(cta_label="Go", cta_url="/about/")

    response = ask(client, promo, email="jane@example.com")

    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_robots_that_fill_the_honeypot_get_the_usual_answer_and_nothing_else(client, promo):
    response = ask(client, promo, email="jane@example.com", website="http://spam.example")

    assert response.status_code == 302
    assert response["Location"] == reverse("promos:offer_requested")
    assert not Subscriber.objects.exists()
    assert not Signup.objects.exists()
    assert mail.outbox == []


def test_the_rate_limit_is_shared_with_the_e_zine_form(client, promo):
    for n in range(3):
        client.post(reverse("newsletter:subscribe"), {"email": f"reader{n}@example.com"})
    for n in range(2):
        assert ask(client, promo, email=f"fan{n}@example.com").status_code == 302

    response = ask(client, promo, email="one-more@example.com")

    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="one-more@example.com").exists()


def test_an_unknown_promo_is_a_404(client):
    assert client.post(reverse("promos:promo_detail", args=[999]), {}).status_code == 404
