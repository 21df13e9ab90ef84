"""Read a plain-text page, such as one a browser saved as text: its title, headings,
paragraphs and lists, without the old site's menus, boxes and footer, with hard wraps undone."""

import re
from collections import Counter

from bs4 import BeautifulSoup
from django.utils.html import escape, urlize

from articles.importing.chrome import (
    CUE_TEXT_LENGTH,
    FORM_LINE,
    MENU_ITEM_WORDS,
    chrome_kind,
    is_menu_line,
)
from articles.importing.html_pages import CRUMB_SEPARATOR
from articles.importing.page import (
    TITLE_LENGTH,
    UnreadablePage,
    normalize_space,
    shorten,
    summary_of,
)
from articles.importing.sections import page_from_content

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

LIST_ITEM = re.compile(r"^\s*(?:[-*•·+o]|\d{1,3}[.)])\s+(.*)$")
NUMBERED_ITEM = re.compile(r"^\s*\d{1,3}[.)]\s")
UNDERLINE = re.compile(r"^\s*(?:={3,}|-{3,})\s*$")
SENTENCE_PUNCTUATION = (".", ",", ";", ":")

HEADING_LENGTH = 80
TITLE_LINE_LENGTH = 150
# A block whose lines are all this short is a column of separate lines (a sidebar, a box's
# labels), not a paragraph wrapped at the window's edge.
SHORT_LINE = 40
# With at least REPEATS_MIN_PAGES text pages imported together, a line found on at least
# REPEATED_PERCENT of them is the site's, not the page's.
REPEATS_MIN_PAGES = 3
REPEATED_PERCENT = 60
# Text wrapped at a fixed width has many lines of WRAPPED_LENGTH to RUN_ON_LENGTH characters;
# text that was not has paragraphs on lines longer than that.
WRAPPED_LENGTH = 60
RUN_ON_LENGTH = 100
# A line this short between two pieces of a box belongs to it ("Our e-zine comes monthly.").
BOX_LINE_LENGTH = 100
# Four or more short heading lines before the title are a menu, one item a line.
MENU_ITEMS = 4
MENU_ITEM_LENGTH = 3  # words

# A byline or date line under a title: "Posted on May 12, 2009 by admin", "By Ann Lee".
BYLINE = re.compile(
    r"^\s*((?i:posted|published|written|last updated|updated)( on| by|:)"
    r"|[Bb]y [A-Z]\w*( [A-Z]\w*)*\s*$"
    r"|([A-Z][a-z]+ \d{1,2}, |\d{1,2} [A-Z][a-z]+ )(19|20)\d\d\s*$)"
)
# The boxes that a heading above them, and a line of their own text, go with.
BOX_KINDS = {"search box", "e-zine box", "feed buttons", "share buttons", "e-book offer"}
REPEATED = "repeated on most pages"
BANNER = "banner"
BYLINE_KIND = "byline"
MENU = "menu"
BREADCRUMB = "breadcrumb"  # a kind of chrome.CHROME_CUES
FORM = "form fields"


def decode_text(data):
    """Return the text of a file: UTF-8 (or UTF-16 with a byte-order mark), else Windows-1252."""
    if isinstance(data, str):
        text = data
    elif data.startswith(UTF16_BOMS):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # What Notepad and most old Windows editors wrote.
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def line_key(line):
    return normalize_space(line).casefold()


def repeated_lines(texts):
    """Return the lines (as `line_key` gives them) found on at least REPEATED_PERCENT of the
    pages in `texts` (bytes or str), if there are at least REPEATS_MIN_PAGES of them."""
    pages, counts = 0, Counter()
    for text in texts:
        pages += 1
        counts.update({line_key(line) for line in decode_text(text).split("\n") if line.strip()})
    if pages < REPEATS_MIN_PAGES:
        return frozenset()
    return frozenset(
        line for line, count in counts.items() if count * 100 >= REPEATED_PERCENT * pages
    )


def parse_text(data, *, site_lines=frozenset(), name=""):
    """Read a plain-text page.

    The site's chrome goes first: menu lines ("Home | Blog | Contact"), short boxes that say
    what a site's furniture says ("Search This Site", an e-zine box and its privacy line,
    "Add to My Yahoo!", copyright lines), the labels of their forms, a heading left alone
    above such a box, and the lines in `site_lines` (see `repeated_lines`). The title is
    the last heading line before the first paragraph, unless the file's `name` or the
    breadcrumb names another; menus, banners and bylines around it are left out. A short
    line without a closing full stop, followed by a paragraph, starts a section (so does a
    line underlined with === or ---). Lines starting with a bullet (-, *, •) or a number
    (1. or 1)) are kept as lists. Text that was not wrapped (`runs_on`) is read a line at a
    time. What was left out is listed in the page's `dropped`, as (kind, text).
    """
    text = decode_text(data)
    if runs_on(text):
        blocks = [[line] for line in text.split("\n")]
    else:
        blocks = [block.split("\n") for block in re.split(r"\n[ \t]*\n", text)]
    blocks = [[line.rstrip() for line in block if line.strip()] for block in blocks]
    blocks = split_headings([block for block in blocks if block])
    if not blocks:
        raise UnreadablePage("the file is empty")
    dropped = []
    blocks = remove_chrome(blocks, site_lines, dropped)
    title, blocks = take_title(blocks, name, dropped)
    blocks = join_lists(blocks)

    # The text is written out as HTML, so that it goes the way of an HTML page's article.
    html = [f"<h1>{escape(title)}</h1>"]
    for index, lines in enumerate(blocks):
        next_block = blocks[index + 1] if index + 1 < len(blocks) else None
        if len(lines) == 2 and UNDERLINE.match(lines[1]):
            html.append(f"<h2>{escape(lines[0].strip())}</h2>")
        elif is_heading(lines) and next_block and not is_heading(next_block):
            html.append(f"<h2>{escape(lines[0].strip())}</h2>")
        else:
            html.extend(text_block_html(lines))
    soup = BeautifulSoup("<body>" + "".join(html) + "</body>", "lxml")
    page = page_from_content(soup.body, soup.body.h1)
    page.title = shorten(title, TITLE_LENGTH)
    page.summary = summary_of("", page)
    page.dropped = dropped
    page.breadcrumb = next((crumb_names(text) for kind, text in dropped if kind == BREADCRUMB), [])
    if not (page.intro or page.sections):
        raise UnreadablePage("no content: nothing but site furniture was found under the title")
    return page


def runs_on(text):
    """Return True if the text was not wrapped at a fixed width (as text copied from a browser
    is not): then each line is a paragraph, a heading or a list item of its own.

    Wrapped text has full lines whose sentence goes on, in lower case, on the next line; text
    that is not has paragraphs on lines longer than any wrapped line.
    """
    lines = [line.strip() for line in text.split("\n")]
    long_lines = sum(len(line) > RUN_ON_LENGTH and not is_menu_line(line) for line in lines)
    wrapped = sum(
        WRAPPED_LENGTH <= len(line) <= RUN_ON_LENGTH and following[:1].islower()
        for line, following in zip(lines, lines[1:], strict=False)
    )
    return long_lines > wrapped


def is_heading(lines, length=HEADING_LENGTH):
    """Return True if a block could be a heading: one short line, not a sentence or a list
    item (or a line underlined with === or ---)."""
    if len(lines) == 2 and UNDERLINE.match(lines[1]):
        return True
    line = lines[0].strip()
    return (
        len(lines) == 1
        and len(line) <= length
        and not line.endswith(SENTENCE_PUNCTUATION)
        and not LIST_ITEM.match(line)
    )


def split_headings(blocks):
    """Return the blocks with a heading written right above its paragraph (no blank line
    between them, as text copied from a browser often is) made a block of its own."""
    split = []
    for block in blocks:
        if len(block) > 1 and not is_column(block) and is_title_above_text(block):
            split += [block[:1], block[1:]]
        else:
            split.append(block)
    return split


def crumb_names(text):
    """Return the names in a breadcrumb line: "Home > Networking > Social Networks"."""
    text = re.sub(r"^\s*you are here:?\s*", "", text, flags=re.IGNORECASE)
    return [name for name in CRUMB_SEPARATOR.split(text) if name]


def is_menu_column(block):
    """Return True for menu items saved one a line: three or more, each a few words."""
    return len(block) >= 3 and all(
        len(line.split()) <= MENU_ITEM_WORDS
        and not line.strip().endswith(SENTENCE_PUNCTUATION)
        and not LIST_ITEM.match(line)
        for line in block
    )


def is_list(lines):
    return bool(LIST_ITEM.match(lines[0]))


def remove_chrome(blocks, site_lines, dropped):
    """Return the blocks without the site's chrome; add what goes to `dropped` as (kind, line)."""
    kinds = [block_chrome(block, site_lines) for block in blocks]
    # A repeated heading over the page's own paragraph is the page's ("Summary", say).
    for index, block in enumerate(blocks[:-1]):
        if kinds[index] == [REPEATED] and is_heading(block):
            if not is_heading(blocks[index + 1]) and not any(kinds[index + 1]):
                kinds[index] = [None]
    # Below the first paragraph, a heading standing alone above a box goes with it ("Small
    # Business Matters" above the e-zine's form), unless the page's own text follows the box.
    first_paragraph = next(
        (
            index
            for index, block in enumerate(blocks)
            if not any(kinds[index]) and not is_heading(block, TITLE_LINE_LENGTH)
        ),
        len(blocks),
    )
    for index, block in enumerate(blocks):
        if index < first_paragraph or any(kinds[index]) or not is_heading(block):
            continue
        after = index + 1
        while after < len(kinds) and all(kinds[after]):
            after += 1
        box_lines = sum(map(len, blocks[index + 1 : after]))
        if (
            box_lines >= 2
            and kinds[index + 1][0] in BOX_KINDS
            and (after == len(blocks) or is_heading(blocks[after]))
        ):
            kinds[index] = [kinds[index + 1][0]]

    # A short line between two pieces of the same box is part of it.
    for index in range(1, len(blocks) - 1):
        before, after = kinds[index - 1][-1], kinds[index + 1][0]
        if (
            not any(kinds[index])
            and len(normalize_space(" ".join(blocks[index]))) <= BOX_LINE_LENGTH
            and before in BOX_KINDS
            and after in (before, FORM)
        ):
            kinds[index] = [before] * len(blocks[index])

    kept, box = [], None
    for block, block_kinds in zip(blocks, kinds, strict=True):
        if len(set(block_kinds)) == 1 and block_kinds[0] not in (None, FORM) and len(block) > 1:
            if not is_column(block):  # a wrapped paragraph is reported whole
                box = block_kinds[0] if block_kinds[0] != REPEATED else box
                dropped.append((block_kinds[0], normalize_space(" ".join(block))))
                continue
        lines = []
        for line, kind in zip(block, block_kinds, strict=True):
            if kind is None:
                lines.append(line)
                box = None
                continue
            if kind == FORM:
                kind = box or FORM  # a label belongs to the box above it
            elif kind != REPEATED:
                box = kind
            dropped.append((kind, normalize_space(line)))
        if lines:
            kept.append(lines)
    return kept


def block_chrome(block, site_lines):
    """Return the kind of chrome each of a block's lines is, None for the page's own."""
    kinds = [MENU if is_menu_line(line) else None for line in block]
    text = normalize_space(" ".join(block))
    if is_column(block):
        for number, line in enumerate(block):
            if kinds[number] is None:
                kinds[number] = line_chrome(line, site_lines)
    elif len(text) <= CUE_TEXT_LENGTH and (kind := chrome_kind(text)):
        kinds = [kind] * len(block)
    elif all(line_key(line) in site_lines for line in block):
        kinds = [REPEATED] * len(block)
    return kinds


def is_column(block):
    """Return True for a block of separate lines rather than a paragraph wrapped over several."""
    return len(block) == 1 or all(len(line.strip()) <= SHORT_LINE for line in block)


def line_chrome(line, site_lines):
    if len(line) <= CUE_TEXT_LENGTH and (kind := chrome_kind(line)):
        return kind
    if FORM_LINE.match(line):
        return FORM
    if line_key(line) in site_lines:
        return REPEATED
    return None


def take_title(blocks, name, dropped):
    """Return the page's title and the blocks after it; menus and banners before it go to
    `dropped`."""
    while blocks and is_menu_column(blocks[0]):
        dropped.extend((MENU, normalize_space(line)) for line in blocks.pop(0))
    first_paragraph = next(
        (index for index, block in enumerate(blocks) if not is_heading(block, TITLE_LINE_LENGTH)),
        len(blocks),
    )
    if first_paragraph == 0:
        if blocks and len(blocks[0]) > 1 and is_title_above_text(blocks[0]):
            return blocks[0][0].strip(), [blocks[0][1:], *blocks[1:]]
        raise UnreadablePage(
            "no title found: the page should start with its title on a line of its own"
            + ("" if blocks else " (nothing but site furniture was found)")
        )
    candidates = [block[0].strip() for block in blocks[:first_paragraph]]
    chosen = choose_title(candidates, name, dropped)
    menu = menu_run(candidates[:chosen])
    left_out = [
        (BYLINE_KIND if BYLINE.match(text) else MENU if number in menu else BANNER, text)
        for number, text in enumerate(candidates[:chosen])
    ]
    # Bylines between the title and the text go too.
    after = chosen + 1
    while after < first_paragraph and BYLINE.match(candidates[after]):
        left_out.append((BYLINE_KIND, candidates[after]))
        after += 1
    top = next(
        (number for number, (kind, _) in enumerate(dropped) if kind not in (MENU, BREADCRUMB)),
        len(dropped),
    )
    dropped[top:top] = left_out
    return candidates[chosen], blocks[after:]


def menu_run(candidates):
    """Return the indexes of the candidates that are a menu saved one item a line: runs of
    MENU_ITEMS or more lines of at most MENU_ITEM_LENGTH words."""
    menu, run = set(), []
    for number, text in enumerate([*candidates, ""]):
        if text and len(text.split()) <= MENU_ITEM_LENGTH:
            run.append(number)
            continue
        if len(run) >= MENU_ITEMS:
            menu.update(run)
        run = []
    return menu


def is_title_above_text(lines):
    """Return True if a block's first line is a title written right above its text, rather
    than the first line of a wrapped paragraph (which runs as long as the lines after it)."""
    first = lines[0].strip()
    return is_heading([first], TITLE_LINE_LENGTH) and len(first) <= 0.75 * max(
        len(line.strip()) for line in lines[1:]
    )


def choose_title(candidates, name, dropped):
    """Return the index of the title among the heading lines before the first paragraph: the
    one the file's name or the breadcrumb names, else the last one that is not a menu item."""
    # Two words or more of the name, at least half of them: "page.txt" or "index.txt" says
    # nothing, "define-social-networks.txt" does.
    name_words = {word for word in words(name) if len(word) > 2}
    scores = [len(name_words & set(words(candidate))) for candidate in candidates]
    best = max(scores)
    if best >= 2 and best * 2 >= len(name_words):
        return scores.index(best)
    crumbs = [crumb_names(text) for kind, text in dropped if kind == BREADCRUMB]
    if crumbs and crumbs[0]:
        for index, candidate in enumerate(candidates):
            if words(candidate) == words(crumbs[0][-1]):
                return index
    menu = menu_run(candidates)
    return max(
        (
            index
            for index, candidate in enumerate(candidates)
            if index not in menu and not BYLINE.match(candidate)
        ),
        default=0,
    )


def words(text):
    return re.findall(r"[a-z0-9]+", text.casefold())


def join_lists(blocks):
    """Return the blocks with lists split by blank lines between their items joined."""
    joined = []
    for block in blocks:
        if (
            joined
            and is_list(block)
            and is_list(joined[-1])
            and all(LIST_ITEM.match(line) or line.startswith((" ", "\t")) for line in joined[-1])
            and bool(NUMBERED_ITEM.match(block[0])) == bool(NUMBERED_ITEM.match(joined[-1][0]))
        ):
            joined[-1] = joined[-1] + block
        else:
            joined.append(block)
    return joined


def text_block_html(lines):
    """Return HTML for a block of plain-text lines: paragraphs and lists, hard wraps undone.

    The text is escaped, and its web and e-mail addresses become links.
    """
    html, paragraph, items, numbered = [], [], [], False

    def close_paragraph():
        if paragraph:
            html.append(f"<p>{urlize(' '.join(paragraph), autoescape=True)}</p>")
            paragraph.clear()

    def close_list():
        if items:
            tag = "ol" if numbered else "ul"
            html.append(f"<{tag}>")
            html.extend(f"<li>{urlize(item, autoescape=True)}</li>" for item in items)
            html.append(f"</{tag}>")
            items.clear()

    for line in lines:
        if match := LIST_ITEM.match(line):
            close_paragraph()
            if items and numbered != bool(NUMBERED_ITEM.match(line)):
                close_list()
            numbered = bool(NUMBERED_ITEM.match(line))
            items.append(match.group(1).strip())
        elif items and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()  # an item wrapped onto the next line
        else:
            close_list()
            paragraph.append(line.strip())
    close_paragraph()
    close_list()
    return html
