"""The demo content includes a site-wide e-book promo (a real PDF) and a category promo."""

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

    ebook = Promo.objects.get(placement=Promo.Placement.SITE_WIDE)
    category_promo = Promo.objects.get(placement=Promo.Placement.CATEGORIES)
    assert Promo.objects.count() == 2
    assert ebook.download.name.endswith(".pdf")
    assert ebook.is_live()
    assert {c.slug for c in category_promo.categories.all()} == {"planning", "strategy"}
    assert category_promo.cta_url == "/planning/"


def test_the_demo_e_book_is_offered_beside_a_demo_article(client):
    load_demo()
    ebook = Promo.objects.get(placement=Promo.Placement.SITE_WIDE)

    body = client.get("/networking/getting-value-from-networking-events/").content.decode()

    assert ebook.heading in body
    assert ebook.download_title in body


def test_the_demo_e_book_is_stored_as_a_pdf():
    load_demo()
    ebook = Promo.objects.get(placement=Promo.Placement.SITE_WIDE)

    with ebook.download.open("rb") as file:
        assert downloads.sniff(file) == "PDF"
        assert file.read().rstrip().endswith(b"%%EOF")
