"""The demo content includes a site-wide e-book promo (a real PDF) and a category promo."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from articles.management.commands import load_demo as load_demo_command
from articles.management.commands.load_demo import write_pdf
from promos.models import Promo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_pictures(monkeypatch):
    """Draw the demo articles' pictures a few pixels wide: these tests are about promos."""
    monkeypatch.setattr(load_demo_command, "DEMO_IMAGE_SIZE", (16, 9))


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


def test_the_demo_pdf_is_well_formed():
    pdf = write_pdf("A (title)", ["First line", "Second line"])

    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.endswith(b"%%EOF\n")
    startxref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    assert pdf[startxref:].startswith(b"xref\n0 6\n")
    offsets = [int(entry) for entry in re.findall(rb"(\d{10}) 00000 n ", pdf)]
    assert len(offsets) == 5
    for number, offset in enumerate(offsets, start=1):
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number)
    length = int(re.search(rb"/Length (\d+)", pdf).group(1))
    stream = pdf[pdf.index(b"stream\n") + 7 : pdf.index(b"\nendstream")]
    assert len(stream) == length
    assert b"(A \\(title\\)) Tj" in stream
