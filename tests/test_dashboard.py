"""The admin home's dashboard: each panel with real data and links, permissions, queries."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from articles import drafts, revisions
from articles.models import Article
from newsletter.models import Delivery, Issue, Subscriber
from tests.factories import (
    make_article,
    make_issue,
    make_subscriber,
    make_user,
)

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def log_change(user, article):
    """Record a change to the article by the user, as the admin does when it saves."""
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(article.pk),
        object_repr=str(article),
        action_flag=CHANGE,
    )


def panel(response, heading_id):
    """Return the HTML of the dashboard panel labelled by `heading_id`."""
    page = response.content.decode()
    start = page.index(f'<section class="module workbench-panel" aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def draft(title, changed_ago):
    article = make_article(title=title, status=Article.Status.DRAFT)
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - changed_ago)
    return article


def sent_issue(subject, sent=0, failed=0, skipped=0, sent_days_ago=1):
    """An issue that went out, with deliveries in the given states."""
    sent_at = timezone.now() - timedelta(days=sent_days_ago)
    issue = make_issue(subject=subject, status=Issue.Status.SENT, queued_at=sent_at)
    Issue.objects.filter(pk=issue.pk).update(sent_at=sent_at)
    for status, number in [
        (Delivery.Status.SENT, sent),
        (Delivery.Status.FAILED, failed),
        (Delivery.Status.SKIPPED, skipped),
    ]:
        for _ in range(number):
            # Readers of long standing, so that they do not count as new subscribers.
            reader = make_subscriber(confirmed_at=sent_at - timedelta(days=30))
            Delivery.objects.create(issue=issue, subscriber=reader, status=status)
    return issue


def test_drafts_are_listed_newest_first_with_who_changed_them_and_when(editor_client):
    older = draft("Older Draft", changed_ago=timedelta(days=2))
    newer = draft("Newer Draft", changed_ago=timedelta(hours=1))
    log_change(make_user("alice", is_staff=True), newer)
    make_article(title="Live Article")

    drafts = panel(editor_client.get(HOME), "drafts-heading")

    assert drafts.index("Newer Draft") < drafts.index("Older Draft")
    assert "Live Article" not in drafts
    assert f'<a href="{change_url(newer)}">Newer Draft</a>' in drafts
    assert f'<a href="{change_url(older)}">Older Draft</a>' in drafts
    assert "by alice" in drafts
    assert "Drafts (2)" in drafts


def test_the_last_change_names_the_latest_editor(editor_client):
    article = draft("Shared Draft", changed_ago=timedelta(hours=1))
    log_change(make_user("alice", is_staff=True), article)
    log_change(make_user("bob", is_staff=True), article)

    drafts = panel(editor_client.get(HOME), "drafts-heading")

    assert "by bob" in drafts
    assert "by alice" not in drafts


def test_all_drafts_links_to_the_article_list_filtered_to_drafts(editor_client):
    draft("A Draft", changed_ago=timedelta(hours=1))
    make_article(title="Live Article")

    response = editor_client.get(HOME)
    url = response.context["dashboard"]["articles"]["drafts_url"]
    listed = editor_client.get(url)

    assert f'<a href="{url.replace("&", "&amp;")}">All drafts</a>' in panel(
        response, "drafts-heading"
    )
    assert [a.title for a in listed.context["cl"].result_list] == ["A Draft"]


def test_no_drafts_says_how_to_start_one(editor_client):
    drafts = panel(editor_client.get(HOME), "drafts-heading")

    add = reverse("admin:articles_article_add")
    assert f'<p>No drafts. Start one: <a href="{add}">Add article</a></p>' in drafts


def test_add_article_is_beside_the_heading_when_there_are_drafts_too(editor_client):
    draft("A Draft", changed_ago=timedelta(hours=1))

    page = editor_client.get(HOME).content.decode()

    tools = page[page.index('<ul class="object-tools">') : page.index('<div id="content-main"')]
    add = reverse("admin:articles_article_add")
    assert f'<a href="{add}" class="addlink">Add article</a>' in tools


def with_changes(title, by, saved_ago, publish_at=None):
    """A published article with unpublished changes saved `saved_ago` by the user `by`."""
    article = make_article(title=title)
    content = {**revisions.snapshot(article), "summary": "A changed summary."}
    drafts.save(article, content, user=by, publish_at=publish_at)
    article.draft.created_at = timezone.now() - saved_ago
    article.draft.save()
    return article


def test_articles_with_unpublished_changes_are_listed_newest_first_with_who_and_when(
    editor_client,
):
    alice = make_user("alice", is_staff=True)
    older = with_changes("Older Changes", alice, saved_ago=timedelta(days=1))
    go_live = timezone.now() + timedelta(days=2)
    newer = with_changes("Newer Changes", alice, saved_ago=timedelta(hours=1), publish_at=go_live)
    make_article(title="Untouched")

    response = editor_client.get(HOME)
    changes = panel(response, "changes-heading")

    assert "Articles with unpublished changes (2)" in changes
    assert changes.index("Newer Changes") < changes.index("Older Changes")
    assert "Untouched" not in changes
    assert f'<a href="{change_url(older)}">Older Changes</a>' in changes
    assert f'<a href="{change_url(newer)}">Newer Changes</a>' in changes
    assert "by alice" in changes
    assert f'going live <time datetime="{timezone.localtime(go_live).isoformat()}">' in changes
    listed = editor_client.get(response.context["dashboard"]["articles"]["changes_url"])
    assert {a.title for a in listed.context["cl"].result_list} == {"Older Changes", "Newer Changes"}


def test_no_unpublished_changes_says_what_the_panel_is_for(editor_client):
    changes = panel(editor_client.get(HOME), "changes-heading")

    assert "None. Changes you save to a published article wait here" in changes


def test_scheduled_articles_are_listed_soonest_first_with_when_they_go_live(editor_client):
    later = make_article(title="Later", published_at=timezone.now() + timedelta(days=3))
    sooner = make_article(title="Sooner", published_at=timezone.now() + timedelta(hours=5))
    make_article(title="Already Live")

    response = editor_client.get(HOME)
    scheduled = panel(response, "scheduled-heading")

    assert scheduled.index("Sooner") < scheduled.index("Later")
    assert "Already Live" not in scheduled
    assert f'<a href="{change_url(sooner)}">Sooner</a>' in scheduled
    local = timezone.localtime(later.published_at)
    assert f'goes live <time datetime="{local.isoformat()}">' in scheduled
    assert local.strftime("%a %-d %B, %H:%M") in scheduled
    listed = editor_client.get(response.context["dashboard"]["articles"]["scheduled_url"])
    assert {a.title for a in listed.context["cl"].result_list} == {"Sooner", "Later"}


def test_nothing_scheduled_says_how_to_schedule(editor_client):
    scheduled = panel(editor_client.get(HOME), "scheduled-heading")

    assert "Nothing scheduled. To schedule an article" in scheduled


def test_recently_published_lists_the_newest_live_articles(editor_client):
    old = make_article(title="Old News", published_at=timezone.now() - timedelta(days=30))
    new = make_article(title="Fresh News", published_at=timezone.now() - timedelta(hours=2))
    make_article(title="Scheduled News", published_at=timezone.now() + timedelta(days=1))
    make_article(title="Draft News", status=Article.Status.DRAFT)

    published = panel(editor_client.get(HOME), "published-heading")

    assert published.index("Fresh News") < published.index("Old News")
    assert f'<a href="{change_url(new)}">Fresh News</a>' in published
    assert f'<a href="{change_url(old)}">Old News</a>' in published
    assert "Scheduled News" not in published
    assert "Draft News" not in published


def test_each_article_panel_lists_at_most_five(editor_client):
    for number in range(7):
        draft(f"Draft {number}", changed_ago=timedelta(hours=number))

    response = editor_client.get(HOME)

    assert panel(response, "drafts-heading").count("<li>") == 5
    assert "Drafts (7)" in panel(response, "drafts-heading")


def test_the_e_zine_panel_shows_the_last_issue_with_its_numbers(editor_client):
    sent_issue("The April e-zine", sent=3, failed=1, sent_days_ago=30)
    last = sent_issue("The May e-zine", sent=2, failed=1, skipped=1)

    ezine = panel(editor_client.get(HOME), "ezine-heading")

    assert f'<a href="{change_url(last)}">The May e-zine</a>' in ezine
    assert "2 sent, 1 failed, 1 skipped (no longer subscribed)" in ezine
    assert "The April e-zine" not in ezine


def test_an_issue_being_sent_shows_its_progress(editor_client):
    issue = sent_issue("The June e-zine", sent=1)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING, sent_at=None)
    Delivery.objects.create(issue=issue, subscriber=make_subscriber())

    ezine = panel(editor_client.get(HOME), "ezine-heading")

    assert "sending since" in ezine
    assert "1 sent, 0 failed, 1 waiting" in ezine


def test_the_e_zine_panel_links_the_next_draft_issue(editor_client):
    sent_issue("The May e-zine")
    make_issue(subject="Older draft", created_at=timezone.now() - timedelta(days=9))
    upcoming = make_issue(subject="The June e-zine")

    ezine = panel(editor_client.get(HOME), "ezine-heading")

    assert f'<a href="{change_url(upcoming)}">The June e-zine</a>' in ezine
    assert "Older draft" not in ezine


def test_no_issues_say_how_to_start_one(editor_client):
    ezine = panel(editor_client.get(HOME), "ezine-heading")

    assert "No issue sent yet." in ezine
    add = reverse("admin:newsletter_issue_add")
    assert f'No draft issue. Start one: <a href="{add}">Add issue</a>' in ezine


def test_subscribers_gained_counts_those_confirmed_in_the_last_seven_days(editor_client):
    now = timezone.now()
    make_subscriber(confirmed_at=now - timedelta(hours=2))
    make_subscriber(confirmed_at=now - timedelta(days=3))
    make_subscriber(confirmed_at=now - timedelta(days=10))
    make_subscriber(status=Subscriber.Status.PENDING)
    make_subscriber(status=Subscriber.Status.UNSUBSCRIBED, confirmed_at=now - timedelta(days=1))

    ezine = panel(editor_client.get(HOME), "ezine-heading")

    assert "2 confirmed in the last 7 days" in ezine


def test_failed_deliveries_are_counted_over_all_issues(editor_client):
    sent_issue("The April e-zine", sent=1, failed=2)
    sent_issue("The May e-zine", failed=1)

    ezine = panel(editor_client.get(HOME), "ezine-heading")

    assert "3 failed, in all issues" in ezine


def test_editors_see_e_zine_numbers_but_no_links_to_lists_of_people(editor_client):
    sent_issue("The May e-zine", failed=1)
    make_subscriber()

    ezine = panel(editor_client.get(HOME), "ezine-heading")

    assert reverse("admin:newsletter_subscriber_changelist") not in ezine
    assert reverse("admin:newsletter_delivery_changelist") not in ezine
    assert "1 confirmed in the last 7 days" in ezine


def test_administrators_follow_the_numbers_to_the_lists_behind_them(client):
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))
    sent_issue("The May e-zine", sent=1, failed=2)
    make_subscriber(email="new@example.com", confirmed_at=timezone.now() - timedelta(days=2))
    make_subscriber(email="old@example.com", confirmed_at=timezone.now() - timedelta(days=30))

    dashboard = client.get(HOME).context["dashboard"]["ezine"]
    subscribers = client.get(dashboard["new_subscribers_url"]).context["cl"].result_list
    failed = client.get(dashboard["failed_deliveries_url"]).context["cl"].result_list

    assert dashboard["new_subscribers"] == 1
    assert [s.email for s in subscribers] == ["new@example.com"]
    assert [d.status for d in failed] == [Delivery.Status.FAILED] * 2


def test_a_user_without_e_zine_permissions_sees_no_e_zine_panel(client):
    writer = make_user("writer", is_staff=True)
    writer.user_permissions.add(*Permission.objects.filter(content_type__app_label="articles"))
    client.force_login(writer)
    make_issue(subject="The June e-zine")

    response = client.get(HOME)

    assert response.context["dashboard"]["ezine"] is None
    assert b'aria-labelledby="ezine-heading"' not in response.content
    assert b"The June e-zine" not in response.content
    assert b'aria-labelledby="drafts-heading"' in response.content


def test_a_user_without_article_permissions_sees_no_article_panels(client):
    sender = make_user("sender", is_staff=True)
    sender.user_permissions.add(Permission.objects.get(codename="view_issue"))
    client.force_login(sender)
    draft("Secret Draft", changed_ago=timedelta(hours=1))

    response = client.get(HOME)

    assert response.context["dashboard"]["articles"] is None
    assert b"Secret Draft" not in response.content
    assert b'aria-labelledby="drafts-heading"' not in response.content
    assert b'aria-labelledby="ezine-heading"' in response.content


def test_a_user_who_may_view_but_not_add_is_not_offered_add_links(client):
    viewer = make_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "view_issue"])
    )
    client.force_login(viewer)

    page = client.get(HOME).content.decode()

    assert "<p>No drafts.</p>" in page
    assert reverse("admin:articles_article_add") not in page
    assert reverse("admin:newsletter_issue_add") not in page


def test_the_app_list_and_recent_actions_stay_below_and_beside_the_dashboard(editor_client):
    response = editor_client.get(HOME)

    page = response.content.decode()
    assert page.index("workbench") < page.index('class="app-articles module')
    assert 'id="recent-actions-module"' in page


def build_content(each):
    """Make `each` drafts (each changed by someone), scheduled and published articles and
    issues with deliveries."""
    editor = make_user(f"writer{each}", is_staff=True)
    for number in range(each):
        log_change(editor, draft(f"Draft {number}", changed_ago=timedelta(hours=number)))
        make_article(published_at=timezone.now() + timedelta(days=number + 1))
        make_article()
        with_changes(f"Changed {number}", editor, saved_ago=timedelta(hours=number))
        sent_issue(f"Issue {number}", sent=2, failed=1, sent_days_ago=number + 1)
        make_issue(subject=f"Draft issue {number}")


# The home page's queries, the same however much content there is: the session and the
# user; the dashboard's ten (the three article counts in one, the drafts with who last
# changed each, the articles with unpublished changes with who saved them, the scheduled,
# the published; the last issue, its deliveries' numbers, the next draft issue, new
# subscribers, failed deliveries); the Insights panel's week of views and visitors; the
# user's recent actions beside it.
HOME_QUERIES = 2 + 10 + 1 + 1


@pytest.mark.parametrize("each", [1, 8])
def test_the_dashboard_runs_the_same_queries_however_much_content(
    client, django_assert_num_queries, each
):
    build_content(each)
    # A superuser has every permission without reading them from the database.
    client.force_login(make_user("admin", is_staff=True, is_superuser=True))

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(HOME)

    assert len(response.context["dashboard"]["articles"]["drafts"]) == min(each, 5)
    assert len(response.context["dashboard"]["articles"]["changes"]) == min(each, 5)


def test_admin_pages_carry_the_site_icon_and_our_admin_styles(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert '<link rel="stylesheet" href="/static/admin-smallbiz/admin.css">' in page
