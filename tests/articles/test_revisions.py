"""Revisions of articles: kept on every admin save, listed, compared, restored."""

import io
from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import comparison, revisions
from articles.diff import mark_changes
from articles.models import Article, Redirect, Revision
from tests.admin_forms import submit_change_form
from tests.factories import (
    image_upload,
    make_article,
    make_category,
    make_editor,
    make_section,
    make_user,
)

pytestmark = pytest.mark.django_db


def change_data(article, sections=None, delete=(), **overrides):
    """POST data for the article's admin change form, as the form shows it, with changes.

    `sections` lists (heading, body) pairs: the article's sections in order, then new ones;
    `delete` holds the indexes of those to tick "Delete" on.
    """
    existing = list(article.sections.all())
    if sections is None:
        sections = [(s.heading, s.body) for s in existing]
    data = {
        "title": article.title,
        "slug": article.slug,
        "category": article.category_id,
        "summary": article.summary,
        "intro": article.intro,
        "hero_alt": article.hero_alt,
        "status": article.status,
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        "sections-TOTAL_FORMS": str(len(sections)),
        "sections-INITIAL_FORMS": str(len(existing)),
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
    }
    for index, (heading, body) in enumerate(sections):
        data[f"sections-{index}-position"] = str(index + 1)
        data[f"sections-{index}-heading"] = heading
        data[f"sections-{index}-body"] = body
        if index < len(existing):
            data[f"sections-{index}-id"] = existing[index].pk
            data[f"sections-{index}-article"] = article.pk
            data[f"sections-{index}-anchor"] = existing[index].anchor
        if index in delete:
            data[f"sections-{index}-DELETE"] = "on"
    data.update(overrides)
    return data


def save_in_admin(client, article, sections=None, delete=(), **overrides):
    """Save the article in the admin and publish it ("Publish changes"), as visitors see it."""
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {**change_data(article, sections, delete, **overrides), "_publish": "Publish changes"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    return response


def compare_url(article, old=None, new=None):
    query = "&".join(f"{name}={r.pk}" for name, r in [("old", old), ("new", new)] if r)
    return reverse("admin:articles_article_revision_compare", args=[article.pk]) + "?" + query


def restore_url(article, revision):
    return reverse("admin:articles_article_revision_restore", args=[article.pk, revision.pk])


@pytest.fixture
def article():
    """An article with two sections, made before revisions were kept (none yet)."""
    article = make_article(title="Pricing Basics", summary="How to set a price.")
    make_section(article, heading="Know your costs", body="Add up materials and time.")
    make_section(article, heading="Ask around", body="Find out what others charge.")
    return article


@pytest.fixture
def edited(editor_client, article):
    """The article saved in the admin twice: as it was, then edited. Return both revisions."""
    save_in_admin(editor_client, article, revision_note="First draft")
    save_in_admin(
        editor_client,
        article,
        sections=[
            ("Know your costs", "Count materials, travel and time."),
            ("Ask around", "Find out what others charge."),
            ("Say it calmly", "State the price, then stop talking."),
        ],
        delete={1},
        summary="How to set a fair price.",
    )
    newer, older = list(article.revisions.all())[:2]
    return older, newer


def test_each_admin_save_keeps_a_revision_with_the_article_and_its_sections(editor_client, article):
    category = make_category(name="Service", slug="service")
    add = {**change_data(article), "title": "Answering Calls", "slug": "answering-calls"}
    add.update({"category": category.pk, "sections-INITIAL_FORMS": "0"})
    add = {key: value for key, value in add.items() if not key.endswith(("-id", "-article"))}
    response = editor_client.post(reverse("admin:articles_article_add"), add)
    assert response.status_code == 302
    new_article = Article.objects.get(slug="answering-calls")

    save_in_admin(
        editor_client,
        new_article,
        sections=[("Know your costs", "Changed body."), ("Ask around", "Same.")],
        title="Answering Calls Well",
    )

    second, first = new_article.revisions.all()
    assert first.content["title"] == "Answering Calls"
    assert second.content["title"] == "Answering Calls Well"
    assert [s["heading"] for s in second.content["sections"]] == ["Know your costs", "Ask around"]
    assert second.content["sections"][0]["body"] == "Changed body."
    assert first.content["sections"][0]["body"] == "Add up materials and time."
    assert second.created_by.username == "editor"


def test_the_revision_note_is_kept_with_the_revision(editor_client, article):
    save_in_admin(editor_client, article, revision_note="Fixed the typo in the summary")

    assert article.revisions.first().note == "Fixed the typo in the summary"


def test_the_note_is_not_listed_as_a_change_in_the_admin_log(editor_client, article):
    save_in_admin(editor_client, article, summary="New summary.", revision_note="Shorter")

    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert "Summary" in entry.get_change_message()
    assert "note" not in entry.get_change_message()


def test_the_first_admin_save_of_an_older_article_keeps_it_as_it_was(editor_client, article):
    save_in_admin(editor_client, article, title="Pricing Basics, Revised")

    latest, original = article.revisions.all()
    assert original.content["title"] == "Pricing Basics"
    assert original.note == revisions.FIRST_NOTE
    assert original.created_at < latest.created_at
    assert latest.content["title"] == "Pricing Basics, Revised"


def test_saving_through_the_orm_makes_no_revision(article):
    article.title = "Changed in the shell"
    article.save()
    make_section(article, heading="A third section")

    assert not Revision.objects.exists()


def test_import_pages_keeps_a_revision_of_each_imported_article(tmp_path):
    make_category(name="Sales", slug="sales")
    page = tmp_path / "sales" / "closing.md"
    page.parent.mkdir()
    page.write_text("# Closing the Sale\n\nAsk for the order.\n\n## Then stop\n\nWait.\n")

    call_command("import_pages", str(tmp_path), stdout=io.StringIO())

    revision = Revision.objects.get()
    assert revision.content["title"] == "Closing the Sale"
    assert [s["heading"] for s in revision.content["sections"]] == ["Then stop"]


def test_history_lists_the_revisions_newest_first_with_who_and_note(editor_client, article):
    save_in_admin(editor_client, article, title="Second Title", revision_note="Better title")

    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert response.status_code == 200
    listed = list(response.context["revisions"])
    assert listed == list(article.revisions.order_by("-created_at"))
    assert listed[0].note == "Better title"
    page = response.content.decode()
    assert page.index("Better title") < page.index(revisions.FIRST_NOTE)
    assert "Log of changes made in the admin" in page


def test_compare_marks_the_changed_words_of_fields_and_sections(editor_client, article, edited):
    older, newer = edited

    response = editor_client.get(compare_url(article, older, newer))

    assert response.status_code == 200
    page = response.content.decode()
    removed = '<del><span class="visually-hidden">[removed] </span>{}'
    added = '<ins><span class="visually-hidden">[added] </span>{}'
    assert added.format("fair ") in page  # the summary
    assert removed.format("Add up") in page  # the first section's body
    assert added.format("Count") in page
    assert added.format(", travel") in page


def test_compare_shows_added_and_removed_sections_as_such(editor_client, article, edited):
    response = editor_client.get(compare_url(article, *edited))

    sections = {s.heading: s.state for s in response.context["comparison"].sections}
    assert sections == {
        "Know your costs": "changed",
        "Say it calmly": "added",
        "Ask around": "removed",
    }
    page = response.content.decode()
    assert '“Say it calmly”: <span class="change-flag">added</span>' in page
    assert '“Ask around”: <span class="change-flag">removed</span>' in page


def test_compare_without_an_older_revision_uses_the_one_before(editor_client, article, edited):
    older, newer = edited

    response = editor_client.get(compare_url(article, new=newer))

    assert response.context["comparison"].old == older


def test_compare_escapes_what_editors_typed(editor_client, article):
    save_in_admin(editor_client, article)
    save_in_admin(editor_client, article, title="Prices <script>alert(1)</script>")

    response = editor_client.get(compare_url(article, new=article.revisions.first()))

    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert" in page


def test_mark_changes_marks_a_changed_comma_not_the_word_before_it():
    old, new = mark_changes("Costs, then price.", "Costs then price.")

    assert old.startswith("Costs<del>") and ",<" in old
    assert new == "Costs then price."


def test_restore_asks_first_and_changes_nothing_on_get(editor_client, article, edited):
    older, _ = edited

    response = editor_client.get(restore_url(article, older))

    assert response.status_code == 200
    assert "Yes, restore this revision" in response.content.decode()
    article.refresh_from_db()
    assert article.summary == "How to set a fair price."


def test_restore_puts_back_the_old_sections_in_order_on_the_public_page(
    editor_client, article, edited
):
    older, _ = edited

    response = editor_client.post(restore_url(article, older))
    assert response.status_code == 302
    # The article is published: the restore waits as unpublished changes until published.
    submit_change_form(editor_client, article, "_publish")

    assert [(s.heading, s.body) for s in article.sections.all()] == [
        ("Know your costs", "Add up materials and time."),
        ("Ask around", "Find out what others charge."),
    ]
    article.refresh_from_db()
    assert article.summary == "How to set a price."
    page = Client().get(article.get_absolute_url()).content.decode()
    assert page.index('id="know-your-costs"') < page.index('id="ask-around"')
    assert "Say it calmly" not in page


def test_restore_is_kept_as_a_new_revision(editor_client, article, edited):
    older, _ = edited

    editor_client.post(restore_url(article, older))

    assert article.revisions.count() == 4
    latest = article.revisions.first()
    assert latest.note == f"Restored from revision of {revisions.describe(older)}"
    assert latest.created_by.username == "editor"
    assert latest.content["sections"] == older.content["sections"]


def test_restore_keeps_an_article_saved_without_a_revision_first(editor_client, article, edited):
    older, _ = edited
    article.title = "Changed in the shell"
    article.status = Article.Status.DRAFT  # written back at once, not kept aside
    article.save()

    editor_client.post(restore_url(article, older))

    restored, kept = list(article.revisions.all())[:2]
    assert kept.content["title"] == "Changed in the shell"
    assert kept.note == revisions.UNRECORDED_NOTE
    assert restored.content["title"] == older.content["title"]


def test_restore_in_summer_time_keeps_no_extra_revision(settings, editor_client, article):
    settings.TIME_ZONE = "Europe/Paris"
    save_in_admin(editor_client, article, published_at_0="2026-07-01", revision_note="Summer")
    save_in_admin(editor_client, article, title="Another title")

    editor_client.post(restore_url(article, article.revisions.get(note="Summer")))

    assert article.revisions.count() == 4


def test_restore_leaves_the_status_and_publish_date_alone(editor_client, article, edited):
    older, _ = edited
    article.status = Article.Status.DRAFT
    article.published_at = timezone.now() + timedelta(days=3)
    article.save()

    editor_client.post(restore_url(article, older))

    restored = Article.objects.get(pk=article.pk)
    assert (restored.status, restored.published_at) == (article.status, article.published_at)


def test_restoring_an_earlier_slug_sends_the_newer_address_on(editor_client, article, edited):
    older, _ = edited
    save_in_admin(editor_client, article, slug="pricing-made-simple")
    newer_address = article.get_absolute_url()

    editor_client.post(restore_url(article, older))
    submit_change_form(editor_client, article, "_publish")

    article.refresh_from_db()
    assert article.slug == older.content["slug"]
    assert Redirect.objects.get(old_path=newer_address).new_path == article.get_absolute_url()


def test_restore_reports_a_missing_image_file_instead_of_failing(editor_client, article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    article.refresh_from_db()
    data = change_data(article, hero_alt="A price tag")
    data["hero_image"] = image_upload("tag.png")
    editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    article.refresh_from_db()
    with_image = article.revisions.first()
    save_in_admin(editor_client, article, title="Another title")
    default_storage.delete(with_image.content["hero_image"])

    confirm = editor_client.get(restore_url(article, with_image))
    response = editor_client.post(restore_url(article, with_image), follow=True)

    assert "no longer exists" in confirm.content.decode()
    assert response.status_code == 200
    assert "The hero image file “tag.png” no longer exists" in response.content.decode()
    article.refresh_from_db()
    assert not article.hero_image
    assert article.title == "Pricing Basics"


def test_a_restore_needs_a_csrf_token(article, edited):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_editor("other-editor"))

    response = client.post(restore_url(article, edited[0]))

    assert response.status_code == 403
    assert article.revisions.count() == 3


def test_revisions_of_one_article_are_not_found_under_another(editor_client, article, edited):
    older, newer = edited
    other = make_article(sections=1)
    save_in_admin(editor_client, other)

    for url in [
        compare_url(other, older, other.revisions.first()),
        compare_url(other, new=newer),
        restore_url(other, older),
    ]:
        assert editor_client.get(url).status_code == 404, url
    assert editor_client.post(restore_url(other, older)).status_code == 404
    assert other.revisions.count() == 2


def test_staff_who_are_not_editors_get_403(client, article, edited):
    client.force_login(make_user("intern", is_staff=True))

    for url in [
        reverse("admin:articles_article_history", args=[article.pk]),
        compare_url(article, *edited),
        restore_url(article, edited[0]),
    ]:
        assert client.get(url).status_code == 403, url
    assert client.post(restore_url(article, edited[0])).status_code == 403


def test_staff_who_may_only_view_articles_may_compare_but_not_restore(client, article, edited):
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "view_revision"])
    )
    client.force_login(viewer)

    assert client.get(compare_url(article, *edited)).status_code == 200
    assert client.post(restore_url(article, edited[0])).status_code == 403


def test_editors_may_view_revisions_but_not_change_them(editor_client):
    editor = make_editor("second-editor")

    assert editor.has_perm("articles.view_revision")
    assert not editor.has_perm("articles.change_revision")
    assert not editor.has_perm("articles.delete_revision")
    assert not admin.site.is_registered(Revision)


def test_an_editor_can_still_delete_an_article_with_revisions(editor_client, article, edited):
    response = editor_client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Revision.objects.exists()


def test_a_section_whose_anchor_changed_is_compared_with_itself_if_its_text_is_alike():
    def section(heading, anchor, body):
        no_image = {"image": "", "image_alt": "", "image_renditions": []}
        return {"heading": heading, "anchor": anchor, "body": body, **no_image}

    old = [section("Costs", "costs", "Add up materials, travel and time for the job.")]
    new = [section("Your costs", "your-costs", "Add up materials, travel and time for a job.")]

    [compared] = comparison.compare_sections(old, new)

    assert (compared.state, compared.old_number, compared.new_number) == ("changed", 1, 1)


def test_mark_changes_marks_a_rewritten_sentence_as_one_change():
    old, new = mark_changes(
        "Before you write an advert, list what you did last week.",
        "Write the advert once you know what the job is.",
    )

    assert old.count("<del>") == 1
    assert new.count("<ins>") == 1


def test_mark_changes_marks_a_very_long_changed_paragraph_as_a_whole():
    old = " ".join(f"word{number}" for number in range(3000))

    new = old.replace("word7 ", "seven ").replace("word2998 ", "")

    marked_old, marked_new = mark_changes(old, new)

    assert marked_old.count("<del>") == marked_new.count("<ins>") == 1
    assert "seven" in marked_new


def test_mark_changes_marks_one_word_changed_in_a_very_long_paragraph():
    old = " ".join(f"word{number}" for number in range(3000))

    marked_old, marked_new = mark_changes(old, old.replace("word7 ", "seven "))

    assert '<span class="visually-hidden">[added] </span>seven<' in marked_new


def test_restore_keeps_the_current_slug_if_another_article_took_the_old_one(
    editor_client, article, edited
):
    older, _ = edited
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    save_in_admin(editor_client, article, slug="pricing-made-simple", status="draft")
    make_article(category=article.category, slug=older.content["slug"])

    response = editor_client.post(restore_url(article, older), follow=True)

    assert f"now uses the slug “{older.content['slug']}”" in response.content.decode()
    article.refresh_from_db()
    assert (article.slug, article.summary) == ("pricing-made-simple", "How to set a price.")
