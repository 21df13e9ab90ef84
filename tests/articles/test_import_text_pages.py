"""import_pages on pages a browser saved as plain text: the article without the old site."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Redirect, Section
from tests.factories import make_category

pytestmark = pytest.mark.django_db

SAVED_SITE = Path(__file__).parent / "import_fixtures" / "saved-as-text" / "networking"
SOCIAL_NETWORKS = SAVED_SITE / "define-social-networks.txt"
TITLE = "Define Social Networks: Why Are They Important to Small Business Owners?"
HEADINGS = [
    "What is social media?",
    "Optimizing social media",
    "Online social networks",
    "Internet social networks and your business",
]
# What the old site put on every page, around the article.
CHROME = [
    "Home Page | Blog | Managing",
    "Voice Marketing Inc.",
    "More for Small Business",
    "Networking for Busy Owners",
    "e-book",
    "$9.95",
    "Search This Site",
    "Custom Search",
    "Go",
    "Small Business Matters",
    "free monthly e-zine",
    "E-mail Address",
    "First Name (optional)",
    "Subscribe",
    "never share it",
    "Subscribe To This Site",
    "XML RSS",
    "Add to My Yahoo!",
    "Add to My MSN",
    "Add to Newsgator",
    "Bloglines",
    "Copyright",
    "All rights reserved",
    "Return to top",
]
# What only the other pages repeat: a sidebar and a company line the cues do not know.
REPEATED_ONLY = ["Popular Pages", "Planning on one page", "helps small firms get heard"]


@pytest.fixture
def networking():
    return make_category(name="Networking", slug="networking")


def run_import(*args, **options):
    """Run import_pages; return what it printed."""
    out = io.StringIO()
    call_command("import_pages", *map(str, args), stdout=out, **options)
    return out.getvalue()


def saved_as(tmp_path, name, source=SOCIAL_NETWORKS):
    """Copy a fixture page under another file name, as a browser might have saved it."""
    path = tmp_path / name
    shutil.copyfile(source, path)
    return path


def article_text(article):
    """Return everything the article shows visitors, headings and bodies included."""
    parts = [article.title, article.summary, article.intro]
    for section in article.sections.all():
        parts += [section.heading, section.body]
    return "\n".join(parts)


def test_the_saved_page_becomes_one_article_with_its_real_title(tmp_path, networking):
    run_import(saved_as(tmp_path, "page.txt"), category="networking")

    article = Article.objects.get()
    assert article.title == TITLE
    assert article.slug == "define-social-networks-why-are-they-important-to-small-business-owners"


def test_the_saved_page_keeps_its_four_sections_in_order(tmp_path, networking):
    run_import(saved_as(tmp_path, "page.txt"), category="networking")

    assert list(Section.objects.values_list("heading", flat=True)) == HEADINGS


def test_the_numbered_list_becomes_a_markdown_list(tmp_path, networking):
    run_import(saved_as(tmp_path, "page.txt"), category="networking")

    body = Section.objects.get(heading="Optimizing social media").body
    assert (
        "\n\n1. Choose one or two networks where your customers already spend their time.\n"
        "2. Fill in your profile completely, with the same name and picture on each.\n"
        "3. Share something useful at least once a week, not only offers.\n"
        "4. Answer questions and complaints within a working day."
    ) in body


@pytest.mark.parametrize("chrome", CHROME)
def test_no_site_chrome_reaches_the_article(tmp_path, networking, chrome):
    run_import(saved_as(tmp_path, "page.txt"), category="networking")

    article = Article.objects.get()
    assert chrome not in article.intro
    for section in article.sections.all():
        assert chrome not in section.heading
        assert chrome not in section.body


@pytest.mark.parametrize("line", REPEATED_ONLY)
def test_lines_repeated_on_most_pages_of_the_site_are_left_out(networking, line):
    run_import(SAVED_SITE)

    assert Article.objects.count() == 4
    for article in Article.objects.all():
        assert line not in article_text(article), article.imported_from


def test_pages_imported_together_keep_their_own_titles_and_sections(networking):
    run_import(SAVED_SITE)

    sections = {
        article.title: list(article.sections.values_list("heading", flat=True))
        for article in Article.objects.all()
    }
    assert sections == {
        TITLE: HEADINGS,
        "Your Thirty-Second Introduction": ["Start with the problem", "End with a question"],
        "Asking for Referrals Without Feeling Awkward": ["When to ask", "How to make it easy"],
        "Getting More From Networking Events": ["Before you go", "After you leave"],
    }


def test_two_pages_are_too_few_to_tell_the_site_by_its_repeated_lines(tmp_path, networking):
    for name in ["elevator-pitch.txt", "networking-events.txt"]:
        saved_as(tmp_path, name, SAVED_SITE / name)

    run_import(tmp_path, category="networking")

    assert all("Popular Pages" in article_text(a) for a in Article.objects.all())


def test_a_heading_on_most_pages_stays_where_the_page_text_follows_it(tmp_path, networking):
    for number in range(1, 4):
        (tmp_path / f"page-{number}.txt").write_text(
            f"Lesson {number}\n\nWhat this lesson covers, number {number}.\n\n"
            f"In short\n\nThe point of lesson {number}, said once more.\n"
        )

    run_import(tmp_path, category="networking")

    assert list(Section.objects.values_list("heading", flat=True)) == ["In short"] * 3


def test_a_banner_before_the_title_is_found_by_the_file_name(tmp_path, networking):
    page = tmp_path / "define-social-networks.txt"
    page.write_text(
        "Plain advice for busy owners\n\n"
        f"{TITLE}\n\nSocial networks are web sites where people talk to each other.\n"
    )

    run_import(page, category="networking")

    assert Article.objects.get().title == TITLE


def test_a_list_split_by_blank_lines_stays_one_list(tmp_path, networking):
    page = tmp_path / "steps.txt"
    page.write_text("Three Steps\n\nDo these in order.\n\n1. Plan\n\n2. Try\n\n3. Review\n")

    run_import(page, category="networking")

    assert Article.objects.get().intro == "Do these in order.\n\n1. Plan\n2. Try\n3. Review"


def test_dry_run_shows_title_headings_and_chrome_left_out(tmp_path, networking):
    output = run_import(saved_as(tmp_path, "page.txt"), category="networking", dry_run=True)

    assert f"  Title: {TITLE}\n" in output
    assert f"  Sections: {' · '.join(HEADINGS)}\n" in output
    assert "  Left out as the old site's chrome:\n" in output
    for group in [
        "    banner (1): More for Small Business\n",
        "    search box (3): Search This Site · Custom Search · Go\n",
        "    footer (2): Copyright © 2008-2013… · Return to top of page\n",
    ]:
        assert group in output
    assert "    e-zine box (6): Small Business Matters · " in output
    assert "    feed buttons (6): Subscribe To This Site · XML RSS · Add to My Yahoo!" in output


def test_dry_run_of_a_site_names_the_repeated_lines(networking):
    output = run_import(SAVED_SITE, dry_run=True)

    assert "    repeated on most pages (6): More for Small Business · Popular Pages · " in output
    assert output.count("  Title: ") == 4


def test_dry_run_writes_nothing(networking):
    run_import(SAVED_SITE, dry_run=True)

    assert (Article.objects.count(), Section.objects.count(), Redirect.objects.count()) == (0, 0, 0)


def write_huge(path):
    with path.open("wb") as file:
        file.write(b"A Title\n\nText.\n")
        file.truncate(5 * 1024 * 1024 + 1)


@pytest.mark.parametrize(
    ("name", "write", "message"),
    [
        ("empty.txt", lambda path: path.write_text("\n  \n"), "the file is empty"),
        (
            "binary.txt",
            lambda path: path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"),
            "not a text file: it holds binary data",
        ),
        ("huge.txt", write_huge, "too large for a page (over 5 MB)"),
        (
            "no-title.txt",
            lambda path: path.write_text("This starts with a sentence. And goes on.\n"),
            "no title found: the page should start with its title on a line of its own",
        ),
        (
            "only-chrome.txt",
            lambda path: path.write_text("Search This Site\n\nCopyright © 2010 Someone\n"),
            "no title found",
        ),
    ],
)
def test_a_bad_file_is_reported_and_the_other_pages_imported(
    tmp_path, networking, name, write, message
):
    saved_as(tmp_path, "page.txt")
    write(tmp_path / name)

    output = run_import(tmp_path, category="networking")

    assert f"{tmp_path / name}: {message}" in output
    assert "1 created, 0 updated, 0 unchanged, 0 skipped, 1 error." in output
    assert Article.objects.get().title == TITLE


def test_a_heading_right_above_its_paragraph_still_starts_a_section(tmp_path, networking):
    page = tmp_path / "tips.txt"
    page.write_text(
        "Two Tips\n\nShort and useful.\n\nAnswer quickly\n"
        "A reply within a day tells a customer they matter to you, even if it is short.\n"
    )

    run_import(page, category="networking")

    assert list(Section.objects.values_list("heading", flat=True)) == ["Answer quickly"]


def test_a_menu_saved_one_item_a_line_is_not_the_title(tmp_path, networking):
    page = tmp_path / "tips.txt"
    page.write_text("Home Page\nBlog\nManaging\nNetworking\n\nTwo Tips\n\nShort and useful.\n")

    output = run_import(page, category="networking", dry_run=True)

    assert "  Title: Two Tips\n" in output
    assert "    menu (4): Home Page · Blog · Managing · Networking\n" in output


def test_a_breadcrumb_saved_as_text_names_the_category(tmp_path, networking):
    page = tmp_path / "tips.txt"
    page.write_text("Home > Networking > Two Tips\n\nTwo Tips\n\nShort and useful.\n")

    run_import(page)

    assert Article.objects.get().category == networking


def test_dry_run_of_an_html_page_lists_the_chrome_removed_around_its_text(networking):
    page = SAVED_SITE.parent.parent / "sitebuildit" / "pricing-for-profit.html"

    output = run_import(page, category="networking", dry_run=True)

    assert "  Title: Pricing for Profit\n" in output
    assert "    e-zine box (1): Subscribe to our free e-zine Small Business…\n" in output


# Text copied from a browser window: a line for each heading and paragraph, however long.
COPIED_PAGE = "\n".join(
    [
        "Small Firm Notes",
        "Home",
        "About",
        "Archives",
        "Contact Us",
        "Cash Flow Basics for Owners",
        "Posted on May 12, 2009 by Ann Lee",
        "Profit is what the books say; cash is what is in the bank on Friday, and a firm can "
        "run out of the second while it has plenty of the first.",
        "Draw up a cash forecast",
        "Take a sheet with a column for each of the next thirteen weeks, write what comes in "
        "and what goes out, and carry the balance forward.",
        "Speed up what comes in",
        "Send the invoice on the day the work is done, and chase every late payment politely "
        "but at once, before it becomes a habit.",
        "Copyright © 2009 Small Firm Notes",
    ]
)


def test_text_copied_from_a_browser_is_read_line_by_line(tmp_path, networking):
    page = tmp_path / "copied.txt"
    page.write_text(COPIED_PAGE)

    run_import(page, category="networking")

    article = Article.objects.get()
    assert article.title == "Cash Flow Basics for Owners"
    assert article.intro.startswith("Profit is what the books say;")
    assert list(article.sections.values_list("heading", flat=True)) == [
        "Draw up a cash forecast",
        "Speed up what comes in",
    ]


def test_the_menu_and_byline_of_copied_text_are_left_out(tmp_path, networking):
    page = tmp_path / "copied.txt"
    page.write_text(COPIED_PAGE)

    output = run_import(page, category="networking", dry_run=True)

    assert "    menu (5): Small Firm Notes · Home · About · Archives · Contact Us\n" in output
    assert "    byline (1): Posted on May 12, 2009 by Ann Lee\n" in output
