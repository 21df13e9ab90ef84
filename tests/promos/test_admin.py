"""Editors manage promos in the admin: checked uploads and links, and the numbers per promo."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Subscriber
from promos import downloads
from promos.models import Promo, Signup
from tests.factories import (
    PDF_BYTES,
    image_upload,
    make_category,
    make_consent,
    make_promo,
    make_subscriber,
    pdf_upload,
    zip_bytes,
)

pytestmark = pytest.mark.django_db


def promo_data(**overrides):
    now = timezone.localtime()
    data = {
        "heading": "Get the networking e-book",
        "body": "Ten pages of *practical* advice.",
        "image_alt": "",
        "cta_label": "",
        "cta_url": "",
        "download_title": "",
        "placement": Promo.Placement.SITE_WIDE,
        "starts_at_0": now.strftime("%Y-%m-%d"),
        "starts_at_1": now.strftime("%H:%M:%S"),
        "ends_at_0": "",
        "ends_at_1": "",
        "position": "0",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def add(editor_client, **overrides):
    return editor_client.post(reverse("admin:promos_promo_add"), promo_data(**overrides))


def form_errors(response):
    return response.context["adminform"].form.errors


def test_an_editor_adds_a_promo_with_a_download(editor_client, settings):
    response = add(
        editor_client,
        download=pdf_upload("Networking Guide.pdf"),
        download_title="the Networking e-book (PDF)",
    )

    assert response.status_code == 302, form_errors(response)
    promo = Promo.objects.get()
    assert promo.body_html == "<p>Ten pages of <em>practical</em> advice.</p>"
    assert promo.download.name.startswith("downloads/")
    assert promo.download.name.endswith("Networking_Guide.pdf")
    assert promo.download.read() == PDF_BYTES


def test_the_change_form_names_the_private_file_without_linking_to_it(editor_client):
    promo = make_promo(download=pdf_upload("guide.pdf"))

    response = editor_client.get(reverse("admin:promos_promo_change", args=[promo.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "guide.pdf" in body
    assert f'href="{reverse("admin:promos_promo_download", args=[promo.pk])}"' in body


def test_editors_can_download_the_file_to_check_it(editor_client, client):
    promo = make_promo(download=pdf_upload("guide.pdf"))
    url = reverse("admin:promos_promo_download", args=[promo.pk])

    response = editor_client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "no-store" in response["Cache-Control"]


def test_visitors_cannot_use_the_admin_download(client):
    promo = make_promo(download=pdf_upload("guide.pdf"))

    response = client.get(reverse("admin:promos_promo_download", args=[promo.pk]))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("guide.pdf", PDF_BYTES),
        ("guide.epub", zip_bytes({"OEBPS/content.opf": b"<package/>"}, epub=True)),
        ("guide.zip", zip_bytes({"checklist.txt": b"1. Smile"})),
        ("Guide.PDF", PDF_BYTES),
    ],
)
def test_pdf_epub_and_zip_files_are_accepted(editor_client, name, content):
    response = add(
        editor_client,
        download=SimpleUploadedFile(name, content),
        download_title="the guide",
    )

    assert response.status_code == 302, form_errors(response)


@pytest.mark.parametrize(
    ("name", "content", "code_text"),
    [
        ("notes.pdf", b"plain text pretending to be a PDF", "not a PDF, EPUB or ZIP"),
        ("guide.exe", b"MZ\x90\x00", "Upload a PDF, EPUB or ZIP"),
        ("guide.html", b"<html><script>alert(1)</script>", "Upload a PDF, EPUB or ZIP"),
        ("guide", PDF_BYTES, "Upload a PDF, EPUB or ZIP"),
        ("guide.zip", PDF_BYTES, "is a PDF, but its name ends in .zip"),
        ("guide.epub", zip_bytes({"a.txt": b"a"}), "is a ZIP file, but its name ends in .epub"),
        ("guide.zip", b"PK\x03\x04 truncated", "not a PDF, EPUB or ZIP"),
        ("empty.zip", zip_bytes({}), "not a PDF, EPUB or ZIP"),
    ],
)
def test_other_files_are_refused_with_a_clear_message(editor_client, name, content, code_text):
    response = add(
        editor_client,
        download=SimpleUploadedFile(name, content),
        download_title="the guide",
    )

    assert response.status_code == 200
    assert code_text in str(form_errors(response)["download"])
    assert not Promo.objects.exists()


def test_a_file_over_the_size_limit_is_refused(editor_client, monkeypatch):
    monkeypatch.setattr(downloads, "MAX_UPLOAD_BYTES", len(PDF_BYTES) - 1)

    response = add(editor_client, download=pdf_upload(), download_title="the guide")

    assert response.status_code == 200
    assert "largest accepted" in str(form_errors(response)["download"])


def test_a_download_needs_a_title(editor_client):
    response = add(editor_client, download=pdf_upload())

    assert response.status_code == 200
    assert form_errors(response)["download_title"]


def test_an_image_needs_alt_text(editor_client):
    response = add(editor_client, image=image_upload())

    assert response.status_code == 200
    assert "alt text is required" in str(form_errors(response)["image_alt"])


def test_an_image_gets_renditions(editor_client):
    response = add(editor_client, image=image_upload(size=(600, 800)), image_alt="A cover")

    assert response.status_code == 302
    assert [r["width"] for r in Promo.objects.get().image_renditions] == [480, 600]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "//evil.example/",
        "/\\evil.example/",
        "ftp://files.example/",
        "data:text/html,hi",
        "/path with space/",
        "shop.example",
        "https://",
    ],
)
def test_a_button_link_must_be_a_web_address_or_a_path(editor_client, link):
    response = add(editor_client, cta_label="Go", cta_url=link)

    assert response.status_code == 200
    assert form_errors(response)["cta_url"]


@pytest.mark.parametrize(
    "link", ["/planning/", "https://shop.example/book?id=1", "http://x.example"]
)
def test_good_button_links_are_accepted(editor_client, link):
    response = add(editor_client, cta_label="Go", cta_url=link)

    assert response.status_code == 302, form_errors(response)


def test_a_button_needs_both_label_and_link(editor_client):
    assert form_errors(add(editor_client, cta_label="Go"))["cta_url"]
    assert form_errors(add(editor_client, cta_url="/planning/"))["cta_label"]


def test_the_window_must_end_after_it_starts(editor_client):
    response = add(editor_client, ends_at_0="2000-01-01", ends_at_1="00:00:00")

    assert form_errors(response)["ends_at"]


def test_a_category_placement_needs_categories(editor_client):
    response = add(editor_client, placement=Promo.Placement.CATEGORIES)
    assert form_errors(response)["categories"]

    category = make_category()
    response = add(editor_client, placement=Promo.Placement.CATEGORIES, categories=[category.pk])
    assert response.status_code == 302


def test_an_article_placement_needs_articles(editor_client):
    response = add(editor_client, placement=Promo.Placement.ARTICLES)

    assert form_errors(response)["articles"]


def test_the_list_shows_subscribed_and_confirmed_counts_in_one_query(admin_client):
    def subscribe_through(promo, confirmed):
        status = Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING
        subscriber = make_subscriber(status=status)
        consent = make_consent(subscriber, confirmed_at=timezone.now() if confirmed else None)
        Signup.objects.create(promo=promo, subscriber=subscriber, consent=consent, offer="x")

    url = reverse("admin:promos_promo_changelist")
    ebook = make_promo(heading="E-book", download=pdf_upload(), position=1)
    for confirmed in [True, True, False]:
        subscribe_through(ebook, confirmed)
    # An existing subscriber asking for it did not subscribe through it.
    Signup.objects.create(promo=ebook, subscriber=make_subscriber(), offer="x")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for position in range(2, 12):
        subscribe_through(make_promo(position=position), confirmed=True)

    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)

    first = response.context["cl"].result_list[0]
    assert (first.heading, first.subscribed, first.confirmed) == ("E-book", 3, 2)
    assert len(many) == len(few)
    body = response.content.decode()
    assert '<td class="field-subscribed_count">3</td>' in body
    assert '<td class="field-confirmed_count">2</td>' in body


def test_a_promo_that_readers_subscribed_through_cannot_be_deleted(admin_client):
    promo = make_promo(download=pdf_upload())
    Signup.objects.create(promo=promo, subscriber=make_subscriber(), offer="x")

    admin_client.post(reverse("admin:promos_promo_delete", args=[promo.pk]), {"post": "yes"})

    assert Promo.objects.filter(pk=promo.pk).exists()


def test_editors_may_not_see_sign_ups(editor_client):
    """Sign-ups name subscribers; they are not in the admin at all."""
    response = editor_client.get(reverse("admin:index"))

    assert "sign-up" not in response.content.decode().lower()
    assert "Promotions" in response.content.decode()
