"""Page views and searches are counted through real requests, privately, and flushed once."""

import threading
from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, models
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from insights import counting
from insights.models import DeviceDay, PageDay, ReferrerDay, SearchDay, SiteDay
from insights.searches import FOUND_HEADER
from tests.factories import make_article, make_editor, make_notice

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(autouse=True)
def counting_on(settings):
    """Count with the page cache on, from an empty tally and an empty insights cache."""
    settings.PAGE_CACHE_SECONDS = 600
    settings.INSIGHTS_ENABLED = True
    counting.tally.take()
    counting.tally.salt_day = None
    caches["insights"].clear()
    yield
    counting.tally.take()
    caches["insights"].clear()


def view(
    client, url, user_agent=BROWSER, method="get", REMOTE_ADDR="127.0.0.1", data=None, **headers
):
    return getattr(client, method)(
        url, data, headers={"user-agent": user_agent, **headers}, REMOTE_ADDR=REMOTE_ADDR
    )


def flush():
    out = StringIO()
    call_command("insights_flush", stdout=out)
    return out.getvalue()


def page_day(article):
    return PageDay.objects.get(path=article.get_absolute_url())


def test_ten_anonymous_views_count_ten_including_those_from_the_page_cache(client):
    article = make_article()
    url = article.get_absolute_url()
    view(client, url)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(9):
            assert view(client, url).status_code == 200

    output = flush()

    assert len(queries) == 0  # served by the page cache, and counted without a write
    assert (page_day(article).views, page_day(article).article) == (10, article)
    assert SiteDay.objects.get(day=timezone.localdate()).views == 10
    assert "Wrote 10 page views" in output


def test_flushing_twice_does_not_count_twice(client):
    article = make_article()
    for _ in range(3):
        view(client, article.get_absolute_url())

    flush()
    flush()

    assert page_day(article).views == 3


def test_views_after_a_flush_are_added_to_the_days_counts(client):
    article = make_article()
    view(client, article.get_absolute_url())
    flush()
    view(client, article.get_absolute_url())
    flush()

    assert (page_day(article).views, page_day(article).visitors) == (2, 1)


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"user_agent": BOT},
        {"user_agent": ""},
        {"method": "head"},
        {"sec-purpose": "prefetch;prerender"},
        {"purpose": "prefetch"},
        {"x-moz": "prefetch"},
    ],
    ids=["bot", "no user agent", "HEAD", "Sec-Purpose prefetch", "Purpose", "X-Moz"],
)
def test_programs_prefetches_and_heads_count_nothing(client, request_kwargs):
    article = make_article()

    response = view(client, article.get_absolute_url(), **request_kwargs)
    flush()

    assert response.status_code == 200
    assert not PageDay.objects.exists()
    assert not SiteDay.objects.exists()


def test_a_signed_in_editor_counts_nothing(client):
    article = make_article()
    client.force_login(make_editor())

    view(client, article.get_absolute_url())
    flush()

    assert not PageDay.objects.exists()


def test_a_missing_page_counts_nothing(client):
    response = view(client, "/no-such-category/no-such-article/")
    flush()

    assert response.status_code == 404
    assert not PageDay.objects.exists()


def test_feeds_sitemaps_and_the_admin_count_nothing(client):
    make_article()
    for url in ["/feed/", "/sitemap.xml", "/robots.txt", reverse("admin:login")]:
        view(client, url)
    flush()

    assert not PageDay.objects.exists()


def test_personal_pages_from_email_links_count_nothing(client):
    response = view(client, reverse("newsletter:unsubscribe", args=["not-a-token"]))
    flush()

    assert not PageDay.objects.exists(), response.status_code


def test_a_repeated_visitor_is_one_visitor_that_day(client):
    first, second = make_article(), make_article()
    for _ in range(3):
        view(client, first.get_absolute_url())
    view(client, second.get_absolute_url())
    view(client, first.get_absolute_url(), REMOTE_ADDR="198.51.100.4")

    flush()

    site = SiteDay.objects.get()
    assert (site.views, site.visitors) == (5, 2)
    assert (page_day(first).views, page_day(first).visitors) == (4, 2)
    assert (page_day(second).views, page_day(second).visitors) == (1, 1)


@pytest.mark.parametrize("header", ["dnt", "sec-gpc"])
def test_a_browser_asking_not_to_be_tracked_counts_as_a_view_only(client, header):
    article = make_article()

    view(client, article.get_absolute_url(), **{header: "1"})
    flush()

    assert (page_day(article).views, page_day(article).visitors) == (1, 0)
    assert SiteDay.objects.get().visitors == 0


def test_visitors_are_not_recognised_with_another_days_salt(client):
    article = make_article()
    view(client, article.get_absolute_url())
    first = counting.tally.salt
    counting.tally.salt_day = None
    caches["insights"].delete(f"insights:salt:{timezone.localdate().isoformat()}")
    view(client, article.get_absolute_url())

    assert counting.tally.salt != first


def test_referring_sites_are_counted_by_host_or_family_name(client):
    article = make_article()
    url = article.get_absolute_url()
    for referer in [
        "https://www.google.co.uk/",
        "https://www.google.com/search",
        "https://l.facebook.com/l.php?u=x",
        "https://t.co/abc",
        "https://www.smallbusiness-forum.example/thread/42?user=7",
        "http://testserver/blog/",
        "not a url",
    ]:
        view(client, url, referer=referer)
    flush()

    counted = dict(ReferrerDay.objects.values_list("source", "views"))
    assert counted == {
        "Google": 2,
        "Facebook": 1,
        "X/Twitter": 1,
        "smallbusiness-forum.example": 1,
    }


def test_views_are_counted_by_kind_of_device(client):
    article = make_article()
    tablet = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/131 Safari"
    for user_agent in [BROWSER, PHONE, PHONE, tablet]:
        view(client, article.get_absolute_url(), user_agent)
    flush()

    counted = dict(DeviceDay.objects.values_list("device", "views"))
    assert counted == {"desktop": 1, "phone": 2, "tablet": 1}


def test_searches_are_counted_by_terms_and_whether_they_found_anything(client):
    make_article(title="Cash flow for beginners")
    search = reverse("articles:search")
    for query in ["cash", "  CASH ", "cash", "unicorn   ranching"]:
        view(client, f"{search}?q={query}")
    view(client, f"{search}?q=cash&page=2")  # the same search, read further
    view(client, f"{search}?q=")
    flush()

    counted = {row.terms: (row.searches, row.found) for row in SearchDay.objects.all()}
    assert counted == {"cash": (3, True), "unicorn ranching": (1, False)}


def test_control_characters_in_a_search_or_referer_are_not_counted_and_the_flush_writes(client):
    search = reverse("articles:search")
    view(client, search, data={"q": "cash\x00 flow\x1b"}, referer="http://bad\x00host.example/")
    flush()

    assert list(SearchDay.objects.values_list("terms", flat=True)) == ["cash flow"]
    assert not ReferrerDay.objects.exists()


def test_a_search_answered_from_the_page_cache_still_says_whether_it_found_anything(client):
    make_article(title="Cash flow for beginners")
    url = reverse("articles:search") + "?q=unicorn"
    view(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = view(client, url)
    flush()

    assert len(queries) == 0
    assert FOUND_HEADER not in response
    assert SearchDay.objects.values_list("terms", "searches", "found").get() == (
        "unicorn",
        2,
        False,
    )


def test_the_search_mark_never_reaches_the_visitor(client, settings):
    settings.INSIGHTS_ENABLED = False
    make_article(title="Cash flow for beginners")

    response = view(client, reverse("articles:search") + "?q=cash")

    assert FOUND_HEADER not in response


def test_nothing_is_counted_when_counting_is_off(client, settings):
    settings.INSIGHTS_ENABLED = False
    article = make_article()

    view(client, article.get_absolute_url())
    output = flush()

    assert not PageDay.objects.exists()
    assert "Wrote 0 page views" in output
    assert not counting.tally.counts


def test_nothing_identifying_is_stored_after_a_day_of_traffic(client):
    address, cookie = "203.0.113.77", "cookie-value-e5b1c0d2"
    user_agent = BROWSER + " Identifying/7.3.9"
    articles = [make_article() for _ in range(3)]
    client.cookies["visitor"] = cookie
    for article in articles:
        for referer in ["https://www.google.com/", "https://forum.example/t/1?u=ann"]:
            client.get(
                article.get_absolute_url(),
                headers={"user-agent": user_agent, "referer": referer},
                REMOTE_ADDR=address,
            )
    client.get(
        reverse("articles:search") + "?q=cash",
        headers={"user-agent": user_agent},
        REMOTE_ADDR=address,
    )
    flush()
    assert SiteDay.objects.get().visitors == 1

    secrets = [address, user_agent, "Identifying", cookie, "u=ann"]
    found = []
    for model in apps.get_models():
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField, models.JSONField))
        ]
        for row in model.objects.values_list(*text_fields) if text_fields else []:
            text = " ".join(str(value) for value in row)
            found += [(model, secret) for secret in secrets if secret in text]
    assert found == []


def test_prune_deletes_counts_older_than_the_retention(settings):
    settings.INSIGHTS_RETENTION_DAYS = 30
    today = timezone.localdate()
    old, kept = today - timedelta(days=31), today - timedelta(days=30)
    for day in (old, kept):
        SiteDay.objects.create(day=day, views=1)
        PageDay.objects.create(day=day, path="/", views=1)
        SearchDay.objects.create(day=day, terms="cash", searches=1)
    out = StringIO()

    call_command("insights_prune", stdout=out)

    assert list(SiteDay.objects.values_list("day", flat=True)) == [kept]
    assert list(PageDay.objects.values_list("day", flat=True)) == [kept]
    assert list(SearchDay.objects.values_list("day", flat=True)) == [kept]
    assert "Deleted 1 site days, 1 page days" in out.getvalue()


def test_prune_dry_run_deletes_nothing(settings):
    settings.INSIGHTS_RETENTION_DAYS = 30
    SiteDay.objects.create(day=date(2000, 1, 1), views=1)
    out = StringIO()

    call_command("insights_prune", "--dry-run", stdout=out)

    assert SiteDay.objects.count() == 1
    assert "Would delete 1 site days" in out.getvalue()


@pytest.fixture(params=["configured", "file"])
def shared_cache(request, settings, tmp_path):
    """The insights cache as the site's processes share it: the test settings' (local
    memory, or Redis with REDIS_URL), or files."""
    if request.param == "file":
        settings.CACHES = {
            **settings.CACHES,
            "insights": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": tmp_path / "insights",
            },
        }
    yield caches["insights"]
    caches["insights"].clear()


def test_concurrent_pushes_and_flushes_lose_and_repeat_no_count(shared_cache):
    # Each thread plays a web process with its own tally; the main thread keeps taking the
    # pending totals as a flush does, while they push.
    factory = RequestFactory()
    request = factory.get("/", headers={"user-agent": BROWSER})
    processes, views_each = 4, 50
    taken = Counter()

    def serve():
        tally = counting.Tally()
        for _ in range(views_each):
            tally.record(request)
            tally.push(wait=counting.LOCK_SECONDS)

    threads = [threading.Thread(target=serve) for _ in range(processes)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        pending = counting.take_pending()
        if pending:
            taken.update(pending["counts"])
    for thread in threads:
        thread.join()
    pending = counting.take_pending()
    if pending:
        taken.update(pending["counts"])

    assert taken["site", timezone.localdate()] == processes * views_each
    assert taken["site-visitors", timezone.localdate()] == 1


def test_the_privacy_page_says_what_is_counted(client):
    response = client.get(reverse("newsletter:privacy"))

    assert "Counting visits to this site" in response.content.decode()
    assert "deleted after 25 months" in response.content.decode()


def test_the_privacy_pages_version_line_closes_the_notice_before_the_counting_section(client):
    make_notice(body="## Your rights\n\nAsk us anything.")

    body = client.get(reverse("newsletter:privacy")).content.decode()

    notice_end = body.index("Ask us anything.")
    version = body.index("This notice: version")
    counting = body.index('<section class="privacy-counting"')
    assert notice_end < version < counting
    assert "For everyone who reads this site" in body[counting:]


def test_the_privacy_page_says_nothing_about_counting_when_it_is_off(client, settings):
    settings.INSIGHTS_ENABLED = False

    response = client.get(reverse("newsletter:privacy"))

    assert "Counting visits" not in response.content.decode()


def test_counts_go_back_to_the_cache_when_the_flush_cannot_write(client, monkeypatch):
    article = make_article()
    view(client, article.get_absolute_url())

    def broken_write(counts, found):
        raise RuntimeError("database gone")

    monkeypatch.setattr("insights.flush.write", broken_write)
    with pytest.raises(RuntimeError):
        flush()
    monkeypatch.undo()
    flush()

    assert page_day(article).views == 1


def test_views_pushed_after_their_days_hashes_expired_count_as_views_only():
    yesterday = timezone.localdate() - timedelta(days=1)
    counts = Counter({("site", yesterday): 1, ("page", yesterday, "/"): 1})
    visitors = {yesterday: {(None, b"12345678"), ("/", b"87654321")}}

    with counting.shared_lock():
        counting.add_to_pending(counts, {}, visitors)

    pending = counting.take_pending()["counts"]
    assert pending == Counter({("site", yesterday): 1, ("page", yesterday, "/"): 1})
