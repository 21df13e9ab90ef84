"""Promos in a real browser: the box and the download pages are accessible and valid, and a
reader gets from the form to the file."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from newsletter import tokens as newsletter_tokens
from newsletter.models import Subscriber
from promos.models import Signup
from tests.e2e.test_accessibility import axe_violations
from tests.e2e.test_html_validity import page_errors
from tests.factories import (
    PDF_BYTES,
    image_upload,
    make_consent,
    make_promo,
    make_subscriber,
    pdf_upload,
)


@pytest.fixture
def promo(site):
    return make_promo(
        heading="How to Network Effectively?",
        body="Our free e-book shows how to meet the **right** people.",
        image=image_upload("cover.png", size=(60, 80)),
        image_alt="The cover of the networking e-book",
        cta_label="Buy the printed book",
        cta_url="https://shop.example/networking",
        download=pdf_upload("networking.pdf"),
        download_title="the Business Networking e-book (PDF)",
    )


@pytest.fixture
def promo_pages(site, promo):
    """Every page a promo gives a visitor, by name."""
    pending = make_subscriber(email="pending@example.com", status=Subscriber.Status.PENDING)
    consent = make_consent(pending)
    Signup.objects.create(promo=promo, subscriber=pending, consent=consent, offer="the e-book")
    confirmed = make_subscriber(email="reader@example.com")
    signup = Signup.objects.create(promo=promo, subscriber=confirmed, offer="the e-book")
    grant = signup.grants.create()
    expired = signup.grants.create(expires_at=timezone.now())
    return {
        "article with promo": site.article.get_absolute_url(),
        "promo page": promo.get_absolute_url(),
        "check your inbox": reverse("promos:offer_requested"),
        "confirm": reverse("promos:confirm", args=[newsletter_tokens.make_confirm_token(consent)]),
        "download": grant.get_absolute_url(),
        "download expired": expired.get_absolute_url(),
    }


def test_promo_pages_have_no_wcag_a_or_aa_violations(page, phone, promo_pages):
    reports = []
    for window, browser_page in [("desktop", page), ("phone", phone)]:
        for name, address in promo_pages.items():
            browser_page.goto(address)
            report = axe_violations(browser_page)
            if report:
                reports.append(f"{name} ({window}): {report}")

    assert not reports, "\n\n".join(reports)


def test_promo_pages_are_valid_html(live_server, promo_pages, vnu_jar, tmp_path):
    errors = page_errors(vnu_jar, live_server.url, promo_pages, tmp_path)

    assert errors == [], "\n".join(
        f"{error['url'].rsplit('/', 1)[-1]}:{error.get('lastLine', '?')}: {error['message']}"
        for error in errors
    )


def test_the_promo_sits_beside_the_text_on_a_desktop_and_below_it_on_a_phone(
    page, phone, site, promo
):
    for browser_page in (page, phone):
        browser_page.goto(site.article.get_absolute_url())
    box = page.get_by_role("complementary", name="How to Network Effectively?").bounding_box()
    text = page.locator(".article-body .prose").first.bounding_box()
    phone_box = phone.get_by_role("complementary", name="How to Network Effectively?")
    phone_text = phone.locator(".article-section").last.bounding_box()

    assert box["x"] > text["x"] + text["width"]
    assert phone_box.bounding_box()["y"] > phone_text["y"] + phone_text["height"]
    assert phone.evaluate("document.documentElement.scrollWidth") == 375


def test_a_reader_gets_the_e_book_from_the_box_on_an_article(page, site, promo):
    page.goto(site.article.get_absolute_url())
    box = page.get_by_role("complementary", name="How to Network Effectively?")
    box.get_by_label("Your e-mail address").fill("jane@example.com")
    box.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")

    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/promos/confirm/" in word)
    page.goto(link.removeprefix("http://127.0.0.1:8000"))
    page.get_by_role("button", name="Confirm and get the download").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your download is ready")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download it now").click()
    download = download_info.value
    assert download.suggested_filename == "networking.pdf"
    with open(download.path(), "rb") as file:
        assert file.read() == PDF_BYTES
    assert Subscriber.objects.get(email="jane@example.com").is_confirmed()


def test_a_phone_reader_meets_one_email_form_beside_the_e_book(phone, site, promo):
    phone.goto(site.article.get_absolute_url())

    expect(phone.get_by_label("Your e-mail address")).to_have_count(1)
    expect(phone.get_by_role("region", name="Get the free monthly e-zine")).to_have_count(0)
