from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article, Category
from tests.factories import image_upload, make_article, make_category, make_section

pytestmark = pytest.mark.django_db


def test_published_includes_only_live_articles():
    live = make_article()
    make_article(status=Article.Status.DRAFT)
    make_article(published_at=timezone.now() + timedelta(days=3))

    assert list(Article.objects.published()) == [live]


def test_scheduled_article_goes_live_when_its_date_comes():
    article = make_article(published_at=timezone.now() + timedelta(minutes=5))
    assert not article.is_published()
    assert article.is_scheduled()

    article.published_at = timezone.now() - timedelta(seconds=1)
    article.save()

    assert article.is_published()
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_draft_is_never_published_even_with_a_past_date():
    article = make_article(status=Article.Status.DRAFT)
    assert not article.is_published()
    assert not article.is_scheduled()


def test_markdown_is_rendered_on_save():
    article = make_article(intro="Some **bold** advice.")
    section = make_section(article, body="* one\n* two")

    assert "<strong>bold</strong>" in article.intro_html
    assert "<li>one</li>" in section.body_html


def test_section_anchor_is_made_from_heading():
    section = make_section(make_article(), heading="Know Your Numbers!")
    assert section.anchor == "know-your-numbers"


def test_sections_are_ordered_by_position():
    article = make_article()
    make_section(article, position=3, heading="Third")
    make_section(article, position=1, heading="First")
    make_section(article, position=2, heading="Second")

    assert [s.heading for s in article.sections.all()] == ["First", "Second", "Third"]


def test_article_url_is_category_then_slug():
    category = make_category(slug="sales")
    article = make_article(category=category, slug="closing-the-sale")
    assert article.get_absolute_url() == "/sales/closing-the-sale/"
    assert category.get_absolute_url() == "/sales/"


def test_reserved_category_slug_is_refused():
    for slug in [
        "admin",
        "blog",
        "search",
        "feed",
        "newsletter",
        "site-index",
        "static",
        "media",
        "sitemap.xml",
        "robots.txt",
    ]:
        with pytest.raises(ValidationError) as error:
            Category(name=f"Name {slug}", slug=slug).full_clean()
        assert "slug" in error.value.message_dict, slug


def test_article_slug_is_unique_within_its_category_only():
    first = make_category()
    second = make_category()
    make_article(category=first, slug="pricing")
    make_article(category=second, slug="pricing")

    with pytest.raises(ValidationError):
        Article(category=first, slug="pricing", title="Pricing", summary="s").full_clean()


def test_hero_image_requires_alt_text():
    article = make_article()
    article.hero_image.save("hero.png", image_upload(), save=False)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "hero_alt" in error.value.message_dict


def test_categories_are_ordered_by_position():
    make_category(name="B", position=2)
    make_category(name="A", position=1)
    assert [c.name for c in Category.objects.all()] == ["A", "B"]
