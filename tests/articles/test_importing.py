"""Reading old pages (articles.importing): the article without the site around it."""

from pathlib import Path

import pytest

from articles.importing.html_pages import parse_html
from articles.importing.links import replace_urls
from articles.importing.markdown_pages import parse_markdown
from articles.importing.page import UnreadablePage
from articles.importing.reader import read_page
from articles.importing.text_pages import parse_text
from articles.markdown import plain_text, render

FIXTURES = Path(__file__).parent / "import_fixtures"
SITEBUILDIT = FIXTURES / "sitebuildit" / "pricing-for-profit.html"
WORDPRESS = FIXTURES / "wordpress" / "cash-flow-basics.html"
HANDWRITTEN = FIXTURES / "handwritten" / "networking-events.htm"


def everything(page):
    """Return all the text a page would put on the site, as visitors would read it."""
    parts = [page.title, page.summary, page.intro]
    for section in page.sections:
        parts += [section.heading, section.body]
    return "\n".join(parts)


def shown_text(markdown_text):
    return plain_text(render(markdown_text))


@pytest.mark.parametrize(
    "chrome",
    [
        "Small Business Corner logo",
        "Plain advice for people",  # the site's tagline
        "Contact Us",  # the nav bar
        "Search This Site",
        "Custom Search",
        "Add to My Yahoo",
        "XML RSS",
        "What is this?",
        "e-zine",
        "Small Business Matters",
        "totally secure",
        "Profit Planner",
        "Order now",
        "19.95",
        "Like this page",
        "Tweet",
        "Return from",
        "Privacy Policy",
        "Copyright",
        "All rights reserved",
        "Site Build It",
        "SCRIPT_MARKER",
        "CSS-MARKER",
        "COMMENT-MARKER",
        "TRACKER-MARKER",
        "popUp",
        "pixel.gif",
        "ebook-cover",
    ],
)
def test_site_builder_chrome_never_reaches_the_article(chrome):
    page = read_page(SITEBUILDIT)

    assert chrome.lower() not in everything(page).lower()


ADVICE_THAT_SOUNDS_LIKE_CHROME = [
    "Send a monthly newsletter to your customers.",
    "Ask customers to sign up for your newsletter at the till.",
    "Never sell your customers' e-mail addresses.",
    "Let readers unsubscribe at any time.",
    "Return to your plan every quarter.",
    "Print this checklist and pin it up.",
    "Many customers buy e-books on their phones, so price yours for that.",
    "A business powered by volunteers still needs a budget.",
    "Search the site of each competitor before you set a price.",
    "Use RSS feeds to follow your trade press.",
    "Copyright protects your words, not your ideas.",
]


def test_advice_that_mentions_newsletters_e_books_or_copyright_is_kept():
    html = "<h1>Marketing Odds and Ends</h1>" + "".join(
        f"<p>{sentence}</p>" for sentence in ADVICE_THAT_SOUNDS_LIKE_CHROME
    )

    assert parse_html(html).intro == "\n\n".join(ADVICE_THAT_SOUNDS_LIKE_CHROME)


def test_site_builder_page_keeps_its_title_intro_and_sections_in_order():
    page = read_page(SITEBUILDIT)

    assert page.title == "Pricing for Profit"
    assert page.intro.startswith("Too many owners pick a price")
    assert "It takes an afternoon and a calculator." in page.intro
    assert [section.heading for section in page.sections] == [
        "Know every cost",
        "Add the margin you need",
        "Check what buyers accept",
    ]
    assert page.sections[-1].body.endswith(
        "Testing a price for a month costs little and teaches a lot."
    )


def test_emphasis_lists_and_links_become_markdown():
    body = read_page(SITEBUILDIT).sections[0].body

    assert "**hidden costs**" in body
    assert "*your own time*" in body
    assert "* Materials and stock\n* Wages, including yours\n" in body


def test_the_meta_description_is_the_summary():
    assert read_page(SITEBUILDIT).summary == (
        "How a small business can set prices that cover costs and leave a fair profit."
    )


def test_links_are_listed_as_written():
    page = read_page(SITEBUILDIT)

    assert page.links == ["selling-value.html", "/planning/cash-flow.html"]
    assert "[how to sell on value](selling-value.html)" in page.sections[2].body


def test_breadcrumb_names_are_read():
    assert read_page(SITEBUILDIT).breadcrumb == ["Home", "Marketing", "Pricing for Profit"]
    assert read_page(HANDWRITTEN).breadcrumb == ["Home", "Networking", "Events"]


@pytest.mark.parametrize(
    "chrome",
    [
        "Small Firm Notes",  # the blog's name, in its h1
        "Skip to content",
        "Archives",
        "Your first hire",  # previous/next post links
        "Posted on",
        "Share this",
        "Twitter",
        "Leave a Reply",
        "COMMENT-TEXT-MARKER",
        "Responses to",
        "newsletter",
        "respect your privacy",
        "Entries",
        "WordPress",
        "permalink",
    ],
)
def test_blog_theme_chrome_never_reaches_the_article(chrome):
    assert chrome.lower() not in everything(read_page(WORDPRESS)).lower()


def test_blog_post_title_comes_from_the_entry_title_not_the_blog_name():
    page = read_page(WORDPRESS)

    assert page.title == "Cash Flow Basics for Owners"
    assert page.intro.startswith("Profit is an opinion; cash is a fact.")


def test_sections_start_at_the_highest_heading_below_the_title():
    page = read_page(WORDPRESS)

    assert [section.heading for section in page.sections] == [
        "Draw up a cash forecast",
        "Speed up what comes in",
        "Slow down what goes out",
    ]
    assert "1. Start with the money in the bank today." in page.sections[0].body


@pytest.mark.parametrize(
    "chrome",
    ["Articles", "E-mail me", "Back to top", "2004", "Last updated", "visitor", "counter"],
)
def test_hand_written_page_chrome_never_reaches_the_article(chrome):
    assert chrome.lower() not in everything(read_page(HANDWRITTEN)).lower()


def test_unclosed_paragraphs_and_list_items_are_read_as_browsers_do():
    page = read_page(HANDWRITTEN)

    assert page.sections[0].body.count("\n\n") == 1  # two paragraphs
    assert "* Stand near the coffee, where people linger\n* Join groups" in page.sections[1].body


def test_image_without_alt_text_gets_one_from_its_file_name_and_a_note():
    page = read_page(HANDWRITTEN)

    assert "![Handshake](images/handshake.png)" in page.sections[2].body
    assert [image.alt for image in page.images] == ["Handshake"]
    assert page.notes == [
        "image images/handshake.png has no alt text; “Handshake” was made from its name"
    ]


def test_title_falls_back_to_the_title_element():
    page = parse_html(
        b"<html><head><title>Hiring Your First Employee | Old Site</title></head>"
        b"<body><p>Write the job down before you advertise it. Then ask around.</p></body></html>"
    )

    assert page.title == "Hiring Your First Employee"
    assert page.summary == "Write the job down before you advertise it."


def test_summary_is_the_first_sentence_of_the_intro():
    page = parse_html(
        "<h1>Title</h1><p>Keep receipts in one place! Scan them monthly.</p><h2>A</h2><p>b</p>"
    )

    assert page.summary == "Keep receipts in one place!"


def test_text_that_looks_like_markdown_stays_text():
    html = (
        "<h1>T</h1><p>1999. A year of *stars* and _lines_, [brackets], &lt;b&gt;tags&lt;/b&gt;, "
        "&amp;copy; and a | pipe.</p><p># not a heading</p><p>- not a list</p>"
    )
    page = parse_html(html)

    assert shown_text(page.intro) == (
        "1999. A year of *stars* and _lines_, [brackets], <b>tags</b>, &copy; and a | pipe. "
        "# not a heading - not a list"
    )


def test_layout_tables_are_unwrapped_and_data_tables_kept():
    html = """<h1>Prices</h1>
    <table><tr><td><p>Compare the options below before you choose.</p>
    <table><tr><th>Plan</th><th>Price</th></tr><tr><td>Basic</td><td>10</td></tr>
    <tr><td>Plus</td><td>20</td></tr></table></td></tr></table>"""
    intro = parse_html(html).intro

    assert intro.startswith("Compare the options below before you choose.")
    assert "| Plan | Price |" in intro
    assert "| Basic | 10 |" in intro


def test_a_misleading_class_name_does_not_empty_the_page():
    html = """<body><div class="content-sidebar-wrap"><h1>Title</h1>
    <p>This paragraph is the article and it is long enough to be the main text here.</p>
    <div class="sidebar"><p>Sidebar text that should go.</p></div></div></body>"""
    page = parse_html(html)

    assert page.intro == (
        "This paragraph is the article and it is long enough to be the main text here."
    )


def test_section_heading_without_a_body_is_dropped():
    page = parse_html(
        "<h1>T</h1><p>Intro.</p><h2>Kept</h2><p>Text.</p><h2>Related pages</h2>"
        "<div class='related'><a href='a.html'>A</a></div>"
    )

    assert [section.heading for section in page.sections] == ["Kept"]


def test_markdown_page_title_sections_and_front_matter():
    page = parse_markdown(
        b"---\ndescription: A checklist for after the sale.\n---\n\n"
        b"# The Checklist\n\nIntro text.\n\n## First ##\n\nOne.\n\n"
        b"```\n## inside a code block\n```\n\n## Second\n\nTwo with [a link](other.md) "
        b"and ![a chart](img/chart.png).\n"
    )

    assert page.title == "The Checklist"
    assert page.summary == "A checklist for after the sale."
    assert page.intro == "Intro text."
    assert [section.heading for section in page.sections] == ["First", "Second"]
    assert "## inside a code block" in page.sections[0].body
    assert page.links == ["other.md"]
    assert [(image.src, image.alt) for image in page.images] == [("img/chart.png", "a chart")]


def test_markdown_page_without_a_title_heading_is_unreadable():
    with pytest.raises(UnreadablePage, match="no title"):
        parse_markdown(b"Just some text.\n\n## A section\n\nBody.\n")


def test_plain_text_page_title_sections_and_lists():
    page = parse_text(
        b"Writing a Plan\n\nA plan is for you first. Keep it\nshort.\n\n"
        b"What goes in it\n\nStart with one page.\n\n- Customers\n- Prices\n\n"
        b"Numbers\n\n1. Sales\n2. Costs\n\nSee https://www.example.com/plans for more."
    )

    assert page.title == "Writing a Plan"
    assert page.intro == "A plan is for you first. Keep it short."
    assert [section.heading for section in page.sections] == ["What goes in it", "Numbers"]
    assert page.sections[0].body == "Start with one page.\n\n* Customers\n* Prices"
    assert page.sections[1].body.startswith("1. Sales\n2. Costs\n\nSee [https://www.example.com")
    assert page.links == ["https://www.example.com/plans"]


def test_a_short_line_ending_in_a_full_stop_is_not_a_heading():
    page = parse_text(b"Title\n\nIntro.\n\nThis is short.\n\nAnd this follows it.\n")

    assert page.sections == []
    assert page.intro == "Intro.\n\nThis is short.\n\nAnd this follows it."


def test_old_windows_text_is_decoded():
    page = parse_text("Café prices\n\nThe “right” price.\n".encode("cp1252"))

    assert page.title == "Café prices"
    assert page.intro == "The “right” price."


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.html", b"GIF89a\x00\x01\x00\x00garbage", "not a text file"),
        ("empty.md", b"  \n\n", "the file is empty"),
        ("no-title.html", b"<html><body><div></div></body></html>", "no title"),
        ("chrome-only.html", b"<h1>T</h1><div id='footer'>Copyright 2005</div>", "no content"),
        ("styles.css", b"body { color: red }", "not a page"),
    ],
)
def test_broken_files_are_unreadable_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(UnreadablePage, match=reason):
        read_page(path)


def test_missing_file_is_unreadable(tmp_path):
    with pytest.raises(UnreadablePage, match="cannot read the file"):
        read_page(tmp_path / "gone.html")


def test_replace_urls_changes_only_link_and_image_destinations():
    text = (
        'See [prices](prices.html "Prices") and ![chart](img/c.png).\n'
        "prices.html is the old name.\n\n[ref]: prices.html\n"
    )
    urls = {"prices.html": "/marketing/prices/", "img/c.png": "/media/c.png"}

    assert replace_urls(text, urls) == (
        'See [prices](/marketing/prices/ "Prices") and ![chart](/media/c.png).\n'
        "prices.html is the old name.\n\n[ref]: /marketing/prices/\n"
    )


def test_plain_text_addresses_become_links_and_markup_stays_text():
    page = parse_text(
        b"Title\n\nWrite to ann@example.com or see www.example.com. <b>Bold?</b> & co.\n"
    )

    # A bare domain gets Django's default scheme for urlize (URLIZE_ASSUME_HTTPS).
    assert page.links[0] == "mailto:ann@example.com"
    assert page.links[1].endswith("://www.example.com") and len(page.links) == 2
    assert shown_text(page.intro) == (
        "Write to ann@example.com or see www.example.com. <b>Bold?</b> & co."
    )
