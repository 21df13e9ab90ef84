"""The article form's live preview: the public page rendered from unsaved form fields."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin import (
    add_article,
    article_form_data,
    images_with_an_error_elsewhere,
    kept_tokens,
)
from tests.factories import (
    image_upload,
    make_article,
    make_category,
    make_editor,
    make_promo,
    make_section,
    make_user,
    pdf_upload,
)

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE")


def preview_url(article=None):
    return reverse("admin:articles_article_preview", args=[article.pk if article else "add"])


def change_data(article, **overrides):
    """The change form's POST data for a saved article and its sections, with changes."""
    sections = list(article.sections.all())
    data = article_form_data(
        article.category,
        [(section.position, section.heading) for section in sections],
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        intro=article.intro,
        **{"sections-INITIAL_FORMS": str(len(sections))},
    )
    for index, section in enumerate(sections):
        data[f"sections-{index}-id"] = section.pk
        data[f"sections-{index}-article"] = article.pk
        data[f"sections-{index}-body"] = section.body
    data.update(overrides)
    return data


def test_preview_shows_the_unsaved_section_text_on_the_article_page(editor_client):
    article = make_article(title="Pricing", sections=1)
    data = change_data(article, **{"sections-0-body": "Charge **more** than you think."})

    response = editor_client.post(preview_url(article), data)

    assert response.status_code == 200
    assert "articles/article_detail.html" in [t.name for t in response.templates]
    assert b"Charge <strong>more</strong> than you think." in response.content
    assert article.sections.get().body == "Body of section 1."


def test_preview_shows_the_promo_the_article_page_shows_beside_it(editor_client):
    article = make_article(title="Pricing", sections=1)
    make_promo(heading="Our pricing e-book", download=pdf_upload())

    response = editor_client.post(preview_url(article), change_data(article))

    assert '<h2 id="promo-heading">Our pricing e-book</h2>' in response.text
    assert 'class="subscribe-box"' not in response.text


def test_preview_shows_the_unsaved_title_and_intro(editor_client):
    article = make_article(title="Old title")
    data = change_data(article, title="New title", intro="A *fresh* start.")

    response = editor_client.post(preview_url(article), data)

    assert b"<h1>New title</h1>" in response.content
    assert b"A <em>fresh</em> start." in response.content
    article.refresh_from_db()
    assert article.title == "Old title"


def test_preview_of_the_add_form_shows_the_article_before_its_first_save(editor_client):
    category = make_category()
    data = article_form_data(category, [(1, "Smile as you answer")], title="Answering calls")

    response = editor_client.post(preview_url(), data)

    assert b"<h1>Answering calls</h1>" in response.content
    assert b'<h2 id="smile-as-you-answer">Smile as you answer</h2>' in response.content
    assert not Article.objects.exists()


def test_preview_sanitises_markdown_as_the_public_page_does(editor_client):
    article = make_article(sections=1)
    body = '<script>alert("x")</script>[click](javascript:alert(1)) <b onclick="x()">hi</b>'
    data = change_data(article, **{"sections-0-body": body})

    response = editor_client.post(preview_url(article), data)

    page = response.content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert "onclick" not in page
    assert "<b>hi</b>" in page


def test_preview_escapes_text_fields(editor_client):
    article = make_article(sections=1)
    data = change_data(article, title="<img src=x onerror=alert(1)>")

    response = editor_client.post(preview_url(article), data)

    assert b"<img src=x" not in response.content
    assert b"&lt;img src=x onerror=alert(1)&gt;" in response.content


def test_preview_leaves_out_sections_marked_for_deletion(editor_client):
    article = make_article()
    make_section(article, position=1, heading="Keep me")
    make_section(article, position=2, heading="Drop me")
    data = change_data(article, **{"sections-1-DELETE": "on"})

    response = editor_client.post(preview_url(article), data)

    assert b"Keep me" in response.content
    assert b"Drop me" not in response.content


def test_preview_shows_sections_in_the_order_of_their_positions(editor_client):
    article = make_article()
    make_section(article, position=1, heading="First")
    make_section(article, position=2, heading="Second")
    data = change_data(article, **{"sections-0-position": "3"})

    page = editor_client.post(preview_url(article), data).content.decode()

    assert page.index(">Second</h2>") < page.index(">First</h2>")


def test_preview_lists_read_more_picks_not_saved_yet(editor_client):
    article = make_article()
    pick = make_article(title="Costing a job")
    data = change_data(article, related=[pick.pk])

    response = editor_client.post(preview_url(article), data)

    assert b"Costing a job" in response.content
    assert not article.related.exists()


def test_preview_shows_the_saved_hero_image(editor_client):
    article = make_article()
    article.hero_image.save("hero.png", image_upload(), save=False)
    article.hero_alt = "A teal banner"
    article.save()

    response = editor_client.post(
        preview_url(article), change_data(article, hero_alt="A teal banner")
    )

    assert b'alt="A teal banner"' in response.content
    assert article.hero_image.url.encode() in response.content


def test_preview_links_to_no_image_kept_from_a_failed_save(editor_client):
    data = images_with_an_error_elsewhere(make_category())
    first_try = add_article(editor_client, data)
    del data["hero_image"], data["sections-1-image"]
    data.update(kept_tokens(first_try))

    response = editor_client.post(preview_url(), data)

    assert response.status_code == 200
    assert b"hero.png" not in response.content
    assert b"chart.png" not in response.content


def test_preview_shows_the_saved_hero_image_while_a_new_one_is_kept(editor_client):
    article = make_article()
    article.hero_image.save("saved.png", image_upload(), save=False)
    article.hero_alt = "A teal banner"
    article.save()
    data = change_data(article, summary="", hero_alt="A teal banner")
    data["hero_image"] = image_upload("replacement.png")
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    first_try = editor_client.post(change_url, data)
    del data["hero_image"]
    data.update(kept_tokens(first_try))

    response = editor_client.post(preview_url(article), data)

    assert article.hero_image.url.encode() in response.content
    assert b"replacement.png" not in response.content


def test_preview_writes_nothing_to_the_database(editor_client):
    article = make_article(sections=2)
    data = change_data(article, title="Changed", **{"sections-1-DELETE": "on"})

    with CaptureQueriesContext(connection) as queries:
        editor_client.post(preview_url(article), data)

    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert article.sections.count() == 2


def test_preview_is_never_cached(editor_client):
    article = make_article()

    response = editor_client.post(preview_url(article), change_data(article))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_preview_may_be_framed_by_the_admin_on_this_site_only(editor_client):
    article = make_article()

    response = editor_client.post(preview_url(article), change_data(article))

    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_preview_without_a_category_says_to_choose_one(editor_client):
    data = article_form_data(make_category(), [])
    data["category"] = ""

    response = editor_client.post(preview_url(), data)

    assert response.status_code == 200
    assert b"Choose a category to see the preview." in response.content


def test_preview_that_fails_to_render_shows_a_plain_message(editor_client, monkeypatch):
    article = make_article()

    def broken(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr("articles.admin.preview.read_more", broken)
    response = editor_client.post(preview_url(article), change_data(article))

    assert response.status_code == 200
    assert b"The preview could not be shown." in response.content


def test_preview_requires_a_post(editor_client):
    article = make_article()

    assert editor_client.get(preview_url(article)).status_code == 405


def test_preview_refuses_a_post_without_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor())
    article = make_article()

    response = client.post(preview_url(article), change_data(article))

    assert response.status_code == 403


def test_preview_is_forbidden_to_visitors(client):
    article = make_article()

    response = client.post(preview_url(article), change_data(article))

    assert response.status_code == 403


def test_preview_is_forbidden_to_staff_who_may_only_view_articles(client):
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)
    article = make_article()

    assert client.post(preview_url(article), change_data(article)).status_code == 403
    assert client.post(preview_url(), change_data(article)).status_code == 403


def test_preview_of_a_missing_article_is_not_found(editor_client):
    url = reverse("admin:articles_article_preview", args=[999])

    assert editor_client.post(url, {}).status_code == 404
