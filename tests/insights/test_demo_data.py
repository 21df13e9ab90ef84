"""manage.py insights_demo_data: made-up numbers for a local site's Insights page."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from insights.management.commands.insights_demo_data import SEARCHES
from insights.models import PageDay, SiteDay
from newsletter.models import Consent, Issue
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(**options):
    out = StringIO()
    call_command("insights_demo_data", stdout=out, **options)
    return out.getvalue()


def test_it_fills_every_day_and_says_so(settings):
    settings.DEBUG = True
    make_article()

    output = run(days=10)

    assert "Demo insights ready for 10 days" in output
    assert SiteDay.objects.count() == 10
    assert PageDay.objects.filter(article__isnull=False).exists()
    assert Consent.objects.filter(confirmed_at__isnull=False, box__gt="").exists()
    assert Issue.objects.sent().count() == 1


def test_running_it_again_replaces_the_numbers_instead_of_adding(settings):
    settings.DEBUG = True
    make_article()
    run(days=5)
    consents = Consent.objects.count()

    run(days=5)

    assert SiteDay.objects.count() == 5
    assert Consent.objects.count() == consents
    assert Issue.objects.sent().count() == 1


def test_it_is_refused_unless_debug(settings):
    settings.DEBUG = False
    make_article()

    with pytest.raises(CommandError, match="local development only"):
        run()


def test_it_needs_published_articles(settings):
    settings.DEBUG = True

    with pytest.raises(CommandError, match="load_demo"):
        run()


@pytest.mark.usefixtures("small_demo_pictures")
def test_its_searches_find_in_the_demo_what_it_says_they_find(client):
    call_command("load_demo", stdout=StringIO())

    finds = {
        terms: "No articles match" not in client.get("/search/", {"q": terms}).text
        for terms, _ in SEARCHES
    }

    assert finds == dict(SEARCHES)


def test_no_article_is_read_or_subscribed_from_before_it_was_published(settings):
    settings.DEBUG = True
    make_article(published_at=timezone.now() - timedelta(days=40))
    make_article(published_at=timezone.now() - timedelta(days=3))

    run(days=30)

    for page_day in PageDay.objects.filter(article__isnull=False).select_related("article"):
        assert page_day.day >= timezone.localdate(page_day.article.published_at)
    for consent in Consent.objects.filter(article__isnull=False).select_related("article"):
        assert consent.confirmed_at >= consent.article.published_at
