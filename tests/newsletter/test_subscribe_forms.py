"""The subscribe form wherever it appears: the box on every page, /newsletter/, the promos."""

from collections import Counter
from html.parser import HTMLParser

import pytest

from newsletter.models import PrivacyNotice
from tests.factories import make_article, make_promo, pdf_upload

pytestmark = pytest.mark.django_db


class FormInputs(HTMLParser):
    """Collect every element's id, and the inputs of each form with what encloses them."""

    def __init__(self):
        super().__init__()
        self.ids = Counter()
        self.open = []
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag == "input":
            self.inputs.append((attrs, list(self.open)))
        elif tag not in {"br", "img", "meta", "link", "source", "hr"}:
            self.open.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass


def parse(client, url):
    page = FormInputs()
    page.feed(client.get(url).content.decode())
    return page


@pytest.fixture
def pages():
    """An article with a download offer beside it, the offer's own page, and /newsletter/."""
    article = make_article(sections=1)
    promo = make_promo(articles=[article], download=pdf_upload())
    return {
        "article": article.get_absolute_url(),
        "promo": promo.get_absolute_url(),
        "subscribe": "/newsletter/",
    }


def test_a_page_with_a_download_offer_has_its_form_alone_with_unique_ids(client, pages):
    page = parse(client, pages["article"])

    websites = [attrs for attrs, _ in page.inputs if attrs.get("name") == "website"]
    assert [attrs["id"] for attrs in websites] == ["promo-website"]
    assert [id_ for id_, count in page.ids.items() if count > 1] == []


@pytest.mark.parametrize("name", ["article", "promo", "subscribe"])
def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client, pages, name):
    page = parse(client, pages[name])

    honeypots = [(attrs, around) for attrs, around in page.inputs if attrs["name"] == "website"]
    assert honeypots
    for attrs, around in honeypots:
        assert attrs["tabindex"] == "-1"
        assert attrs["autocomplete"] == "off"
        assert ("div", {"class": "hp-field", "aria-hidden": "true"}) in around


@pytest.mark.parametrize("name", ["article", "promo", "subscribe"])
def test_every_form_labels_its_fields_and_names_the_notice_shown_and_the_page(client, pages, name):
    notice = PrivacyNotice.objects.current()
    response = client.get(pages[name])
    body = response.content.decode()

    assert "includes/subscribe_form.html" in [t.name for t in response.templates]
    assert "Your e-mail address" in body
    assert "First name (optional)" in body
    assert (
        f'<p class="privacy-summary">{notice.summary} '
        '<a href="/newsletter/privacy/">Read our privacy notice</a>.</p>'
    ) in body
    assert "csrfmiddlewaretoken" not in body
    if name != "subscribe":
        assert f'name="notice" value="{notice.version}"' in body
        assert f'name="source" value="{pages[name]}"' in body
