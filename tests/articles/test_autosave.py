"""Autosave drafts of the article form: saved while editors type, offered back, never shared."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Autosave
from tests.articles.test_admin import article_form_data
from tests.factories import make_article, make_category, make_editor, make_user

pytestmark = pytest.mark.django_db


def autosave_url(article=None):
    return reverse("admin:articles_article_autosave", args=[article.pk if article else "add"])


def discard_url(article=None):
    return reverse(
        "admin:articles_article_autosave_discard", args=[article.pk if article else "add"]
    )


def make_autosave(user, article=None, **kwargs):
    kwargs.setdefault("data", {"title": ["Typed but not saved"]})
    return Autosave.objects.create(user=user, article=article, **kwargs)


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_autosave_stores_the_posted_text_fields(editor_client, editor):
    article = make_article()

    response = editor_client.post(
        autosave_url(article), {"title": "Half a thought", "sections-0-body": "Some *words*"}
    )

    assert response.status_code == 200
    autosave = Autosave.objects.get(user=editor, article=article)
    assert autosave.data == {"title": ["Half a thought"], "sections-0-body": ["Some *words*"]}


def test_autosave_keeps_every_value_of_a_field_with_several(editor_client, editor):
    article = make_article()
    picks = [make_article(), make_article()]

    editor_client.post(autosave_url(article), {"related": [pick.pk for pick in picks]})

    autosave = Autosave.objects.get(user=editor, article=article)
    assert autosave.data["related"] == [str(pick.pk) for pick in picks]


def test_autosave_does_not_store_the_csrf_token(editor_client, editor):
    article = make_article()

    editor_client.post(autosave_url(article), {"title": "T", "csrfmiddlewaretoken": "x" * 64})

    assert "csrfmiddlewaretoken" not in Autosave.objects.get(user=editor).data


def test_autosave_changes_neither_the_article_nor_the_public_page(editor_client, client):
    article = make_article(title="Saved title")

    editor_client.post(autosave_url(article), {"title": "Autosaved title"})

    article.refresh_from_db()
    assert article.title == "Saved title"
    assert b"Autosaved title" not in Client().get(article.get_absolute_url()).content


def test_autosave_overwrites_the_editors_earlier_autosave(editor_client, editor):
    article = make_article()

    editor_client.post(autosave_url(article), {"title": "First"})
    editor_client.post(autosave_url(article), {"title": "Second"})

    assert Autosave.objects.filter(user=editor, article=article).count() == 1
    assert Autosave.objects.get(user=editor, article=article).data["title"] == ["Second"]


def test_autosave_of_the_add_form_is_kept_once_per_editor(editor_client, editor):
    editor_client.post(autosave_url(), {"title": "A new idea"})
    editor_client.post(autosave_url(), {"title": "A better idea"})

    autosave = Autosave.objects.get(user=editor)
    assert autosave.article is None
    assert autosave.data["title"] == ["A better idea"]


def test_editor_is_offered_an_autosave_newer_than_the_articles_last_save(editor_client):
    article = make_article()
    editor_client.post(autosave_url(article), {"title": "Unsaved title"})

    response = editor_client.get(autosave_url(article))

    assert response.status_code == 200
    assert response.json()["data"] == {"title": ["Unsaved title"]}
    assert response.json()["saved_at_text"]


def test_editor_is_not_offered_an_autosave_older_than_the_articles_last_save(editor, editor_client):
    article = make_article()
    make_autosave(editor, article, saved_at=timezone.now() - timedelta(minutes=5))
    article.save()

    assert editor_client.get(autosave_url(article)).status_code == 204


def test_editor_with_no_autosave_is_offered_nothing(editor_client):
    article = make_article()

    assert editor_client.get(autosave_url(article)).status_code == 204


def test_autosave_offer_names_the_read_more_picks_for_the_autocomplete(editor, editor_client):
    article = make_article()
    pick = make_article(title="Costing a job")
    make_autosave(editor, article, data={"related": [str(pick.pk), "bogus"]})

    response = editor_client.get(autosave_url(article))

    assert response.json()["labels"] == {"related": {str(pick.pk): "Costing a job"}}


def test_editor_never_sees_another_editors_autosave(client, editor):
    article = make_article()
    make_autosave(editor, article)
    make_autosave(editor)
    other = make_editor("other")
    client.force_login(other)

    assert client.get(autosave_url(article)).status_code == 204
    assert client.get(autosave_url()).status_code == 204


def test_autosaves_of_two_editors_are_kept_apart(client, editor):
    article = make_article()
    make_autosave(editor, article, data={"title": ["Mine"]})
    other = make_editor("other")
    client.force_login(other)

    client.post(autosave_url(article), {"title": ["Theirs"]})

    assert Autosave.objects.get(user=editor).data == {"title": ["Mine"]}
    assert Autosave.objects.get(user=other).data == {"title": ["Theirs"]}


def test_autosave_of_one_article_is_never_offered_on_another(editor, editor_client):
    article, other_article = make_article(), make_article()
    make_autosave(editor, article)

    assert editor_client.get(autosave_url(other_article)).status_code == 204
    assert editor_client.get(autosave_url()).status_code == 204


def test_autosave_of_the_add_form_is_never_offered_on_an_article(editor, editor_client):
    article = make_article()
    make_autosave(editor)

    assert editor_client.get(autosave_url(article)).status_code == 204


def test_discard_deletes_the_editors_autosave(editor, editor_client):
    article = make_article()
    make_autosave(editor, article)

    response = editor_client.post(discard_url(article))

    assert response.status_code == 204
    assert not Autosave.objects.exists()


def test_discard_leaves_other_autosaves_alone(editor, editor_client):
    article = make_article()
    make_autosave(editor, article)
    make_autosave(editor, make_article())
    make_autosave(editor)
    make_autosave(make_editor("other"), article)

    editor_client.post(discard_url(article))

    assert Autosave.objects.count() == 3
    assert not Autosave.objects.filter(user=editor, article=article).exists()


def test_discard_requires_a_post(editor, editor_client):
    article = make_article()
    make_autosave(editor, article)

    assert editor_client.get(discard_url(article)).status_code == 405
    assert Autosave.objects.exists()


def test_saving_the_article_deletes_the_editors_autosave(editor, editor_client):
    article = make_article()
    make_autosave(editor, article)
    make_autosave(make_editor("other"), article)
    data = article_form_data(article.category, [], title=article.title, slug=article.slug)

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    assert list(Autosave.objects.values_list("user__username", flat=True)) == ["other"]


def test_adding_an_article_deletes_the_editors_add_form_autosave(editor, editor_client):
    kept = make_autosave(editor, make_article())
    make_autosave(editor)
    data = article_form_data(make_category(), [(1, "Smile as you answer")])

    response = editor_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    assert Article.objects.filter(slug="answering-the-phone-well").exists()
    assert list(Autosave.objects.all()) == [kept]


def test_a_save_that_fails_validation_keeps_the_autosave(editor, editor_client):
    article = make_article()
    make_autosave(editor, article)
    data = article_form_data(article.category, [], title="", slug=article.slug)

    response = editor_client.post(reverse("admin:articles_article_change", args=[article.pk]), data)

    assert response.status_code == 200
    assert Autosave.objects.exists()


def test_autosave_is_forbidden_to_visitors(client):
    article = make_article()

    assert client.post(autosave_url(article), {"title": "x"}).status_code == 403
    assert client.get(autosave_url(article)).status_code == 403
    assert not Autosave.objects.exists()


def test_autosave_is_forbidden_to_staff_who_may_not_change_articles(client):
    client.force_login(make_user("staff", is_staff=True))
    article = make_article()

    assert client.post(autosave_url(article), {"title": "x"}).status_code == 403
    assert client.post(autosave_url(), {"title": "x"}).status_code == 403
    assert not Autosave.objects.exists()


def test_autosave_refuses_a_post_without_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    article = make_article()

    assert client.post(autosave_url(article), {"title": "x"}).status_code == 403
    assert client.post(discard_url(article)).status_code == 403


def test_autosave_answers_are_never_cached(editor_client):
    article = make_article()

    response = editor_client.post(autosave_url(article), {"title": "x"})

    assert "no-store" in response["Cache-Control"]
    assert "no-store" in editor_client.get(autosave_url(article))["Cache-Control"]


def test_deleting_an_article_deletes_its_autosaves(editor):
    article = make_article()
    make_autosave(editor, article)

    article.delete()

    assert not Autosave.objects.exists()


def test_clear_autosaves_deletes_autosaves_older_than_30_days(editor):
    old = make_autosave(editor, make_article(), saved_at=timezone.now() - timedelta(days=31))
    recent = make_autosave(editor, saved_at=timezone.now() - timedelta(days=29))
    out = StringIO()

    call_command("clear_autosaves", stdout=out)

    assert list(Autosave.objects.all()) == [recent]
    assert "Deleted 1 autosave(s)" in out.getvalue()
    assert not Autosave.objects.filter(pk=old.pk).exists()


def test_clear_autosaves_dry_run_deletes_nothing(editor):
    make_autosave(editor, saved_at=timezone.now() - timedelta(days=31))
    out = StringIO()

    call_command("clear_autosaves", "--dry-run", stdout=out)

    assert Autosave.objects.count() == 1
    assert "Would delete 1 autosave(s)" in out.getvalue()
