from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Page
from tests.factories import (
    image_upload,
    make_article,
    make_category,
    make_editor,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    category = make_category(name="Marketing", slug="marketing")
    article = make_article(
        category=category,
        title="Writing a Newsletter People Read",
        slug="writing-a-newsletter",
        summary="Short, useful and regular beats long and clever.",
    )
    make_section(article, position=1, heading="Pick one reader")
    make_section(article, position=2, heading="Keep a rhythm")
    return article


def test_home_lists_newest_articles_and_categories(client, article):
    older = make_article(
        category=article.category,
        title="Older Advice",
        published_at=timezone.now() - timedelta(days=30),
    )

    response = client.get(reverse("articles:index"))

    assert response.status_code == 200
    assert "articles/index.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert body.index(article.title) < body.index(older.title)
    assert 'href="/marketing/"' in body


def test_home_browse_by_category_lists_the_menu_categories(client, article):
    make_category(name="Hidden", slug="hidden", show_in_menu=False)

    response = client.get(reverse("articles:index"))

    body = response.content.decode()
    browse = body[body.index('id="categories-heading"') :]
    browse = browse[: browse.index("</section>")]
    assert '<li><a href="/marketing/">Marketing</a></li>' in browse
    assert "Hidden" not in browse
    assert "Categories will appear here soon." not in browse


def test_menu_lists_home_blog_categories_and_about(client):
    for position, name in enumerate(["Managing", "Marketing", "Planning"]):
        make_category(name=name, slug=name.lower(), position=position)
    make_category(name="Hidden", slug="hidden", show_in_menu=False)

    body = client.get("/").content.decode()
    nav = body[body.index('aria-label="Main"') :]
    nav = nav[: nav.index("</nav>")]

    labels = ["Home", "Blog", "Managing", "Marketing", "Planning", "About"]
    positions = [nav.index(f">{label}<") for label in labels]
    assert positions == sorted(positions)
    assert "Hidden" not in nav


@pytest.mark.parametrize(
    ("path", "current"), [("/", "Home"), ("/blog/", "Blog"), ("/managing/", "Managing")]
)
def test_menu_marks_the_page_being_shown_and_only_that(client, path, current):
    make_category(name="Managing", slug="managing")
    make_category(name="Marketing", slug="marketing")

    body = client.get(path).content.decode()
    nav = body[body.index('aria-label="Main"') :]
    nav = nav[: nav.index("</nav>")]

    assert nav.count('aria-current="page"') == 1
    assert f'href="{path}" aria-current="page">{current}<' in nav


def test_article_page_marks_no_menu_entry(client, article):
    body = client.get(article.get_absolute_url()).content.decode()
    nav = body[body.index('aria-label="Main"') :]

    assert 'aria-current="page"' not in nav[: nav.index("</nav>")]


def test_category_page_lists_its_published_articles(client, article):
    draft = make_article(
        category=article.category, title="Unfinished Draft", status=Article.Status.DRAFT
    )
    elsewhere = make_article(title="Somewhere Else")

    response = client.get(article.category.get_absolute_url())

    assert response.status_code == 200
    assert "articles/category_detail.html" in [t.name for t in response.templates]
    assert response.context["category"] == article.category
    assert list(response.context["articles"]) == [article]
    assert draft.title not in response.content.decode()
    assert elsewhere.title not in response.content.decode()


def test_article_page_shows_sections_with_anchors_and_on_this_page(client, article):
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert article.summary in body
    assert '<h2 id="pick-one-reader">' in body
    assert '<h2 id="keep-a-rhythm">' in body
    assert 'href="#pick-one-reader"' in body
    assert body.index("Pick one reader") < body.index("Keep a rhythm")


def test_article_page_has_breadcrumbs(client, article):
    body = client.get(article.get_absolute_url()).content.decode()
    crumbs = body[body.index('aria-label="Breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    assert 'href="/"' in crumbs
    assert 'href="/marketing/"' in crumbs
    assert article.title in crumbs


def test_read_more_lists_only_published_related_articles(client, article):
    live = make_article(title="Related And Live")
    hidden = make_article(title="Related But Draft", status=Article.Status.DRAFT)
    article.related.set([live, hidden])

    body = client.get(article.get_absolute_url()).content.decode()

    assert "Read More" in body
    assert live.get_absolute_url() in body
    assert hidden.title not in body


def read_more_titles(client, article):
    return [
        related.title for related in client.get(article.get_absolute_url()).context["read_more"]
    ]


def test_read_more_fills_in_with_the_newest_from_the_same_category(client, article):
    now = timezone.now()
    pick = make_article(title="Editor's Pick", published_at=now - timedelta(days=90))
    for days, title in [(1, "Newest"), (2, "Newer"), (3, "New"), (4, "Older")]:
        make_article(
            category=article.category, title=title, published_at=now - timedelta(days=days)
        )
    make_article(category=article.category, title="Draft Sibling", status=Article.Status.DRAFT)
    make_article(title="Other Category", published_at=now)
    article.related.set([pick])

    assert read_more_titles(client, article) == ["Editor's Pick", "Newest", "Newer"]


def test_read_more_never_lists_the_article_itself(client, article):
    article.related.set([article])
    assert read_more_titles(client, article) == []


def test_read_more_shows_every_pick_and_no_fill_when_three_or_more_are_picked(client, article):
    picks = [make_article(title=f"Pick {n}") for n in range(4)]
    make_article(category=article.category, title="Sibling")
    article.related.set(picks)

    assert sorted(read_more_titles(client, article)) == ["Pick 0", "Pick 1", "Pick 2", "Pick 3"]


def test_article_in_the_wrong_category_is_404(client, article):
    other = make_category(slug="sales")
    response = client.get(f"/{other.slug}/{article.slug}/")
    assert response.status_code == 404


def test_draft_and_scheduled_articles_are_404_for_visitors(client):
    draft = make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + timedelta(days=1))
    client.force_login(make_user())

    for hidden in [draft, scheduled]:
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_editor_can_preview_a_draft(client):
    draft = make_article(status=Article.Status.DRAFT, title="Work In Progress")
    client.force_login(make_editor())

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "not public yet" in response.content.decode()


def test_article_pages_show_exactly_the_published_articles(client):
    # Visitors see exactly what Article.objects.published() holds, to the second.
    now = timezone.now()
    articles = [
        make_article(published_at=now - timedelta(seconds=2)),
        make_article(published_at=now + timedelta(minutes=1)),
        make_article(status=Article.Status.DRAFT, published_at=now - timedelta(days=1)),
        make_article(status=Article.Status.DRAFT, published_at=now + timedelta(days=1)),
        make_article(published_at=now - timedelta(days=400)),
    ]

    shown = {a.pk for a in articles if client.get(a.get_absolute_url()).status_code == 200}

    assert shown == set(Article.objects.published().values_list("pk", flat=True))
    assert len(shown) == 2


def test_editor_preview_of_a_scheduled_article_says_when_it_appears(client):
    scheduled = make_article(published_at=timezone.now() + timedelta(days=3))
    client.force_login(make_editor())

    body = client.get(scheduled.get_absolute_url()).content.decode()

    assert "scheduled to appear" in body


def test_article_page_names_its_author_and_sections_in_order(client, article):
    article.author = make_user("jsmith", first_name="Jo", last_name="Smith")
    article.save()
    anonymous = make_article(category=article.category, title="Unsigned")

    body = client.get(article.get_absolute_url()).content.decode()
    unsigned = client.get(anonymous.get_absolute_url()).content.decode()

    assert "By Jo Smith" in body
    assert body.index("Pick one reader") < body.index("Keep a rhythm")
    assert "By " not in unsigned[unsigned.index("article-meta") :][:200]


def test_article_pictures_carry_their_renditions_size_and_alt_text(client, article):
    article.hero_image = image_upload(size=(40, 20))
    article.hero_alt = 'A "busy" shop <front>'
    article.hero_renditions = [{"width": 480, "height": 240, "name": "renditions/shop-480w.webp"}]
    article.save()
    make_section(article, position=3, image=image_upload(size=(30, 10)), image_alt="A chart")

    body = client.get(article.get_absolute_url()).content.decode()

    assert (
        f'<img src="{article.hero_image.url}" srcset="/media/renditions/shop-480w.webp 480w"'
        ' sizes="(min-width: 60rem) 48rem, 100vw" width="40" height="20"'
        ' alt="A &quot;busy&quot; shop &lt;front&gt;" fetchpriority="high" decoding="async">'
    ) in body
    section_image = article.sections.get(position=3).image
    assert (
        f'<img src="{section_image.url}" width="30" height="10" alt="A chart" loading="lazy"'
        ' decoding="async">'
    ) in body


def test_site_index_lists_every_category_with_its_published_articles(client, article):
    empty = make_category(name="Networking", slug="networking")
    draft = make_article(
        category=article.category, title="Secret Draft", status=Article.Status.DRAFT
    )

    response = client.get(reverse("articles:site_index"))

    body = response.content.decode()
    assert response.status_code == 200
    assert article.get_absolute_url() in body
    assert empty.get_absolute_url() in body
    assert draft.title not in body


def test_blog_is_newest_first_and_paginated(client):
    category = make_category()
    now = timezone.now()
    for days in range(12):
        make_article(
            category=category, title=f"Post {days:02d}", published_at=now - timedelta(days=days + 1)
        )

    first = client.get(reverse("articles:blog"))
    second = client.get(reverse("articles:blog"), {"page": 2})

    titles = [a.title for a in first.context["articles"]]
    assert titles == [f"Post {n:02d}" for n in range(10)]
    assert [a.title for a in second.context["articles"]] == ["Post 10", "Post 11"]
    assert client.get(reverse("articles:blog"), {"page": 99}).status_code == 404
    assert client.get(reverse("articles:blog"), {"page": "x"}).status_code == 404


def test_about_page_renders_markdown(client):
    Page.objects.create(slug="about", title="About us", body="We **help** owners.")
    response = client.get(reverse("articles:page_detail", args=["about"]))
    assert response.status_code == 200
    assert "<strong>help</strong>" in response.content.decode()


def test_unknown_address_gets_the_sites_404_page(client):
    response = client.get("/no-such-category/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "Site Index" in response.content.decode()


def test_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "</html>" in html


def test_500_page_links_to_the_sites_pages(client):
    client.raise_request_exception = False
    with mock.patch("articles.views.HomeView.get_context_data", side_effect=RuntimeError):
        response = client.get("/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, something went wrong" in body
    for path in ["/blog/", "/site-index/", "/newsletter/privacy/"]:
        assert f'href="{path}"' in body
