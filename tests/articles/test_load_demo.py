"""load_demo stores the files in articles/demo/ once each, as their front matter says."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles import demo
from articles.management.commands.load_demo import Command
from articles.models import Article, Category, Page, Section
from promos.models import Promo
from tests.factories import make_article

pytestmark = pytest.mark.django_db

CATEGORY = "---\nname: Managing\nposition: 10\n---\n\nRunning a team.\n"
ARTICLE = """---
title: A Test Article
category: managing
status: published
published: 3 days ago
summary: A summary.
related:
---

The intro.

## First

The first section.
"""


def load_demo(verbosity=1):
    out = StringIO()
    call_command("load_demo", stdout=out, verbosity=verbosity)
    return out.getvalue()


def headings(path):
    """Return the '## ' headings of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.removeprefix("## ") for line in lines if line.startswith("## ")]


def days_from_now(moment):
    return round((moment - timezone.now()).total_seconds() / 86400)


@pytest.mark.usefixtures("small_demo_pictures")
def test_every_demo_article_file_becomes_an_article_as_its_front_matter_says():
    load_demo()

    paths = sorted((demo.FOLDER / "articles").glob("*.md"))
    assert Article.objects.count() == len(paths) == 19
    for path in paths:
        meta, _ = demo.read(path)
        article = Article.objects.get(slug=path.stem)
        assert article.title == meta["title"], path.name
        assert article.category.slug == meta["category"], path.name
        assert article.status == meta["status"], path.name
        assert [section.heading for section in article.sections.all()] == headings(path), path.name


@pytest.mark.usefixtures("small_demo_pictures")
def test_drafts_and_the_scheduled_demo_article_are_not_published():
    load_demo()

    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    assert set(hidden.values_list("slug", flat=True)) == {
        "asking-for-referrals",
        "handling-price-objections",
        "planning-for-a-quiet-season",
    }


@pytest.mark.usefixtures("small_demo_pictures")
def test_demo_articles_are_dated_relative_to_the_day_they_are_loaded():
    load_demo()

    hiring = Article.objects.get(slug="hiring-your-first-employee")
    quiet_season = Article.objects.get(slug="planning-for-a-quiet-season")
    assert days_from_now(hiring.published_at) == -40
    assert days_from_now(quiet_season.published_at) == 10
    assert hiring.updated_at == hiring.published_at


@pytest.mark.usefixtures("small_demo_pictures")
def test_the_intro_comes_before_the_first_heading_and_a_section_may_start_with_its_picture():
    load_demo()

    plan = Article.objects.get(slug="one-page-business-plan")
    numbers = plan.sections.get(heading="Put numbers on it")
    assert plan.intro.startswith("Many small business owners never write a plan")
    assert plan.hero_alt.startswith("A single page of notes")
    assert numbers.image.name.endswith(".webp")
    assert numbers.image_alt.startswith("A page with a bar chart")
    assert numbers.body.startswith("A plan without figures is a wish.")
    assert [section.position for section in plan.sections.all()] == [10, 20, 30, 40]


@pytest.mark.usefixtures("small_demo_pictures")
def test_load_demo_adds_the_categories_in_menu_order_and_the_pages():
    load_demo()

    assert list(Category.objects.values_list("slug", flat=True)) == [
        "managing",
        "marketing",
        "planning",
        "strategy",
        "sales",
        "service",
        "networking",
    ]
    assert set(Page.objects.values_list("slug", flat=True)) == {"about", "home"}


@pytest.mark.usefixtures("small_demo_pictures")
def test_demo_about_page_links_to_the_e_zine_it_invites_readers_to(client):
    load_demo()

    response = client.get(reverse("articles:page_detail", args=["about"]))

    assert f'<a href="{reverse("newsletter:subscribe")}"' in response.text


@pytest.mark.usefixtures("small_demo_pictures")
def test_load_demo_says_what_it_added():
    out = load_demo(verbosity=2)

    assert "Added category Managing" in out
    assert "Added page About More for Small Business" in out
    assert "Added article Hiring Your First Employee" in out
    assert "Added promo Plan your next quarter" in out
    assert "Demo content ready: 19 article(s) added, 0 already present." in out


@pytest.mark.usefixtures("small_demo_pictures")
def test_running_load_demo_again_changes_nothing(media_root):
    def state():
        models = (Category, Page, Article, Section, Promo)
        files = sorted(path for path in media_root.rglob("*") if path.is_file())
        return [model.objects.count() for model in models], files

    load_demo()
    before = state()

    out = load_demo(verbosity=2)

    assert state() == before
    assert out == "Demo content ready: 0 article(s) added, 19 already present.\n"


def test_load_demo_stops_at_a_broken_file_before_writing_anything(small_demo_pictures):
    path = small_demo_pictures / "articles" / "choosing-a-niche.md"
    path.write_text(path.read_text().replace("status: published", "status: live"))

    with pytest.raises(CommandError, match="choosing-a-niche.md: status must be one of"):
        load_demo()
    assert not Category.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ARTICLE.removeprefix("---\n"), "front matter must start the file"),
        (ARTICLE.replace("status: published", "status published"), "line 4: expected 'key: value'"),
        (ARTICLE.replace("summary: A summary.\n", ""), "front matter lacks summary"),
        (ARTICLE.replace("related:", "related:\nauthor: Me"), "front matter has unknown author"),
        (ARTICLE.replace("3 days ago", "last week"), "published must be 'N days ago'"),
        (ARTICLE.replace("managing", "gardening"), "no categories/gardening.md"),
        (ARTICLE.replace("related:", "related: a-missing-article"), "no articles/a-missing"),
        (
            ARTICLE.replace("\nThe first", "\n![A picture](gone.jpg)\n\nThe first"),
            "gone.jpg is not",
        ),
    ],
)
def test_a_malformed_demo_file_gives_an_error_naming_the_file(tmp_path, monkeypatch, text, message):
    monkeypatch.setattr(demo, "FOLDER", tmp_path)
    (tmp_path / "categories").mkdir()
    (tmp_path / "categories" / "managing.md").write_text(CATEGORY)
    (tmp_path / "articles").mkdir()
    path = tmp_path / "articles" / "broken.md"
    path.write_text(text)

    with pytest.raises(demo.DemoFileError) as error:
        demo.read_articles()
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_every_demo_article_has_its_own_picture():
    articles = demo.read_articles()

    assert all(article["hero"] and article["hero"]["alt"] for article in articles)
    assert len({article["hero"]["path"] for article in articles}) == len(articles)


def test_every_demo_picture_is_shown_and_ships_as_a_small_webp():
    shown = set()
    for article in demo.read_articles():
        pictures = [article["hero"]] + [section["image"] for section in article["sections"]]
        shown |= {picture["path"] for picture in pictures if picture}

    assert shown == set((demo.FOLDER / "articles").glob("*.webp"))
    for path in shown:
        with Image.open(path) as picture:
            assert (picture.format, picture.size) == ("WEBP", (1200, 675)), path.name
        assert path.stat().st_size <= 25_000, path.name


def test_every_demo_picture_is_drawn_from_an_svg_kept_beside_the_script():
    pictures = {path.stem for path in (demo.FOLDER / "articles").glob("*.webp")}

    assert pictures == {path.stem for path in (demo.FOLDER / "illustrations").glob("*.svg")}


def test_demo_pictures_are_stored_with_their_dimensions(tmp_path):
    article = make_article()
    path = tmp_path / "picture.jpg"
    Image.new("RGB", (16, 9), "teal").save(path, "JPEG")

    Command().attach_picture(article, "hero_image", {"path": path, "alt": "An abstract picture"})

    # Without stored dimensions, every load of the article would read the image file.
    with mock.patch("django.core.files.images.get_image_dimensions") as read_header:
        stored = Article.objects.get(pk=article.pk)
    read_header.assert_not_called()
    assert (stored.hero_width, stored.hero_height) == (16, 9)
    assert stored.hero_alt == "An abstract picture"


@pytest.mark.usefixtures("small_demo_pictures")
def test_the_demo_has_the_seed_sites_own_article_on_social_networks(client):
    load_demo()

    response = client.get("/networking/define-social-networks/")

    article = response.context["article"]
    assert article.title == (
        "Define Social Networks: Why Are They Important to Small Business Owners?"
    )
    assert [section.heading for section in article.sections.all()] == [
        "What is social media?",
        "Optimizing social media",
        "Online social networks",
        "Internet social networks and your business",
    ]
    assert article.hero_alt
    assert "<ol>" in "".join(section.body_html for section in article.sections.all())
    for slug in ("local-networking-without-social-media", "getting-value-from-networking-events"):
        related = Article.objects.get(slug=slug)
        assert f'<a href="{related.get_absolute_url()}">{related.title}</a>' in response.text
