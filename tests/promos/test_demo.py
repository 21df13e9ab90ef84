"""The demo content includes an e-book promo for Networking (a real PDF) and a planning promo."""

from io import StringIO

import pytest
from django.core.management import call_command

from promos import downloads
from promos.models import Promo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_demo_pictures")]


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_adds_the_promos_once():
    load_demo()
    load_demo()

    ebook = Promo.objects.exclude(download="").get()
    planning = Promo.objects.filter(download="").get()
    assert Promo.objects.count() == 2
    assert ebook.download.name.endswith(".pdf")
    assert ebook.is_live()
    assert {c.slug for c in ebook.categories.all()} == {"networking"}
    assert {c.slug for c in planning.categories.all()} == {"planning", "strategy"}


def test_the_demo_e_book_is_offered_beside_networking_articles(client):
    load_demo()
    ebook = Promo.objects.exclude(download="").get()

    body = client.get("/networking/getting-value-from-networking-events/").content.decode()

    assert ebook.heading in body
    assert ebook.download_title in body


def test_the_demo_e_book_is_offered_beside_the_article_on_social_networks(client):
    load_demo()
    ebook = Promo.objects.exclude(download="").get()

    body = client.get("/networking/define-social-networks/").content.decode()

    assert f'<h2 id="promo-heading">{ebook.heading}</h2>' in body
    assert 'class="subscribe-box"' not in body


def test_the_demo_e_book_is_not_offered_beside_an_article_about_meetings(client):
    load_demo()
    ebook = Promo.objects.exclude(download="").get()

    body = client.get("/managing/running-shorter-meetings/").content.decode()

    assert ebook.heading not in body
    assert 'class="subscribe-box"' in body


def test_the_demo_planning_promo_leads_to_the_article_it_advertises(client):
    load_demo()
    planning = Promo.objects.filter(download="").get()

    body = client.get("/planning/keeping-cash-flow-healthy/").content.decode()

    assert planning.heading in body
    assert planning.cta_url == "/planning/one-page-business-plan/"
    assert client.get(planning.cta_url).status_code == 200


def test_the_demo_planning_promo_is_not_shown_beside_the_article_it_advertises(client):
    load_demo()
    planning = Promo.objects.filter(download="").get()

    body = client.get("/planning/one-page-business-plan/").content.decode()

    assert planning.heading not in body


def test_the_demo_e_book_is_stored_as_a_pdf():
    load_demo()
    ebook = Promo.objects.exclude(download="").get()

    with ebook.download.open("rb") as file:
        assert downloads.sniff(file) == "PDF"
        assert file.read().rstrip().endswith(b"%%EOF")
