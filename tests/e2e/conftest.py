"""Fixtures for the browser tests: one Chromium per session, driven against Django's live server.

The tests drive Debian's Chromium through Playwright and never download a browser. Without
Chromium (or, for the HTML check, Java and the Nu HTML Checker) they are skipped with one line
saying how to install them; CI sets SMALLBIZ_REQUIRE_BROWSER=1, which makes that a failure.
"""

import os
import shutil
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles import images
from articles.models import Article, Page
from newsletter import tokens
from newsletter.models import Issue, Subscriber
from tests.e2e import in_flight
from tests.factories import (
    image_upload,
    make_article,
    make_category,
    make_consent,
    make_issue,
    make_section,
    make_subscriber,
)

CHROMIUM = Path(os.environ.get("SMALLBIZ_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    # CI and development machines run the tests as root, where Chromium's sandbox cannot start.
    "--no-sandbox",
    "--disable-gpu",
    # Keep the browser from calling home: the tests only ever talk to 127.0.0.1.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VNU_JAR = Path(
    os.environ.get(
        "SMALLBIZ_VNU_JAR",
        settings.BASE_DIR / ".cache/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)
ARTIFACTS = settings.BASE_DIR / "test-artifacts"
PHONE = {"width": 375, "height": 812}
# Wider than any phone or the article column, so the phone test proves pictures are scaled.
PICTURE_SIZE = (1200, 600)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests after all others, as pytest-django orders them."""
    # Playwright parametrizes these tests by browser, which makes pytest move them up the
    # order. Each ends by emptying the database, migrations' rows and all, which the unit
    # tests that would then follow depend on.
    here = Path(__file__).parent
    items.sort(key=lambda item: item.path.is_relative_to(here))


def missing_tools():
    """List (fixture, what is missing) for each tool the browser tests need that is not here."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(("browser", f"Chromium not found at {CHROMIUM}"))
    if not shutil.which("java"):
        missing.append(("vnu_jar", "Java not found"))
    if not VNU_JAR.exists():
        missing.append(("vnu_jar", f"the Nu HTML Checker not found at {VNU_JAR}"))
    return missing


def pytest_runtest_setup(item):
    """Skip a test whose tools this machine lacks; with SMALLBIZ_REQUIRE_BROWSER=1, fail it."""
    missing = missing_tools()
    if not any(fixture in item.fixturenames for fixture, _ in missing):
        return
    # The same message for every such test, so that pytest -ra folds them into one line.
    message = "; ".join(what for _, what in missing) + (
        ": run .ci/browsers.sh (as root) to install what the browser tests need"
    )
    if os.environ.get("SMALLBIZ_REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def migrated_rows(django_db_serialized_rollback):
    """Start each test with the rows that migrations made, such as the Editors group."""
    # A live-server test empties the database when it ends. Serialized rollback puts those
    # rows back; every such test must use it, or the restored rows' primary keys clash.


@pytest.fixture(autouse=True)
def server_idle_at_the_end(transactional_db):
    """After the test's pages close, let the live server answer their last requests before
    the database is emptied."""
    yield
    in_flight.wait_until_idle()


@pytest.fixture(scope="session")
def migrated_database(django_db_setup):
    """Django's snapshot of the migrated test database, which serialized rollback restores."""
    return connection._test_serialized_contents


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium instead of a browser that Playwright downloads."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def playwright(migrated_database, playwright):
    # Playwright's sync API keeps an asyncio event loop running in the test thread. Django then
    # mistakes the tests' own synchronous ORM calls for async code and refuses them: allow
    # them while the browser runs. Django also keeps separate connection objects for a thread
    # with a running loop, so give the new one the snapshot that serialized rollback restores.
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        connection._test_serialized_contents = migrated_database
        yield playwright


@pytest.fixture(scope="session")
def base_url(live_server):
    """Open relative addresses, such as page.goto("/"), on Django's live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Open pages without animations, so that nothing needs waiting for."""
    return {**browser_context_args, "reduced_motion": "reduce"}


@pytest.fixture
def phone(new_context):
    """A page in a phone-sized browser window, 375 CSS pixels wide."""
    context = new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    return context.new_page()


@pytest.fixture(scope="session")
def vnu_jar():
    """The Nu HTML Checker's jar, to run with the machine's Java."""
    return VNU_JAR


@pytest.fixture(scope="session")
def artifacts():
    """The git-ignored folder where the tests leave screenshots for people to look at."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def with_picture(obj, field_name, alt, color):
    """Give an article's hero or a section an uploaded picture, with alt text and renditions."""
    prefix = field_name.removesuffix("_image")
    getattr(obj, field_name).save(
        f"{prefix}.png", image_upload(size=PICTURE_SIZE, color=color), save=False
    )
    setattr(obj, f"{prefix}_alt", alt)
    setattr(obj, f"{prefix}_renditions", images.make_renditions(getattr(obj, field_name)))
    obj.save()
    return obj


@pytest.fixture
def site(transactional_db):
    """A small published site: pages, categories and articles with sections and pictures."""
    Page.objects.create(
        slug="home",
        title="Welcome",
        summary="Practical advice for people who run small businesses.",
        body="Plain-English advice on **managing**, marketing and planning a small business.",
    )
    Page.objects.create(
        slug="about",
        title="About us",
        summary="Who writes this site.",
        body="We are a small team who have run shops, studios and service firms.",
    )
    marketing = make_category(
        name="Marketing", slug="marketing", description="Getting noticed by the *right* people."
    )
    sales = make_category(name="Sales", slug="sales", description="Quoting and following up.")
    empty = make_category(name="Networking", slug="networking")

    follow_up = make_article(
        category=sales,
        title="Following Up a Quote",
        slug="following-up-a-quote",
        summary="A polite nudge three days later wins more work than a perfect quote.",
        sections=2,
    )
    article = make_article(
        category=marketing,
        title="Pricing Your First Job",
        slug="pricing-your-first-job",
        summary="Work out a price you can defend, then say it without apologising.",
        intro="Most new owners **undercharge**. This article shows how to stop.",
    )
    with_picture(article, "hero_image", "A teal banner", "teal")
    for position, (heading, body) in enumerate(SECTIONS, start=1):
        make_section(article, position=position, heading=heading, body=body)
    with_picture(article.sections.last(), "image", "A navy sign saying thank you", "navy")
    article.related.set([follow_up])

    # Older articles, enough for the blog to need a second page.
    for number in range(1, 11):
        make_article(
            category=sales,
            title=f"Sales Tip {number}",
            slug=f"sales-tip-{number}",
            summary=f"Short sales advice number {number}.",
            published_at=timezone.now() - timedelta(days=number),
        )
    draft = make_article(
        category=marketing, title="Unfinished Draft", slug="draft", status=Article.Status.DRAFT
    )
    return SimpleNamespace(
        article=article,
        related=follow_up,
        category=marketing,
        empty_category=empty,
        draft=draft,
    )


# A long article, so that jumping to a section really scrolls; the table is wider than a phone.
SECTIONS = [
    (
        "Know your costs",
        "Add up everything a job uses:\n\n- materials\n- travel\n- **your time**\n\n"
        + "Then add a margin for the surprises every job brings. " * 12,
    ),
    (
        "Check what others charge",
        "| Business | Hourly rate | Call-out fee | Minimum charge | Notes |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| Local decorator | £28 | £0 | £120 | Quotes within two working days |\n"
        "| City-centre decorator | £35 | £25 | £180 | Evening and weekend work costs more |\n\n"
        + "Ask friends what they paid, and read [price guides](https://example.com/guides). "
        * 10,
    ),
    (
        "Say the price with confidence",
        "State the price, then stop talking. " * 20,
    ),
]


@pytest.fixture
def ezine(site):
    """The e-zine's side of the site: a reader still to confirm, a confirmed one, a back issue."""
    pending = make_subscriber(email="new.reader@example.com", status=Subscriber.Status.PENDING)
    reader = make_subscriber(email="reader@example.com")
    back_issue = make_issue(
        subject="Pricing and follow-ups: the March e-zine",
        body="Two articles this month on **getting paid** what the work is worth.",
        articles=[site.article, site.related],
        status=Issue.Status.SENT,
        sent_at=timezone.now() - timedelta(days=2),
    )
    return SimpleNamespace(
        confirm_token=tokens.make_confirm_token(make_consent(pending)),
        unsubscribe_token=tokens.make_unsubscribe_token(reader.pk),
        back_issue=back_issue,
    )


@pytest.fixture
def public_pages(site, ezine):
    """Every kind of page a visitor can open, by name."""
    return {
        "home": reverse("articles:index"),
        "blog": reverse("articles:blog"),
        "blog page 2": reverse("articles:blog") + "?page=2",
        "site index": reverse("articles:site_index"),
        "category": site.category.get_absolute_url(),
        "empty category": site.empty_category.get_absolute_url(),
        "article": site.article.get_absolute_url(),
        "about page": reverse("articles:page_detail", args=["about"]),
        "search results": reverse("articles:search") + "?q=price",
        "search, nothing found": reverse("articles:search") + "?q=zebra",
        "subscribe": reverse("newsletter:subscribe"),
        "check your inbox": reverse("newsletter:subscribe_done"),
        "confirm": reverse("newsletter:confirm", args=[ezine.confirm_token]),
        "subscribed": reverse("newsletter:confirm_done"),
        "unsubscribe": reverse("newsletter:unsubscribe", args=[ezine.unsubscribe_token]),
        "unsubscribed": reverse("newsletter:unsubscribe_done"),
        "privacy": reverse("newsletter:privacy"),
        "e-zine archive": reverse("newsletter:archive"),
        "e-zine back issue": ezine.back_issue.get_absolute_url(),
        "e-zine link that does not work": reverse("newsletter:follow_link", args=["not-a-token"]),
        "not found": "/no-such-page/",
    }
