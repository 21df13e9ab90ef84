"""Button clicks are counted on the server, with nothing kept about the visitor."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from promos.models import Promo
from tests.factories import make_article, make_promo

pytestmark = pytest.mark.django_db


def click(client, promo, query=""):
    return client.get(reverse("promos:promo_click", args=[promo.pk]) + query)


def test_the_button_links_through_the_counter(client):
    article = make_article()
    promo = make_promo(cta_label="Find out more", cta_url="/about/")

    body = client.get(article.get_absolute_url()).content.decode()

    assert f'href="{reverse("promos:promo_click", args=[promo.pk])}"' in body
    assert "Find out more" in body


def test_a_click_is_counted_and_sent_on_to_the_link(client):
    promo = make_promo(cta_label="Buy the book", cta_url="https://shop.example/book")

    response = click(client, promo)

    assert response.status_code == 302
    assert response["Location"] == "https://shop.example/book"
    promo.refresh_from_db()
    assert promo.click_count == 1


def test_every_click_is_counted(client):
    promo = make_promo(cta_label="Go", cta_url="/about/")

    for _ in range(3):
        click(Client(), promo)

    assert Promo.objects.get().click_count == 3


def test_counting_keeps_nothing_about_the_visitor(client):
    promo = make_promo(cta_label="Go", cta_url="/about/")

    response = client.get(
        reverse("promos:promo_click", args=[promo.pk]),
        headers={"user-agent": "Reader/1.0", "referer": "https://example.com/"},
        REMOTE_ADDR="198.51.100.7",
    )

    assert not response.cookies
    assert "Set-Cookie" not in response
    assert not Session.objects.exists()
    assert "no-store" in response["Cache-Control"]
    row = Promo.objects.filter(pk=promo.pk).values().get()
    assert "198.51.100.7" not in str(row)
    assert "Reader/1.0" not in str(row)


def test_the_target_is_only_ever_the_saved_link(client):
    """No open redirect: the request cannot choose where it goes."""
    promo = make_promo(cta_label="Go", cta_url="/about/")

    for query in ["?next=https://evil.example/", "?url=//evil.example", "?to=/\\evil.example"]:
        response = click(client, promo, query)
        assert response["Location"] == "/about/", query


def test_a_promo_without_a_button_has_no_counter(client):
    promo = make_promo()

    assert click(client, promo).status_code == 404
    assert client.get(reverse("promos:promo_click", args=[9999])).status_code == 404


def test_only_get_is_counted(client):
    promo = make_promo(cta_label="Go", cta_url="/about/")

    assert client.post(reverse("promos:promo_click", args=[promo.pk])).status_code == 405
    assert Promo.objects.get().click_count == 0


def test_the_click_count_shows_in_the_admin_list(admin_client):
    promo = make_promo(heading="Counted", cta_label="Go", cta_url="/about/")
    for _ in range(4):
        click(Client(), promo)

    response = admin_client.get(reverse("admin:promos_promo_changelist"))

    assert response.context["cl"].result_list[0].click_count == 4
    assert '<td class="field-click_count">4</td>' in response.content.decode()
