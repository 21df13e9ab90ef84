"""Read an old site's page file (HTML, Markdown or plain text) into an ImportedPage."""

from pathlib import Path

from articles.importing.html_pages import parse_html
from articles.importing.markdown_pages import parse_markdown
from articles.importing.page import UnreadablePage
from articles.importing.text_pages import UTF16_BOMS, parse_text, repeated_lines

MAX_PAGE_BYTES = 5 * 1024 * 1024

PARSERS = {
    ".html": parse_html,
    ".htm": parse_html,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".txt": parse_text,
}


def read_page(path, *, site_lines=frozenset()):
    """Read the .html/.htm, .md or .txt file at `path`; raise UnreadablePage if it is not one.

    Nothing is written: the page's title, summary, introduction and titled sections come back
    as Markdown, with the links and images it refers to as written in the page, and the names
    in its breadcrumb. In a .txt file, the lines in `site_lines` (see `repeated_text_lines`)
    are the old site's chrome.
    """
    path = Path(path)
    parse = PARSERS.get(path.suffix.lower())
    if parse is None:
        raise UnreadablePage(f"not a page: only {', '.join(sorted(PARSERS))} files are imported")
    data = read_data(path)
    if parse is parse_text:
        # A browser names the file it saves after the page's title: a hint for finding it.
        return parse_text(data, site_lines=site_lines, name=path.stem)
    return parse(data)


def read_data(path):
    """Return the bytes of a page file; raise UnreadablePage if it is empty, binary or too large."""
    try:
        if path.stat().st_size > MAX_PAGE_BYTES:
            raise UnreadablePage("too large for a page (over 5 MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadablePage(f"cannot read the file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise UnreadablePage("the file is empty")
    if b"\x00" in data[:8192] and not data.startswith(UTF16_BOMS):
        raise UnreadablePage("not a text file: it holds binary data")
    return data


def repeated_text_lines(paths):
    """Return the lines that repeat on most of the readable .txt pages among `paths`: pages
    saved from one site as text repeat its menus, boxes and footer on every page."""

    def texts():
        for path in map(Path, paths):
            if path.suffix.lower() == ".txt":
                try:
                    yield read_data(path)
                except UnreadablePage:
                    continue

    return repeated_lines(texts())
