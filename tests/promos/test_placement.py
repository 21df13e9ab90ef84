"""Which promo shows beside an article: the most specific, in its window, in the editor's order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from promos.models import Promo
from promos.selection import promo_for
from tests.factories import make_article, make_category, make_promo

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return make_article(category=make_category(slug="networking"))


def test_no_promo_means_none(article):
    assert promo_for(article) is None


def test_a_site_wide_promo_shows_beside_every_article(article):
    promo = make_promo()

    assert promo_for(article) == promo
    assert promo_for(make_article()) == promo


def test_a_category_promo_beats_a_site_wide_one(article):
    make_promo(position=0)
    category_promo = make_promo(categories=[article.category], position=9)

    assert promo_for(article) == category_promo


def test_a_category_promo_shows_only_in_its_categories(article):
    site_wide = make_promo()
    make_promo(categories=[make_category()])

    assert promo_for(article) == site_wide


def test_an_article_promo_beats_a_category_one(article):
    make_promo(categories=[article.category], position=0)
    article_promo = make_promo(articles=[article], position=9)

    assert promo_for(article) == article_promo
    assert promo_for(make_article(category=article.category)) != article_promo


def test_choices_count_only_for_the_placement_chosen(article):
    """Articles picked on a category promo (say, left from earlier) do not make it specific."""
    site_wide = make_promo(position=0)
    make_promo(placement=Promo.Placement.CATEGORIES, articles=[article], position=9)
    make_promo(placement=Promo.Placement.SITE_WIDE, articles=[article], position=5)

    assert promo_for(article) == site_wide


def test_among_equals_the_lowest_position_wins(article):
    make_promo(position=20, heading="Second")
    first = make_promo(position=10, heading="First")
    make_promo(position=30, heading="Third")

    assert promo_for(article) == first


def test_equal_positions_fall_back_to_the_oldest(article):
    first = make_promo(position=5)
    make_promo(position=5)

    assert promo_for(article) == first


def test_only_promos_within_their_window_show(article):
    now = timezone.now()
    cases = [
        ("not started", now + timedelta(hours=1), None, False),
        ("started, open-ended", now - timedelta(hours=1), None, True),
        ("started, ends later", now - timedelta(hours=1), now + timedelta(hours=1), True),
        ("ended", now - timedelta(days=2), now - timedelta(seconds=1), False),
    ]
    for name, starts_at, ends_at, shows in cases:
        promo = make_promo(starts_at=starts_at, ends_at=ends_at)
        assert (promo_for(article) == promo) is shows, name
        promo.delete()


def test_a_switched_off_promo_never_shows(article):
    make_promo(is_active=False, articles=[article])
    site_wide = make_promo()

    assert promo_for(article) == site_wide


def test_an_ended_specific_promo_gives_way_to_a_live_general_one(article):
    make_promo(
        articles=[article],
        ends_at=timezone.now() - timedelta(minutes=1),
        starts_at=timezone.now() - timedelta(days=3),
    )
    site_wide = make_promo()

    assert promo_for(article) == site_wide


def test_the_article_page_shows_the_chosen_promo_in_an_aside(client, article):
    make_promo(heading="Everyone sees this")
    make_promo(heading="Networking readers see this", categories=[article.category])

    body = client.get(article.get_absolute_url()).content.decode()

    assert "Networking readers see this" in body
    assert "Everyone sees this" not in body
    assert body.count('<aside class="promo" aria-labelledby="promo-heading">') == 1
    assert '<h2 id="promo-heading">Networking readers see this</h2>' in body


def test_the_promo_comes_after_the_article_text(client):
    """Phones show the promo below the content: it follows the last section in the page."""
    article = make_article(sections=2)
    make_promo(heading="After the text")

    body = client.get(article.get_absolute_url()).content.decode()

    assert body.index("Body of section 2.") < body.index('class="promo"')


def test_a_promo_whose_button_leads_to_the_article_is_not_shown_beside_it(client, settings):
    article = make_article(sections=1)
    path = article.get_absolute_url()
    for link in (path, path.rstrip("/"), settings.SITE_URL + path, path + "#section-1"):
        promo = make_promo(heading="Read this article", cta_label="Read it", cta_url=link)

        body = client.get(path).content.decode()

        assert "Read this article" not in body, link
        promo.delete()


def test_a_promo_leading_to_the_article_gives_way_to_the_next_one(client):
    article = make_article()
    make_promo(heading="Read this article", cta_label="Read", cta_url=article.get_absolute_url())
    make_promo(heading="Something else", position=50)

    body = client.get(article.get_absolute_url()).content.decode()

    assert '<h2 id="promo-heading">Something else</h2>' in body


def test_a_promo_leading_to_an_article_shows_beside_the_others(client):
    advertised = make_article()
    make_promo(heading="Read that article", cta_label="Read", cta_url=advertised.get_absolute_url())
    other = make_article(category=advertised.category)

    body = client.get(other.get_absolute_url()).content.decode()

    assert '<h2 id="promo-heading">Read that article</h2>' in body
