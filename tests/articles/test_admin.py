import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Section
from tests.factories import image_upload, make_article, make_category, make_section

pytestmark = pytest.mark.django_db


def article_form_data(category, sections, **overrides):
    """POST data for the article admin form with the given (position, heading) sections."""
    data = {
        "title": "Answering The Phone Well",
        "slug": "answering-the-phone-well",
        "category": category.pk,
        "summary": "The first ten seconds of a call decide a lot.",
        "intro": "Callers judge you fast.",
        "hero_alt": "",
        "status": Article.Status.PUBLISHED,
        "published_at_0": "2026-01-05",
        "published_at_1": "09:00:00",
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, (position, heading) in enumerate(sections):
        data[f"sections-{index}-position"] = str(position)
        data[f"sections-{index}-heading"] = heading
        data[f"sections-{index}-body"] = f"Advice about {heading.lower()}."
    data.update(overrides)
    return data


def test_editor_adds_an_article_with_three_sections(editor_client):
    category = make_category(name="Service", slug="service")
    data = article_form_data(
        category, [(1, "Smile as you answer"), (2, "Say who you are"), (3, "Write it down")]
    )

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="answering-the-phone-well")
    assert [s.heading for s in article.sections.all()] == [
        "Smile as you answer",
        "Say who you are",
        "Write it down",
    ]
    assert article.author.username == "editor"
    page = editor_client.get(article.get_absolute_url()).content.decode()
    assert '<h2 id="say-who-you-are">' in page


def test_editor_reorders_sections_by_swapping_positions(editor_client):
    article = make_article()
    first = make_section(article, position=1, heading="First")
    second = make_section(article, position=2, heading="Second")
    data = article_form_data(
        article.category,
        [(2, "First"), (1, "Second")],
        title=article.title,
        slug=article.slug,
        **{
            "sections-INITIAL_FORMS": "2",
            "sections-0-id": first.pk,
            "sections-1-id": second.pk,
            "sections-0-article": article.pk,
            "sections-1-article": article.pk,
        },
    )

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert [s.heading for s in article.sections.all()] == ["Second", "First"]


def test_two_sections_with_the_same_heading_get_a_form_error(editor_client):
    category = make_category()
    data = article_form_data(category, [(1, "Same"), (2, "Same")])

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert not Article.objects.exists()
    assert Section.objects.count() == 0


def test_hero_image_upload_needs_alt_text_and_makes_renditions(editor_client):
    category = make_category()
    data = article_form_data(category, [(1, "Only section")])
    data["hero_image"] = image_upload("hero.png", size=(600, 300))

    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "alt text is required" in response.content.decode()

    data["hero_image"] = image_upload("hero.png", size=(600, 300))
    data["hero_alt"] = "A teal rectangle"
    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.hero_width, article.hero_height) == (600, 300)
    assert [r["width"] for r in article.hero_renditions] == [480, 600]


def test_a_file_that_is_not_an_image_is_refused(editor_client):
    category = make_category()
    data = article_form_data(category, [(1, "Only section")], hero_alt="Alt")
    data["hero_image"] = SimpleUploadedFile(
        "notes.png", b"plain text pretending to be a picture", content_type="image/png"
    )

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["hero_image"]
    assert not Article.objects.exists()


def test_reserved_category_slug_gets_a_form_error(editor_client):
    response = editor_client.post(
        reverse("admin:articles_category_add"),
        {"name": "Blog posts", "slug": "blog", "position": 1, "show_in_menu": "on"},
    )
    assert response.status_code == 200
    assert "already used by the site" in response.content.decode()


def test_article_list_filters_by_category_and_status(editor_client):
    make_article(title="Visible In Filter", status=Article.Status.DRAFT)
    make_article(title="Filtered Out")

    response = editor_client.get(
        reverse("admin:articles_article_changelist"), {"status__exact": "draft"}
    )

    assert response.status_code == 200
    assert "Visible In Filter" in response.content.decode()
    assert "Filtered Out" not in response.content.decode()


def test_editors_cannot_manage_users_or_groups(editor_client):
    for name in ["admin:auth_user_changelist", "admin:auth_group_changelist"]:
        assert editor_client.get(reverse(name)).status_code == 403


def test_editors_group_may_manage_content_only():
    permissions = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "content_type__model"
        )
    )
    # Articles, plus e-zine issues and the privacy notice (newsletter/migrations/0003) and
    # promos (promos/migrations/0002); never subscribers, their export, or the promos'
    # sign-ups and download links, which name subscribers.
    assert {app for app, _ in permissions} == {"articles", "newsletter", "promos"}
    assert {model for app, model in permissions if app == "newsletter"} == {
        "issue",
        "privacynotice",
    }
    assert {model for app, model in permissions if app == "promos"} == {"promo"}
