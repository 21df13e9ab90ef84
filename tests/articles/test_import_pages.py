"""manage.py import_pages: old pages become articles, with redirects from their old addresses."""

import io
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse
from PIL import Image

from articles.models import Article, Redirect, Section
from articles.search import search
from tests.factories import make_article, make_category, make_editor

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "import_fixtures"
BASE_URL = "http://www.oldsite.example/"
SITE_PAGES = {
    "/marketing/index.html": "/marketing/marketing-on-a-shoestring/",
    "/marketing/pricing.html": "/marketing/setting-your-prices/",
    "/planning/business-plan.txt": "/planning/writing-a-business-plan-that-gets-read/",
    "/sales/closing.html": "/sales/closing-the-sale/",
    "/sales/follow-up.md": "/sales/the-follow-up-checklist/",
}


@pytest.fixture
def categories():
    return {
        slug: make_category(name=slug.title(), slug=slug)
        for slug in ["marketing", "planning", "sales"]
    }


@pytest.fixture
def old_site(tmp_path, categories):
    """A copy of the fixture site with a small PNG beside its pages and a broken file."""
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    (site / "marketing" / "images").mkdir()
    Image.new("RGB", (4, 3), "teal").save(site / "marketing" / "images" / "price-chart.png")
    (site / "sales" / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00binary")
    return site


def run_import(*args, **options):
    """Run import_pages; return what it printed."""
    out = io.StringIO()
    call_command("import_pages", *map(str, args), stdout=out, **options)
    return out.getvalue()


def imported(old_path):
    return Article.objects.get(imported_from=old_path)


def media_files(media_root):
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


def test_each_page_becomes_a_draft_in_the_category_its_folder_names(old_site, categories):
    run_import(old_site, base_url=BASE_URL)

    articles = Article.objects.exclude(imported_from=None)
    assert {a.imported_from: a.get_absolute_url() for a in articles} == SITE_PAGES
    assert {a.status for a in articles} == {Article.Status.DRAFT}
    assert imported("/planning/business-plan.txt").category == categories["planning"]


def test_sections_keep_their_headings_in_order(old_site):
    run_import(old_site)

    article = imported("/marketing/pricing.html")
    assert article.title == "Setting Your Prices"
    assert article.summary == "Three steps to a price that pays the bills."
    assert article.intro == (
        "A price is a promise about value. Set it with care and change it rarely."
    )
    assert list(article.sections.values_list("position", "heading", "anchor")) == [
        (10, "Start from costs", "start-from-costs"),
        (20, "Compare with the market", "compare-with-the-market"),
        (30, "Review every year", "review-every-year"),
    ]


def test_links_between_imported_pages_point_at_their_new_addresses(old_site):
    run_import(old_site, base_url=BASE_URL)

    closing = "\n".join(imported("/sales/closing.html").sections.values_list("body", flat=True))
    assert "[setting your prices](/marketing/setting-your-prices/)" in closing
    assert "[follow-up checklist](/sales/the-follow-up-checklist/)" in closing
    # An absolute link to the old site's folder, whose page was marketing/index.html.
    assert "[marketing section](/marketing/marketing-on-a-shoestring/)" in closing
    pricing = imported("/marketing/pricing.html").sections.get(heading="Compare with the market")
    assert "[marketing tips](/marketing/marketing-on-a-shoestring/#tips)" in pricing.body
    assert "(/planning/writing-a-business-plan-that-gets-read/)" in pricing.body
    markdown = imported("/sales/follow-up.md").sections.get(heading="A month later")
    assert "[closing the sale](/sales/closing-the-sale/)" in markdown.body


def test_links_to_pages_not_imported_go_to_their_old_address_and_are_reported(old_site):
    output = run_import(old_site)

    pricing = imported("/marketing/pricing.html").sections.get(heading="Compare with the market")
    assert "[contact page](/contact.html)" in pricing.body
    assert "[more about pricing](https://en.wikipedia.org/wiki/Pricing)" in (
        imported("/marketing/pricing.html").sections.get(heading="Review every year").body
    )
    assert "pricing.html: link to /contact.html kept: no imported page had that address" in output


def test_images_are_checked_copied_to_media_and_the_markdown_points_at_them(old_site):
    run_import(old_site)

    [name] = default_storage.listdir("articles/imported")[1]
    assert name.startswith("price-chart-") and name.endswith(".png")
    section = imported("/marketing/pricing.html").sections.get(heading="Start from costs")
    url = default_storage.url(f"articles/imported/{name}")
    assert f"![Bar chart of costs and margin]({url})" in section.body
    assert f'<img alt="Bar chart of costs and margin" src="{url}"' in section.body_html
    # The same renditions as an upload gets.
    assert default_storage.exists(f"renditions/articles/imported/{name[:-4]}-4w.webp")


def test_missing_image_is_reported_and_the_page_still_imported(old_site):
    output = run_import(old_site)

    assert "pricing.html: image images/missing.png not copied: file not found" in output
    section = imported("/marketing/pricing.html").sections.get(heading="Compare with the market")
    assert "![A picture that was lost long ago](images/missing.png)" in section.body


def test_an_image_that_fails_the_upload_checks_is_reported(old_site):
    (old_site / "marketing" / "images" / "price-chart.png").write_bytes(b"not a picture")

    output = run_import(old_site)

    assert "image images/price-chart.png not copied: This file is not an image" in output
    assert imported("/marketing/pricing.html")


def test_old_addresses_answer_301_with_the_new_ones(client, old_site):
    run_import(old_site, base_url=BASE_URL, publish=True)

    for old_path, new_path in SITE_PAGES.items():
        response = client.get(old_path)
        assert response.status_code == 301, old_path
        assert response["Location"] == new_path
        assert client.get(new_path).status_code == 200
    # The old folder address of marketing/index.html is the category's page now, which wins.
    assert not Redirect.objects.filter(old_path="/marketing/").exists()


def test_published_imports_are_found_by_search(old_site):
    run_import(old_site, publish=True)

    assert [article.title for article in search("shoestring")] == ["Marketing on a Shoestring"]
    assert [article.title for article in search("paperwork")] == ["Closing the Sale"]


def test_base_url_path_is_part_of_the_old_addresses(client, old_site):
    run_import(old_site / "sales", base_url="https://oldsite.example/advice/", publish=True)

    response = client.get("/advice/closing.html")
    assert response.status_code == 301
    assert response["Location"] == "/sales/closing-the-sale/"


def test_a_second_run_changes_nothing(old_site, media_root):
    run_import(old_site, base_url=BASE_URL)
    before = {a.pk: a.updated_at for a in Article.objects.all()}
    sections = list(Section.objects.values_list("pk", flat=True))
    redirects = list(Redirect.objects.values_list("pk", "old_path", "new_path"))
    files = media_files(media_root)

    output = run_import(old_site, base_url=BASE_URL)

    assert "0 created, 0 updated, 5 unchanged, 1 skipped, 1 error." in output
    assert {a.pk: a.updated_at for a in Article.objects.all()} == before
    assert list(Section.objects.values_list("pk", flat=True)) == sections
    assert list(Redirect.objects.values_list("pk", "old_path", "new_path")) == redirects
    assert media_files(media_root) == files


def test_a_changed_page_updates_its_article_instead_of_adding_a_copy(old_site):
    run_import(old_site)
    article = imported("/sales/closing.html")
    page = old_site / "sales" / "closing.html"
    page.write_text(page.read_text().replace("Send the paperwork", "Post the contract"))

    output = run_import(old_site)

    assert "0 created, 1 updated, 4 unchanged" in output
    assert Article.objects.filter(title="Closing the Sale").count() == 1
    assert "Post the contract" in article.sections.get(heading="Follow up").body


def test_a_second_run_keeps_the_slug_an_editor_gave_the_article(old_site):
    run_import(old_site)
    Article.objects.filter(imported_from="/sales/closing.html").update(slug="closing")

    output = run_import(old_site, verbosity=2)

    assert imported("/sales/closing.html").slug == "closing"
    assert "unchanged" in output and "(/sales/closing/)" in output


def test_publish_publishes_drafts_imported_before(old_site):
    run_import(old_site)

    output = run_import(old_site, publish=True)

    assert "5 updated" in output
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.PUBLISHED}


def test_dry_run_writes_nothing(old_site, media_root):
    counts = (Article.objects.count(), Section.objects.count(), Redirect.objects.count())

    output = run_import(old_site, base_url=BASE_URL, dry_run=True)

    assert (Article.objects.count(), Section.objects.count(), Redirect.objects.count()) == counts
    assert media_files(media_root) == []
    assert "Dry run, nothing was written. 7 files: would be 5 created, 0 updated" in output


def test_dry_run_tells_what_would_be_updated(old_site):
    run_import(old_site)
    page = old_site / "marketing" / "index.html"
    page.write_text(page.read_text().replace("costs time", "costs patience"))

    output = run_import(old_site, dry_run=True, verbosity=2)

    assert "would update" in output and "marketing/index.html" in output
    assert "0 created, 1 updated, 4 unchanged" in output
    assert "costs time" in imported("/marketing/index.html").intro


def test_a_broken_file_is_reported_and_the_others_imported(old_site):
    output = run_import(old_site)

    assert "Errors:" in output
    assert "sales/broken.html: not a text file: it holds binary data" in output
    assert "5 created, 0 updated, 0 unchanged, 1 skipped, 1 error." in output


def test_a_page_that_fails_to_save_leaves_nothing_half_written(old_site, monkeypatch):
    save = Section.save

    def failing_save(section, *args, **kwargs):
        if section.heading == "Follow up":  # the second section of sales/closing.html
            raise DatabaseError("disk full")
        save(section, *args, **kwargs)

    monkeypatch.setattr(Section, "save", failing_save)

    output = run_import(old_site)

    assert "sales/closing.html: not saved: disk full" in output
    assert not Article.objects.filter(title="Closing the Sale").exists()
    assert not Section.objects.filter(heading="Ask for the order").exists()
    assert not Redirect.objects.filter(old_path="/sales/closing.html").exists()
    assert "4 created, 0 updated, 0 unchanged, 1 skipped, 2 errors." in output


def test_a_page_whose_category_is_unknown_is_skipped_and_reported(old_site):
    output = run_import(old_site)

    assert not Article.objects.filter(title="About Us").exists()
    assert (
        "about-us.html: no category: the folder “site” and the breadcrumb “Home > About” "
        "name no existing category (give one with --category)"
    ) in output


def test_the_category_option_puts_every_page_in_that_category(old_site, categories):
    run_import(old_site, category="sales")

    assert Article.objects.filter(category=categories["sales"]).count() == 6  # about-us too


def test_the_breadcrumb_names_the_category_when_the_folder_does_not(categories):
    run_import(FIXTURES / "sitebuildit", publish=True)

    article = imported("/pricing-for-profit.html")
    assert article.category == categories["marketing"]
    assert [s.heading for s in article.sections.all()] == [
        "Know every cost",
        "Add the margin you need",
        "Check what buyers accept",
    ]


def test_imported_page_shows_the_article_without_the_old_site_around_it(client, categories):
    run_import(FIXTURES / "sitebuildit", publish=True)

    response = client.get("/marketing/pricing-for-profit/")
    assert response.status_code == 200
    # Only the article element: the new site has its own subscribe box around it.
    article = BeautifulSoup(response.content, "lxml").find("article").get_text(" ")
    assert "Know every cost" in article
    for chrome in ["Search This Site", "Add to My Yahoo", "totally secure", "Profit Planner"]:
        assert chrome not in article


def test_an_existing_article_with_the_same_slug_is_left_alone(old_site, categories):
    mine = make_article(category=categories["sales"], slug="closing-the-sale", title="Mine")

    run_import(old_site)

    mine.refresh_from_db()
    assert mine.title == "Mine" and mine.imported_from is None
    assert imported("/sales/closing.html").slug == "closing-the-sale-2"


def test_an_image_without_alt_text_is_reported(tmp_path, categories):
    page = tmp_path / "marketing" / "signs.html"
    page.parent.mkdir()
    page.write_text("<h1>Shop Signs</h1><p>A sign sells.</p><img src='big-sign.png'>")

    output = run_import(tmp_path)

    assert "signs.html: image big-sign.png has no alt text; “Big sign” was made" in output


def test_the_admin_shows_where_an_article_was_imported_from(client, old_site):
    run_import(old_site, base_url=BASE_URL)
    client.force_login(make_editor())

    article = imported("/sales/closing.html")
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert b"/sales/closing.html" in response.content


def test_verbose_output_names_each_article(old_site):
    output = run_import(old_site, verbosity=2)

    assert "created" in output
    assert "sales/closing.html → /sales/closing-the-sale/" in output


def test_quiet_output_is_empty(old_site):
    assert run_import(old_site, verbosity=0) == ""


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_is_drawn_on_a_terminal(old_site):
    out = Terminal()

    call_command("import_pages", str(old_site), stdout=out)

    assert "\rImporting [####################] 5/5 " in out.getvalue()
    assert "\rReading [" in out.getvalue()


def test_a_missing_path_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="No such file or folder"):
        run_import(tmp_path / "nowhere")


def test_an_unknown_category_is_an_error(old_site):
    with pytest.raises(CommandError, match="Unknown category “nope”. Categories: marketing"):
        run_import(old_site, category="nope")


def test_a_folder_without_pages_is_an_error(tmp_path):
    (tmp_path / "style.css").write_text("body {}")

    with pytest.raises(CommandError, match="No pages found"):
        run_import(tmp_path)


def test_a_base_url_that_is_not_a_web_address_is_an_error(old_site):
    with pytest.raises(CommandError, match="--base-url must be an http"):
        run_import(old_site, base_url="oldsite.example")


def test_a_link_climbing_above_the_imported_folder_is_read_from_the_top(tmp_path, categories):
    (tmp_path / "sales").mkdir()
    (tmp_path / "sales" / "closing.html").write_text("<h1>Closing</h1><p>Ask for the order.</p>")
    (tmp_path / "marketing").mkdir()
    (tmp_path / "marketing" / "signs.html").write_text(
        "<h1>Shop Signs</h1><p>A sign sells; <a href='../../sales/closing.html'>then close</a>.</p>"
    )

    output = run_import(tmp_path)

    assert "[then close](/sales/closing/)" in imported("/marketing/signs.html").intro
    assert "Warnings" not in output


def test_a_single_page_is_counted_as_one_file(tmp_path, categories):
    page = tmp_path / "misc" / "about.html"
    page.parent.mkdir()
    page.write_text("<h1>About Us</h1><p>We ran a corner shop for twenty years.</p>")

    output = run_import(page, dry_run=True)

    assert "about.html: no category: the folder “misc” names no existing category" in output
    assert "Dry run, nothing was written. 1 file: would be 0 created" in output
