"""The promo box: an aside with a heading, safe text, and buttons that say where they lead."""

import pytest

from tests.factories import image_upload, make_article, make_promo, pdf_upload

pytestmark = pytest.mark.django_db


def box(client, article):
    body = client.get(article.get_absolute_url()).content.decode()
    start = body.index('<aside class="promo"')
    return body[start : body.index("</aside>", start)]


@pytest.fixture
def article():
    return make_article(sections=2)


def test_the_box_is_an_aside_named_by_its_heading(client, article):
    make_promo(heading="How to Network Effectively?")

    html = box(client, article)

    assert html.startswith('<aside class="promo" aria-labelledby="promo-heading">')
    assert '<h2 id="promo-heading">How to Network Effectively?</h2>' in html


def test_an_external_button_is_marked_as_leaving_the_site(client, article):
    make_promo(cta_label="Buy the e-book", cta_url="https://shop.example/networking")

    html = box(client, article)

    assert 'rel="nofollow noopener"' in html
    assert '<span class="external-mark" aria-hidden="true"> ↗</span>' in html
    assert '<span class="visually-hidden"> (on another site)</span>' in html


def test_an_internal_button_is_a_plain_link(client, article):
    make_promo(cta_label="Read the guide", cta_url="/planning/")

    html = box(client, article)

    assert "noopener" not in html
    assert "another site" not in html
    assert "Read the guide</a>" in html


def test_a_full_address_on_this_site_is_not_external(client, article, settings):
    make_promo(cta_label="About us", cta_url=settings.SITE_URL + "/pages/about/")

    assert "another site" not in box(client, article)


def test_the_body_is_sanitised_markdown(client, article):
    make_promo(body="**Free** guide <script>alert(1)</script> [shop](https://shop.example/)")

    html = box(client, article)

    assert "<strong>Free</strong>" in html
    assert "<script" not in html
    assert '<a href="https://shop.example/" rel="noopener noreferrer">shop</a>' in html


def test_the_image_has_alt_text_size_and_lazy_loading(client, article):
    make_promo(image=image_upload("cover.png", size=(6, 8)), image_alt="The e-book's cover")

    html = box(client, article)

    assert 'alt="The e-book&#x27;s cover"' in html
    assert 'width="6" height="8"' in html
    assert 'loading="lazy"' in html


def test_the_box_has_no_inline_styles_or_scripts(client, article):
    make_promo(cta_label="Go", cta_url="https://shop.example/")

    html = box(client, article)

    assert " style=" not in html
    assert "<script" not in html


def test_a_download_offer_is_the_only_email_form_beside_the_article(client, article):
    """Its form already subscribes to the e-zine: the e-zine box would repeat it right under."""
    make_promo(download=pdf_upload())

    body = client.get(article.get_absolute_url()).content.decode()

    assert body.count('type="email"') == 1
    assert 'class="subscribe-form promo-form"' in body
    assert 'class="subscribe-box"' not in body


def test_a_promo_without_a_download_leaves_the_e_zine_box_in_place(client, article):
    make_promo(cta_label="Read the guide", cta_url="/planning/")

    body = client.get(article.get_absolute_url()).content.decode()

    assert 'class="promo"' in body
    assert 'class="subscribe-box"' in body


def test_without_a_promo_the_article_keeps_the_e_zine_box(client, article):
    body = client.get(article.get_absolute_url()).content.decode()

    assert 'class="subscribe-box"' in body


def test_a_promo_has_its_own_page(client):
    promo = make_promo(heading="Our e-book", cta_label="Buy", cta_url="https://shop.example/")

    response = client.get(promo.get_absolute_url())

    assert response.status_code == 200
    assert "promos/promo_detail.html" in [t.name for t in response.templates]
    assert "<h1>Our e-book</h1>" in response.content.decode()


def test_a_promo_that_is_not_live_has_no_public_page(client):
    promo = make_promo(is_active=False)

    assert client.get(promo.get_absolute_url()).status_code == 404


def test_editors_preview_a_promo_that_is_not_live(admin_client):
    promo = make_promo(is_active=False, heading="Coming soon")

    response = admin_client.get(promo.get_absolute_url())

    assert response.status_code == 200
    assert "visitors do not see this promo now" in response.content.decode()
