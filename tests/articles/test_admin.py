import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from articles import uploads
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
    # A draft: the sections of a published article are kept aside until published.
    article = make_article(status=Article.Status.DRAFT)
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


def test_article_list_filters_by_publication(editor_client, subtests):
    make_article(title="A Draft", status=Article.Status.DRAFT)
    make_article(title="A Scheduled One", published_at=timezone.now() + timedelta(days=2))
    make_article(title="A Live One")
    expected = {
        "draft": "A Draft",
        "scheduled": "A Scheduled One",
        "published": "A Live One",
    }

    for choice, title in expected.items():
        with subtests.test(choice=choice):
            response = editor_client.get(
                reverse("admin:articles_article_changelist"), {"publication": choice}
            )
            listed = [str(article) for article in response.context["cl"].result_list]
            assert listed == [title]


def test_article_list_says_whether_each_article_is_a_draft_scheduled_or_published(
    editor_client,
):
    make_article(title="A Draft", status=Article.Status.DRAFT)
    make_article(
        title="A Scheduled One",
        published_at=timezone.make_aware(timezone.datetime(2099, 3, 4, 9, 30)),
    )
    make_article(title="A Live One")

    response = editor_client.get(reverse("admin:articles_article_changelist"))

    statuses = re.findall(r'<td class="field-publication">([^<]*)</td>', response.content.decode())
    assert sorted(statuses) == ["Draft", "Published", "Scheduled for 4 Mar 2099, 9:30 a.m."]


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
    # promos (promos/migrations/0002), the Insights page (insights/migrations/0002); never
    # subscribers, their export, or the promos' sign-ups and download links, which name
    # subscribers.
    assert {app for app, _ in permissions} == {"articles", "newsletter", "promos", "insights"}
    assert {model for app, model in permissions if app == "newsletter"} == {
        "issue",
        "privacynotice",
    }
    assert {model for app, model in permissions if app == "promos"} == {"promo"}
    assert {model for app, model in permissions if app == "insights"} == {"siteday"}


def add_article(editor_client, data):
    return editor_client.post(reverse("admin:articles_article_add"), data)


def kept_tokens(response):
    """The kept-file tokens a re-shown article form carries, by input name."""
    return dict(re.findall(r'name="([\w-]+-kept)" value="([^"]+)"', response.content.decode()))


def test_new_sections_without_positions_are_saved_in_form_order_on_the_first_try(
    editor_client,
):
    category = make_category()
    headings = ["Smile as you answer", "Say who you are", "Listen", "Write it down"]
    data = article_form_data(category, [("", heading) for heading in headings])
    data["hero_image"] = image_upload("hero.png", size=(600, 300))
    data["hero_alt"] = "A teal rectangle"
    data["sections-2-image"] = image_upload("listening.png", size=(40, 30), color="navy")
    data["sections-2-image_alt"] = "A navy square"

    response = add_article(editor_client, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert [(s.position, s.heading) for s in article.sections.all()] == list(
        enumerate(headings, start=1)
    )
    assert article.hero_width == 600
    assert article.sections.get(heading="Listen").image_width == 40


def test_a_new_section_with_position_zero_goes_after_the_existing_ones(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    first = make_section(article, position=1, heading="First")
    second = make_section(article, position=2, heading="Second")
    data = article_form_data(
        article.category,
        [(1, "First"), (2, "Second"), (0, "Third"), ("", "Fourth")],
        title=article.title,
        slug=article.slug,
        **{"sections-INITIAL_FORMS": "2", "sections-0-id": first.pk, "sections-1-id": second.pk},
    )

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert [(s.position, s.heading) for s in article.sections.all()] == [
        (1, "First"),
        (2, "Second"),
        (3, "Third"),
        (4, "Fourth"),
    ]


def test_a_blank_section_numbered_by_the_page_is_not_saved(editor_client):
    category = make_category()
    data = article_form_data(category, [(1, "Only section")])
    data.update({"sections-TOTAL_FORMS": "2", "sections-1-position": "2"})

    response = add_article(editor_client, data)

    assert response.status_code == 302
    assert [s.heading for s in Article.objects.get().sections.all()] == ["Only section"]


def test_position_is_a_hidden_field(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))

    assert '<input type="hidden" name="sections-0-position"' in response.content.decode()


def images_with_an_error_elsewhere(category):
    """An article form that chose a hero and a section image but forgot its summary."""
    data = article_form_data(category, [("", "First"), ("", "Second")], summary="")
    data["hero_image"] = image_upload("hero.png", size=(600, 300))
    data["hero_alt"] = "A teal rectangle"
    data["sections-1-image"] = image_upload("chart.png", size=(40, 30), color="navy")
    data["sections-1-image_alt"] = "A navy square"
    return data


def test_chosen_images_are_offered_back_when_the_form_has_an_error(editor_client):
    response = add_article(editor_client, images_with_an_error_elsewhere(make_category()))

    assert response.status_code == 200
    assert not Article.objects.exists()
    page = response.content.decode()
    assert "Kept from your last try: <strong>hero.png</strong>" in page
    assert "Kept from your last try: <strong>chart.png</strong>" in page
    assert kept_tokens(response).keys() == {"hero_image-kept", "sections-1-image-kept"}


def test_kept_images_are_saved_when_the_error_is_fixed_without_choosing_them_again(
    editor_client,
):
    data = images_with_an_error_elsewhere(make_category())
    first_try = add_article(editor_client, data)
    del data["hero_image"], data["sections-1-image"]
    data.update(kept_tokens(first_try), summary="Now with a summary.")

    response = add_article(editor_client, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.hero_image.name.startswith("articles/")
    assert (article.hero_width, article.hero_height) == (600, 300)
    assert [r["width"] for r in article.hero_renditions] == [480, 600]
    section = article.sections.get(heading="Second")
    assert section.image.name.endswith("chart.png")
    assert (section.image_width, section.image_height) == (40, 30)


def test_images_are_kept_again_when_the_second_try_has_an_error_too(editor_client):
    data = images_with_an_error_elsewhere(make_category())
    first_try = add_article(editor_client, data)
    del data["hero_image"], data["sections-1-image"]
    data.update(kept_tokens(first_try))

    second_try = add_article(editor_client, data)

    assert second_try.status_code == 200
    assert kept_tokens(second_try) == kept_tokens(first_try)


def test_kept_files_are_deleted_once_the_article_is_saved(
    editor_client, django_capture_on_commit_callbacks
):
    data = images_with_an_error_elsewhere(make_category())
    first_try = add_article(editor_client, data)
    assert len(uploads.pending_storage().listdir(uploads.PENDING_DIR)[1]) == 2
    del data["hero_image"], data["sections-1-image"]
    data.update(kept_tokens(first_try), summary="Now with a summary.")

    with django_capture_on_commit_callbacks(execute=True):
        add_article(editor_client, data)

    assert uploads.pending_storage().listdir(uploads.PENDING_DIR)[1] == []


def test_a_tampered_kept_file_token_gets_a_form_error(editor_client):
    data = images_with_an_error_elsewhere(make_category())
    first_try = add_article(editor_client, data)
    del data["hero_image"], data["sections-1-image"]
    data.update(kept_tokens(first_try), summary="Now with a summary.")
    # Point the token at another file, keeping its signature.
    other_file = signing.b64_encode(b'{"file":"articles/other.png","name":"other.png"}')
    _, signature = data["hero_image-kept"].split(":", 1)
    data["hero_image-kept"] = f"{other_file.decode()}:{signature}"

    response = add_article(editor_client, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["hero_image"] == [
        "The file kept from your last try is no longer available. Choose the file again."
    ]
    assert not Article.objects.exists()


def test_a_new_file_replaces_a_kept_one(editor_client):
    data = images_with_an_error_elsewhere(make_category())
    first_try = add_article(editor_client, data)
    data.update(kept_tokens(first_try), summary="Now with a summary.")
    data["hero_image"] = image_upload("new-hero.png", size=(300, 200))
    data["sections-1-image"] = image_upload("chart.png", size=(40, 30))

    response = add_article(editor_client, data)

    assert response.status_code == 302
    assert Article.objects.get().hero_image.name.endswith("new-hero.png")


def test_slug_help_text_shows_an_example_address(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))

    assert "a slug of cold-calls makes /sales/cold-calls/." in response.content.decode()


def add_form(client, query=""):
    return client.get(reverse("admin:articles_article_add") + query)


def test_the_add_form_starts_with_four_sections(editor_client):
    response = add_form(editor_client)

    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 4


def test_the_change_form_offers_one_blank_section_after_the_saved_ones(editor_client):
    article = make_article(sections=2)

    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert len(response.context["inline_admin_formsets"][0].formset.forms) == 3


def test_sections_left_blank_on_the_add_form_are_not_saved(editor_client):
    # As the form is sent without JavaScript: positions as the page gave them, 0.
    data = article_form_data(make_category(), [(0, "First"), (0, "Second"), (0, ""), (0, "")])
    data.update({"sections-2-body": "", "sections-3-body": ""})

    response = add_article(editor_client, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    sections = Article.objects.get().sections.all()
    assert [(s.position, s.heading) for s in sections] == [(1, "First"), (2, "Second")]


def test_status_is_chosen_with_two_radio_buttons(editor_client):
    page = add_form(editor_client).content.decode()

    assert re.findall(r'<input type="radio" name="status" value="(\w+)"', page) == [
        "draft",
        "published",
    ]
    assert '<select name="status"' not in page


def test_a_new_article_is_by_the_editor_who_adds_it_unless_they_choose_another(
    editor_client,
):
    response = add_form(editor_client)

    author = response.context["adminform"].form["author"].value()
    assert author == response.wsgi_request.user.pk


def test_add_article_from_a_category_s_article_list_starts_in_that_category(editor_client):
    category = make_category(name="Sales")
    listed = editor_client.get(
        reverse("admin:articles_article_changelist") + f"?category__id__exact={category.pk}"
    )
    add_link = re.search(r'<a href="([^"]+)" class="addlink">', listed.content.decode())[1]

    response = editor_client.get(add_link.replace("&amp;", "&"))

    assert response.context["adminform"].form["category"].value() == str(category.pk)


def test_the_add_form_leaves_out_the_fields_only_a_saved_article_has(editor_client):
    article = make_article()
    change_page = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))

    add_page = add_form(editor_client).content.decode()

    for name in ["updated_at", "imported_from"]:
        assert f"field-{name}" not in add_page
        assert f"field-{name}" in change_page.content.decode()
