"""Publishing rules hold however content is saved: here through the ORM alone, as the shell,
a command or a data migration would save it (the admin's own tests are in test_cache.py
and articles/test_redirects.py)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from articles.models import Page, Redirect
from tests.factories import (
    make_article,
    make_category,
    make_issue,
    make_notice,
    make_promo,
    make_section,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_renaming_an_article_in_the_shell_redirects_its_cached_old_address_at_once(client):
    article = make_article(slug="plan")
    old_url = article.get_absolute_url()
    page(client, old_url)

    article.slug += "-renamed"
    article.save()

    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_moving_an_article_to_another_category_in_the_shell_redirects_it(client):
    article = make_article()
    old_url = article.get_absolute_url()

    article.category = make_category(slug="elsewhere")
    article.save()

    assert client.get(old_url)["Location"] == article.get_absolute_url()


def test_changing_a_category_slug_in_the_shell_redirects_it_its_feed_and_articles(client):
    category = make_category(slug="sales")
    article = make_article(category=category, slug="close")

    category.slug = "selling"
    category.save()

    assert client.get("/sales/")["Location"] == "/selling/"
    assert client.get("/sales/feed/")["Location"] == "/selling/feed/"
    assert client.get("/sales/close/")["Location"] == "/selling/close/"
    assert client.get(article.get_absolute_url()).status_code == 200


def test_moving_an_article_back_in_the_shell_takes_its_address_back(client):
    article = make_article(slug="first")
    first_url = article.get_absolute_url()
    article.slug = "second"
    article.save()
    second_url = article.get_absolute_url()

    article.slug = "first"
    article.save()

    assert not Redirect.objects.filter(old_path=first_url).exists()
    assert Redirect.objects.get(old_path=second_url).new_path == first_url
    assert client.get(first_url).status_code == 200


def test_saving_only_other_fields_records_no_redirect():
    article = make_article()

    article.title = "A new title"
    article.save(update_fields=["title"])

    assert not Redirect.objects.exists()


def test_renaming_a_category_in_the_shell_shows_in_the_menu_on_the_next_request(client):
    category = make_category(name="Sales", show_in_menu=True)
    assert ">Sales<" in page(client, "/")

    category.name = "Selling"
    category.save()

    home = page(client, "/")
    assert ">Selling<" in home
    assert ">Sales<" not in home


def test_a_section_saved_in_the_shell_shows_on_the_next_request(client):
    article = make_article()
    page(client, article.get_absolute_url())

    make_section(article, heading="A brand new section")

    assert "A brand new section" in page(client, article.get_absolute_url())


def test_an_article_deleted_in_the_shell_leaves_its_category_page(client):
    article = make_article(title="Soon gone")
    category_url = article.category.get_absolute_url()
    assert "Soon gone" in page(client, category_url)

    article.delete()

    assert "Soon gone" not in page(client, category_url)


def test_read_more_picks_set_in_the_shell_show_on_the_next_request(client):
    article = make_article()
    pick = make_article(title="Picked by the editor")
    assert "Picked by the editor" not in page(client, article.get_absolute_url())

    article.related.add(pick)

    assert "Picked by the editor" in page(client, article.get_absolute_url())


def test_a_page_edited_in_the_shell_shows_on_the_next_request(client):
    about = Page.objects.create(title="About", slug="about", body="Who we are.")
    page(client, about.get_absolute_url())

    about.body = "Who we are, and why."
    about.save()

    assert "and why" in page(client, about.get_absolute_url())


def test_a_privacy_notice_added_in_the_shell_shows_on_the_next_request(client):
    article = make_article()
    page(client, article.get_absolute_url())

    make_notice(summary="Only the e-zine, never anything else.")

    assert "never anything else" in page(client, article.get_absolute_url())


def test_a_promo_made_and_placed_in_the_shell_shows_on_the_next_request(client):
    article = make_article()
    page(client, article.get_absolute_url())

    make_promo(heading="Our spring workshop", categories=[article.category])

    assert "Our spring workshop" in page(client, article.get_absolute_url())


def test_an_issue_sent_outside_the_admin_shows_in_the_archive_on_the_next_request(client):
    issue = make_issue(subject="December: planning the new year")
    assert "planning the new year" not in page(client, "/newsletter/archive/")

    issue.mark_sent()

    assert "planning the new year" in page(client, "/newsletter/archive/")


def test_a_redirect_made_in_the_shell_points_at_the_final_address():
    Redirect.objects.create(old_path="/a/", new_path="/b/")
    Redirect.objects.create(old_path="/b/", new_path="/c/")
    Redirect.objects.create(old_path="/z/", new_path="/a/")

    assert dict(Redirect.objects.values_list("old_path", "new_path")) == {
        "/a/": "/c/",
        "/b/": "/c/",
        "/z/": "/c/",
    }


def test_a_redirect_loop_made_in_the_shell_is_refused():
    Redirect.objects.create(old_path="/a/", new_path="/b/")

    with pytest.raises(ValidationError):
        Redirect.objects.create(old_path="/b/", new_path="/a/")

    assert Redirect.objects.count() == 1
