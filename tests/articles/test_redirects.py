"""Moved pages keep their old addresses working: 301 redirects, without chains or loops."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import redirects
from articles.models import Article, Redirect
from tests.factories import make_article, make_category

pytestmark = pytest.mark.django_db


def change_article(client, article, **changes):
    """Save the article through the admin's change form, with `changes` applied, and publish.

    ("Publish changes": saving a published article otherwise keeps the changes aside.)
    """
    data = {
        "_publish": "Publish changes",
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "summary": article.summary,
        "intro": article.intro,
        "hero_alt": "",
        "status": article.status,
        "published_at_0": article.published_at.strftime("%Y-%m-%d"),
        "published_at_1": article.published_at.strftime("%H:%M:%S"),
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        **changes,
    }
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return article


def change_category_slug(client, category, slug):
    data = {"name": category.name, "slug": slug, "position": category.position}
    response = client.post(reverse("admin:articles_category_change", args=[category.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    category.refresh_from_db()


def assert_moved(client, old_path, new_path):
    response = client.get(old_path)
    assert response.status_code == 301, f"{old_path} answered {response.status_code}"
    assert response["Location"] == new_path


def test_changing_an_article_slug_redirects_the_old_address(editor_client):
    article = make_article(slug="old-name")
    old_path = article.get_absolute_url()

    change_article(editor_client, article, slug="new-name")

    assert_moved(editor_client, old_path, article.get_absolute_url())
    assert editor_client.get(article.get_absolute_url()).status_code == 200


def test_moving_an_article_to_another_category_redirects_the_old_address(editor_client):
    article = make_article()
    old_path = article.get_absolute_url()
    sales = make_category(slug="sales")

    change_article(editor_client, article, category=sales.pk)

    assert article.get_absolute_url().startswith("/sales/")
    assert_moved(editor_client, old_path, article.get_absolute_url())


def test_saving_without_moving_adds_no_redirect(editor_client):
    article = make_article()
    change_article(editor_client, article, title="A Better Title")
    assert not Redirect.objects.exists()


def test_changing_a_category_slug_redirects_it_its_feed_and_its_articles(editor_client):
    category = make_category(name="Selling", slug="selling")
    first = make_article(category=category, slug="first")
    second = make_article(category=category, slug="second")

    change_category_slug(editor_client, category, "sales")

    assert_moved(editor_client, "/selling/", "/sales/")
    assert_moved(editor_client, "/selling/feed/", "/sales/feed/")
    assert_moved(editor_client, "/selling/first/", first.get_absolute_url())
    assert_moved(editor_client, "/selling/second/", second.get_absolute_url())
    assert first.get_absolute_url() == "/sales/first/"


def test_a_second_move_collapses_the_chain(editor_client):
    article = make_article(slug="one")
    first_path = article.get_absolute_url()
    change_article(editor_client, article, slug="two")
    second_path = article.get_absolute_url()

    change_article(editor_client, article, slug="three")

    assert_moved(editor_client, first_path, article.get_absolute_url())
    assert_moved(editor_client, second_path, article.get_absolute_url())
    assert set(Redirect.objects.values_list("new_path", flat=True)) == {article.get_absolute_url()}


def test_moving_back_takes_the_old_address_back_without_a_loop(editor_client):
    article = make_article(slug="original")
    original = article.get_absolute_url()
    change_article(editor_client, article, slug="renamed")
    renamed = article.get_absolute_url()

    change_article(editor_client, article, slug="original")

    assert editor_client.get(original).status_code == 200
    assert_moved(editor_client, renamed, original)
    assert list(Redirect.objects.values_list("old_path", "new_path")) == [(renamed, original)]


def test_a_page_at_the_old_address_wins_over_the_redirect(client):
    article = make_article()
    Redirect.objects.create(old_path=article.get_absolute_url(), new_path="/elsewhere/")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_redirect_keeps_the_query_string(client):
    Redirect.objects.create(old_path="/old-list.html", new_path="/blog/")
    assert_moved(client, "/old-list.html?page=2", "/blog/?page=2")


def test_unknown_address_is_still_a_404(client):
    assert client.get("/never-existed.html").status_code == 404


def test_editor_adds_a_redirect_for_an_old_address_by_hand(editor_client):
    article = make_article()

    response = editor_client.post(
        reverse("admin:articles_redirect_add"),
        {"old_path": " /define-social-networks.html ", "new_path": article.get_absolute_url()},
    )

    assert response.status_code == 302
    assert_moved(editor_client, "/define-social-networks.html", article.get_absolute_url())


def test_a_redirect_to_a_redirected_address_points_at_the_final_one(editor_client):
    Redirect.objects.create(old_path="/b/", new_path="/c/")

    editor_client.post(
        reverse("admin:articles_redirect_add"), {"old_path": "/a/", "new_path": "/b/"}
    )

    assert Redirect.objects.get(old_path="/a/").new_path == "/c/"


def test_a_new_redirect_takes_over_those_pointing_at_its_old_address(editor_client):
    Redirect.objects.create(old_path="/a/", new_path="/b/")

    editor_client.post(
        reverse("admin:articles_redirect_add"), {"old_path": "/b/", "new_path": "/c/"}
    )

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/a/": "/c/",
        "/b/": "/c/",
    }


def test_admin_refuses_a_redirect_loop(editor_client):
    Redirect.objects.create(old_path="/a/", new_path="/b/")

    response = editor_client.post(
        reverse("admin:articles_redirect_add"), {"old_path": "/b/", "new_path": "/a/"}
    )

    assert response.status_code == 200
    assert "round in a loop" in response.content.decode()
    assert Redirect.objects.count() == 1


def test_admin_refuses_a_full_url_or_a_relative_path(editor_client):
    for bad in ["https://example.com/x/", "x/", "//evil.example/"]:
        response = editor_client.post(
            reverse("admin:articles_redirect_add"), {"old_path": "/a/", "new_path": bad}
        )
        assert response.status_code == 200
        assert "starts with /" in response.content.decode()
    assert not Redirect.objects.exists()


def test_add_refuses_a_redirect_to_itself():
    with pytest.raises(ValidationError):
        redirects.add("/a/", "/a/")


def test_article_slug_feed_is_refused():
    article = Article(category=make_category(), title="Feed", slug="feed", summary="S.")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "slug" in error.value.message_dict


def test_editors_may_manage_redirects(editor_client):
    assert editor_client.get(reverse("admin:articles_redirect_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:articles_redirect_add")).status_code == 200
