"""Changes to published articles: kept from visitors until an editor publishes them."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.tasks import default_task_backend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Redirect, Revision
from tests.admin_forms import change_url, form_data, submit_change_form
from tests.factories import (
    image_upload,
    make_article,
    make_editor,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """Visitors' pages come from the page cache, as in production."""
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def article():
    """A published article with two sections."""
    article = make_article(title="Pricing Basics", summary="How to set a price.")
    make_section(article, heading="Know your costs", body="Add up materials and time.")
    make_section(article, heading="Ask around", body="Find out what others charge.")
    return article


def visitor_page(article):
    """The article's public page as a visitor (no cookies) gets it."""
    response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def section_headings(response):
    """The section headings of the article form in `response`, in the order shown."""
    formset = response.context["inline_admin_formsets"][0].formset
    return [form["heading"].value() for form in formset.initial_forms]


def save_changes(client, article, button="_save", **changes):
    response = submit_change_form(client, article, button, **changes)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return response


def test_saving_a_published_article_leaves_the_public_page_unchanged(editor_client, article):
    assert "Know your costs" in visitor_page(article)  # now in the page cache

    save_changes(
        editor_client,
        article,
        title="Pricing Made Simple",
        **{"sections-0-heading": "Count your costs"},
    )

    page = visitor_page(article)
    assert "Pricing Basics" in page and "Know your costs" in page
    assert "Pricing Made Simple" not in page and "Count your costs" not in page
    assert article.title == "Pricing Basics"
    assert [s.heading for s in article.sections.all()] == ["Know your costs", "Ask around"]
    assert article.has_unpublished_changes()


def test_the_form_shows_the_unpublished_changes_when_opened_again(editor_client, article):
    save_changes(
        editor_client,
        article,
        files={"hero_image": image_upload("hero.png")},
        title="Pricing Made Simple",
        hero_alt="A teal banner",
        **{
            "sections-0-position": "2",
            "sections-1-position": "1",
            "sections-2-heading": "Say it calmly",
            "sections-2-body": "State the price, then stop talking.",
        },
    )

    response = editor_client.get(change_url(article))

    form = response.context["adminform"].form
    assert form["title"].value() == "Pricing Made Simple"
    assert form["hero_image"].value().name == article.draft.content["hero_image"]
    assert "hero" in form["hero_image"].value().name
    assert section_headings(response) == ["Ask around", "Know your costs", "Say it calmly"]


def test_saving_again_moves_the_same_changes_on_and_keeps_each_save_as_a_revision(
    editor_client, article
):
    save_changes(editor_client, article, title="Pricing Made Simple")
    first = article.draft

    save_changes(editor_client, article, summary="Set a price you can defend.")

    assert article.draft != first
    assert article.draft == article.revisions.first()
    assert article.draft.content["title"] == "Pricing Made Simple"
    assert article.draft.content["summary"] == "Set a price you can defend."
    # The article as it was before the first change, then each save.
    assert article.revisions.count() == 3
    assert Article.objects.with_unpublished_changes().count() == 1
    history = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.content.decode().count("(unpublished changes)") == 1


def test_saving_without_changing_anything_leaves_no_unpublished_changes(editor_client, article):
    response = save_changes(editor_client, article)

    assert not article.has_unpublished_changes()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "there are no changes to publish" in messages[0]


def test_publish_changes_makes_them_live_with_sections_in_order_and_images(editor_client, article):
    assert "Know your costs" in visitor_page(article)
    save_changes(
        editor_client,
        article,
        files={
            "hero_image": image_upload("hero.png"),
            "sections-2-image": image_upload("tag.png", color="navy"),
        },
        hero_alt="A teal banner",
        **{
            "sections-0-position": "2",
            "sections-1-position": "1",
            "sections-2-heading": "Say it calmly",
            "sections-2-body": "State the price, then stop talking.",
            "sections-2-image_alt": "A navy price tag",
        },
    )
    assert "A teal banner" not in visitor_page(article)

    save_changes(editor_client, article, button="_publish")

    page = visitor_page(article)
    assert page.index('id="ask-around"') < page.index('id="know-your-costs"')
    assert page.index('id="know-your-costs"') < page.index('id="say-it-calmly"')
    assert 'alt="A teal banner"' in page and 'alt="A navy price tag"' in page
    section = article.sections.get(heading="Say it calmly")
    assert (section.image_width, section.image_height) == (4, 3)
    assert section.image_renditions
    assert not article.has_unpublished_changes()


def test_an_image_of_a_new_section_stays_when_the_changes_are_saved_again(editor_client, article):
    save_changes(
        editor_client,
        article,
        files={"sections-2-image": image_upload("tag.png")},
        **{
            "sections-2-heading": "Say it calmly",
            "sections-2-body": "State the price.",
            "sections-2-image_alt": "A price tag",
            "sections-0-position": "3",
            "sections-2-position": "1",
        },
    )
    image = article.draft.content["sections"][0]["image"]

    save_changes(editor_client, article, title="Pricing Made Simple")

    sections = article.draft.content["sections"]
    assert [s["heading"] for s in sections] == ["Say it calmly", "Ask around", "Know your costs"]
    assert sections[0]["image"] == image
    assert sections[0]["image_alt"] == "A price tag"


def test_publishing_a_changed_slug_sends_the_old_address_on(editor_client, article):
    old_address = article.get_absolute_url()
    save_changes(editor_client, article, slug="pricing-made-simple")
    assert Client().get(old_address).status_code == 200

    save_changes(editor_client, article, button="_publish")

    assert article.get_absolute_url().endswith("/pricing-made-simple/")
    assert Redirect.objects.get(old_path=old_address).new_path == article.get_absolute_url()
    assert Client().get(old_address).status_code == 301


def test_publish_changes_records_what_was_published_in_the_history(editor_client, article):
    save_changes(editor_client, article, title="Pricing Made Simple")

    save_changes(editor_client, article, button="_publish", revision_note="New title")

    latest = article.revisions.first()
    assert latest.content["title"] == "Pricing Made Simple"
    assert latest.note == "New title"


def schedule(client, article, when, **changes):
    """Save changes to the article with Schedule changes, to go live at `when`."""
    local = timezone.localtime(when)
    return save_changes(
        client,
        article,
        button="_schedule",
        publish_changes_at_0=local.strftime("%Y-%m-%d"),
        publish_changes_at_1=local.strftime("%H:%M:%S"),
        **changes,
    )


def publish_scheduled_changes():
    output = io.StringIO()
    call_command("publish_scheduled_changes", stdout=output)
    return output.getvalue()


def test_scheduled_changes_stay_unpublished_before_their_time(editor_client, article):
    schedule(editor_client, article, timezone.now() + timedelta(hours=2), title="Later Title")

    output = publish_scheduled_changes()

    assert "0 article(s) with changes published" in output
    assert "Later Title" not in visitor_page(article)
    assert article.draft_publish_at > timezone.now()


def test_scheduled_changes_go_live_when_the_command_runs_after_their_time(editor_client, article):
    assert "Pricing Basics" in visitor_page(article)
    schedule(editor_client, article, timezone.now() + timedelta(hours=2), title="Later Title")
    # Two hours later.
    Article.objects.filter(pk=article.pk).update(
        draft_publish_at=timezone.now() - timedelta(minutes=1)
    )

    output = publish_scheduled_changes()

    assert "Published the changes to Later Title." in output
    assert "Later Title" in visitor_page(article)
    article.refresh_from_db()
    assert (article.draft, article.draft_publish_at) == (None, None)
    assert publish_scheduled_changes().endswith("0 article(s) with changes published.\n")


def test_dry_run_lists_the_due_changes_and_publishes_nothing(editor_client, article):
    schedule(editor_client, article, timezone.now() + timedelta(hours=2), title="Later Title")
    Article.objects.filter(pk=article.pk).update(draft_publish_at=timezone.now())
    output = io.StringIO()

    call_command("publish_scheduled_changes", "--dry-run", stdout=output)

    assert "Due: Pricing Basics" in output.getvalue()
    assert "Later Title" not in visitor_page(article)


def test_scheduling_queues_the_publishing_for_that_time(
    settings, django_capture_on_commit_callbacks, editor_client, article
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    when = (timezone.now() + timedelta(days=1)).replace(microsecond=0)

    with django_capture_on_commit_callbacks(execute=True):
        schedule(editor_client, article, when, title="Later Title")

    [queued] = default_task_backend.results
    assert queued.task.name == "publish_scheduled_changes"
    assert queued.task.run_after == when


@pytest.mark.parametrize(
    ("date", "time", "error"),
    [("", "", "Choose when your changes go live."), ("2020-01-01", "09:00:00", "still to come")],
)
def test_schedule_changes_asks_for_a_time_still_to_come(editor_client, article, date, time, error):
    response = submit_change_form(
        editor_client,
        article,
        "_schedule",
        title="Later Title",
        publish_changes_at_0=date,
        publish_changes_at_1=time,
    )

    assert response.status_code == 200
    assert error in str(response.context["adminform"].form.errors["publish_changes_at"])
    assert not Article.objects.with_unpublished_changes().exists()


def discard_url(article):
    return reverse("admin:articles_article_discard_changes", args=[article.pk])


def test_discard_asks_first_and_changes_nothing_on_get(editor_client, article):
    save_changes(editor_client, article, title="Pricing Made Simple")

    response = editor_client.get(discard_url(article))

    assert response.status_code == 200
    assert "Yes, discard the changes" in response.content.decode()
    article.refresh_from_db()
    assert article.has_unpublished_changes()


def test_discard_brings_the_form_back_to_the_published_content(editor_client, article):
    save_changes(
        editor_client,
        article,
        title="Pricing Made Simple",
        **{"sections-1-DELETE": "on"},
    )

    response = editor_client.post(discard_url(article), follow=True)

    assert response.redirect_chain[-1][0] == change_url(article)
    assert response.context["adminform"].form["title"].value() == "Pricing Basics"
    assert section_headings(response) == ["Know your costs", "Ask around"]
    article.refresh_from_db()
    assert not article.has_unpublished_changes()
    assert article.revisions.filter(content__title="Pricing Made Simple").exists()


def test_discard_needs_a_csrf_token(editor_client, article):
    save_changes(editor_client, article, title="Pricing Made Simple")
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor("other-editor"))

    assert client.post(discard_url(article)).status_code == 403
    article.refresh_from_db()
    assert article.has_unpublished_changes()


def test_staff_who_may_not_change_articles_cannot_discard_changes(client, editor_client, article):
    save_changes(editor_client, article, title="Pricing Made Simple")
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)

    assert client.post(discard_url(article)).status_code == 403
    article.refresh_from_db()
    assert article.has_unpublished_changes()


@pytest.mark.parametrize(
    ("kind", "says"),
    [
        ("draft", "Draft."),
        ("scheduled", "Scheduled"),
        ("published", "Published</strong> since"),
        ("changes", "Published, with unpublished changes."),
    ],
)
def test_the_form_says_where_the_article_stands(editor_client, article, kind, says):
    if kind == "draft":
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    if kind == "scheduled":
        Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + timedelta(1))
    if kind == "changes":
        save_changes(editor_client, article, title="Pricing Made Simple")

    page = editor_client.get(change_url(article)).content.decode()

    state = page[page.index('<div class="article-state') :]
    assert f"<strong>{says}" in state[: state.index("</div>")]
    assert ('name="_publish"' in page) == (kind in ("published", "changes"))


def test_the_form_says_who_saved_the_changes_and_when_they_go_live(editor_client, article):
    when = timezone.now() + timedelta(days=2)
    schedule(editor_client, article, when, title="Later Title")

    page = editor_client.get(change_url(article)).content.decode()

    assert "by editor are not on the site yet" in page
    assert f'They go live on <time datetime="{timezone.localtime(when):%Y-%m-%dT%H:%M:%S}' in page
    assert f'href="{article.get_absolute_url()}?draft=1"' in page
    assert f'href="{discard_url(article)}"' in page


def test_the_article_list_says_published_with_unpublished_changes(editor_client, article):
    other = make_article(title="Untouched")
    save_changes(editor_client, article, title="Pricing Made Simple")

    response = editor_client.get(reverse("admin:articles_article_changelist"))
    listed = editor_client.get(
        reverse("admin:articles_article_changelist") + "?publication=changes"
    )

    page = response.content.decode()
    row = page[page.index(">Pricing Basics<") :]
    assert "Published, with unpublished changes" in row[: row.index("</tr>")]
    row = page[page.index(">Untouched<") :]
    assert "unpublished changes" not in row[: row.index("</tr>")]
    assert list(listed.context["cl"].result_list) == [article]
    assert other not in listed.context["cl"].result_list


def test_editors_preview_the_changes_on_the_site_with_draft_1(editor_client, article):
    save_changes(
        editor_client,
        article,
        title="Pricing Made Simple",
        **{"sections-1-DELETE": "on"},
    )

    preview = editor_client.get(article.get_absolute_url() + "?draft=1")
    live = editor_client.get(article.get_absolute_url())

    page = preview.content.decode()
    assert "these changes are not public yet" in page
    assert "<h1>Pricing Made Simple</h1>" in page
    assert "Know your costs" in page and "Ask around" not in page
    assert "no-store" in preview["Cache-Control"]
    assert "<h1>Pricing Basics</h1>" in live.content.decode()


def test_visitors_never_see_unpublished_changes(editor_client, article):
    save_changes(editor_client, article, title="Pricing Made Simple")
    editor_client.get(article.get_absolute_url() + "?draft=1")

    for address in [article.get_absolute_url() + "?draft=1", article.get_absolute_url()]:
        for attempt in ("first", "from the cache"):
            page = Client().get(address).content.decode()
            assert "Pricing Made Simple" not in page, (address, attempt)
            assert "<h1>Pricing Basics</h1>" in page
    for address in [
        "/",
        article.category.get_absolute_url(),
        "/blog/",
        "/feed/",
        "/search/?q=made",
    ]:
        assert "Pricing Made Simple" not in Client().get(address).content.decode(), address


def test_changes_of_one_article_never_show_on_another(editor_client, article):
    save_changes(
        editor_client,
        article,
        files={"sections-2-image": image_upload("tag.png")},
        **{
            "sections-2-heading": "Say it calmly",
            "sections-2-body": "State the price.",
            "sections-2-image_alt": "A price tag",
        },
    )
    other = make_article(title="Other Article")
    make_section(other, heading="Other section", body="Other body.")
    data = form_data(editor_client.get(change_url(other)))
    # A form that names a section of the first article's changes, as if tampered with.
    data["sections-0-draft_key"] = f"{article.draft_id}:2"

    response = editor_client.post(change_url(other), {**data, "_save": "Save"})

    assert response.status_code == 302
    other.refresh_from_db()
    [section] = other.draft.content["sections"] if other.draft else [None]
    assert section is None or section["heading"] == "Other section" and not section["image"]
    assert "Say it calmly" not in editor_client.get(change_url(other)).content.decode()
    assert (
        "Say it calmly"
        not in editor_client.get(other.get_absolute_url() + "?draft=1").content.decode()
    )


def test_the_pre_publish_check_reads_the_unpublished_changes(editor_client, article):
    save_changes(editor_client, article, summary="Too short.")

    response = editor_client.get(change_url(article))

    [summary] = [c for c in response.context["prepublish_checks"] if c.name.startswith("Summary")]
    assert summary.explanation.startswith("The summary has 10 characters")


def test_restoring_a_revision_of_a_published_article_makes_it_the_unpublished_changes(
    editor_client, article
):
    save_changes(editor_client, article, title="Pricing Made Simple", button="_publish")
    first = article.revisions.last()
    restore = reverse("admin:articles_article_revision_restore", args=[article.pk, first.pk])

    confirm = editor_client.get(restore)
    response = editor_client.post(restore, follow=True)

    assert "becomes its <strong>unpublished changes</strong>" in confirm.content.decode()
    assert "is now the article&#x27;s unpublished changes" in response.content.decode()
    assert response.context["adminform"].form["title"].value() == "Pricing Basics"
    assert "<h1>Pricing Made Simple</h1>" in visitor_page(article)
    article.refresh_from_db()
    assert article.draft.note.startswith("Restored from revision of")


def test_status_draft_takes_the_article_off_the_site_with_its_changes(editor_client, article):
    save_changes(editor_client, article, title="Pricing Made Simple")

    save_changes(editor_client, article, status=Article.Status.DRAFT, **{"sections-1-DELETE": "on"})

    assert (article.status, article.title) == (Article.Status.DRAFT, "Pricing Made Simple")
    assert [s.heading for s in article.sections.all()] == ["Know your costs"]
    assert not article.has_unpublished_changes()
    assert Client().get(article.get_absolute_url()).status_code == 404


def test_a_later_publish_date_is_refused_for_a_published_article(editor_client, article):
    later = timezone.localtime() + timedelta(days=3)

    response = submit_change_form(editor_client, article, published_at_0=later.strftime("%Y-%m-%d"))

    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["published_at"])
    assert "would take it off" in errors
    assert "Pricing Basics" in visitor_page(article)


def test_drafts_and_new_articles_still_save_at_once(editor_client, article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    save_changes(editor_client, article, title="Pricing Made Simple")

    assert article.title == "Pricing Made Simple"
    assert not article.has_unpublished_changes()
    assert (
        not Revision.objects.filter(article=article)
        .exclude(content__title__in=["Pricing Basics", "Pricing Made Simple"])
        .exists()
    )


def test_a_form_error_shows_the_changes_again_with_their_images(editor_client, article):
    save_changes(
        editor_client,
        article,
        files={"sections-2-image": image_upload("tag.png")},
        **{
            "sections-2-heading": "Say it calmly",
            "sections-2-body": "State the price.",
            "sections-2-image_alt": "A price tag",
        },
    )

    response = submit_change_form(editor_client, article, summary="")

    assert response.status_code == 200
    assert section_headings(response) == ["Know your costs", "Ask around", "Say it calmly"]
    page = response.content.decode()
    assert "tag" in page[page.index("Say it calmly") :]
    response = submit_change_form(editor_client, article, summary="Fixed.")
    article.refresh_from_db()
    assert article.draft.content["sections"][2]["image"].endswith(".png")


def test_an_article_with_unpublished_changes_can_be_deleted(editor_client, article):
    save_changes(editor_client, article, title="Pricing Made Simple")

    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Revision.objects.exists()
