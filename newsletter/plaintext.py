"""The text part of an issue: the note's sanitised HTML written out as a plain-text email.

A link reads as its words followed by its address in brackets, "keeping records
(https://…)"; emphasis loses its markers; headings are underlined; list items start with
"- " or "1. "; quotes with "> "; code keeps its lines. Paragraphs are wrapped at 72
characters, never inside an address.
"""

import re
from html.parser import HTMLParser
from urllib.parse import unquote

WIDTH = 72
BLOCKS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "table", "tr"}
HEADING = re.compile(r"^h[2-6]$")
# An address stands in the running text as a private-use character and its number, so that
# collapsing white space and wrapping lines see one word that nothing breaks.
ADDRESS = re.compile("\ue000(\\d+)\ue001")
# An address typed as text, not as a link: punctuation at its end belongs to the sentence.
TYPED_ADDRESS = re.compile(r"https?://[^\s<>()\[\]\"'`]*[^\s<>()\[\]\"'`.,;:!?]")


def from_html(html, link=None, width=WIDTH):
    """Return the text version of sanitised HTML (articles.markdown.render()'s output).

    `link(url)` gives the address to write for each http(s) link, such as a counted link's
    stand-in; such an address is taken to be longer than a line, so it gets a line of its
    own wherever the reader's copy puts it in.
    """
    writer = TextWriter(link, width)
    writer.feed(html)
    writer.close()
    return writer.text()


class TextWriter(HTMLParser):
    """Read the HTML once, writing each paragraph out as soon as it ends."""

    def __init__(self, link, width):
        super().__init__(convert_charrefs=True)
        self.link = link
        self.width = width
        self.lines = []
        # The paragraph being read: lines (split at <br>) of pieces of text.
        self.inline = [[]]
        self.addresses = []
        # Open quotes and list items: what starts their first line, and the lines after.
        self.margins = []
        self.lists = []
        self.anchors = []
        self.heading = None
        self.pre = None
        self.cells = 0
        self.blank_before = False

    # Reading

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS or tag == "hr":
            self.end_paragraph()
        if HEADING.match(tag):
            self.heading = tag
        elif tag == "blockquote":
            self.margins.append(Margin("> ", "> "))
        elif tag == "ul":
            self.lists.append(List())
        elif tag == "ol":
            start = attrs.get("start") or ""
            self.lists.append(List(int(start) if start.isdigit() else 1))
        elif tag == "li" and self.lists:
            items = self.lists[-1]
            # Items follow each other line by line, and a list inside an item follows its line.
            if len(self.lists) > 1 or items.count:
                self.blank_before = False
            marker = items.next_marker()
            self.margins.append(Margin(marker, " " * len(marker)))
        elif tag == "pre":
            self.pre = []
        elif tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.add(" | ")
            self.cells += 1
        elif tag == "br":
            self.inline.append([])
        elif tag == "img" and attrs.get("alt"):
            self.add(f"[{attrs['alt']}]")
        elif tag == "a":
            # Where the link's words begin: its line of the paragraph and its first piece.
            start = (len(self.inline) - 1, len(self.inline[-1]))
            self.anchors.append((attrs.get("href") or "", *start))
        elif tag == "hr":
            self.write(["* * *"])

    def handle_endtag(self, tag):
        if tag == "a" and self.anchors:
            self.end_link(*self.anchors.pop())
        elif tag == "pre" and self.pre is not None:
            code, self.pre = "".join(self.pre).strip("\n"), None
            self.write(["    " + line if line else "" for line in code.split("\n")])
        elif tag in BLOCKS:
            self.end_paragraph()
            if tag in ("blockquote", "li") and self.margins:
                self.margins.pop()
            elif tag in ("ul", "ol") and self.lists:
                self.lists.pop()
                self.blank_before = True
            elif tag == "tr":
                self.blank_before = False
            elif tag == "table":
                self.blank_before = True

    def handle_data(self, data):
        data = data.replace("\ue000", "").replace("\ue001", "")
        if self.pre is not None:
            self.pre.append(data)
        elif self.anchors:
            self.add(data)
        else:
            # Mail programs make a typed address a link in the text part, so it is counted too.
            self.add(TYPED_ADDRESS.sub(lambda match: self.typed_address(match[0]), data))

    def typed_address(self, url):
        counted = bool(self.link)
        return self.address(self.link(url) if counted else url, counted)

    def add(self, text):
        self.inline[-1].append(text)

    def end_link(self, href, line, piece):
        """Write the link's address after its words, or alone if its words are the address."""
        pieces = self.inline[line][piece:] if line == len(self.inline) - 1 else None
        words = " ".join("".join(pieces).split()) if pieces is not None else None
        counted = bool(self.link) and href.lower().startswith(("http://", "https://"))
        if counted:
            address = self.link(href)
        elif href.lower().startswith(("http://", "https://")):
            address = href
        elif href.lower().startswith("mailto:"):
            address = unquote(href[len("mailto:") :].split("?")[0])
        else:
            return
        if words is not None and words in (href, address, ""):
            del self.inline[line][piece:]
            self.add(self.address(address, counted))
        elif words != address:
            self.add(f" ({self.address(address, counted)})")

    def address(self, address, counted):
        self.addresses.append((address, counted))
        return f"\ue000{len(self.addresses) - 1}\ue001"

    # Writing

    def end_paragraph(self):
        """Write the paragraph read so far, wrapped, or as a heading."""
        paragraph = [" ".join("".join(pieces).split()) for pieces in self.inline]
        self.inline = [[]]
        paragraph = [line for line in paragraph if line]
        if not paragraph:
            return
        if self.heading:
            title = self.restore(" ".join(paragraph))
            self.write([title, ("=" if self.heading == "h2" else "-") * len(title)])
            self.heading = None
            return
        indent = sum(len(margin.rest) for margin in self.margins)
        width = max(self.width - indent, 20)
        self.write([self.restore(line) for part in paragraph for line in self.wrap(part, width)])

    def wrap(self, text, width):
        lines, words, used = [], [], 0
        for word in text.split(" "):
            size = self.measure(word)
            if words and used + 1 + size > width:
                lines.append(" ".join(words))
                words, used = [], 0
            used += size + (1 if words else 0)
            words.append(word)
        lines.append(" ".join(words))
        return lines

    def measure(self, word):
        if any(self.addresses[int(number)][1] for number in ADDRESS.findall(word)):
            return self.width
        return len(self.restore(word))

    def restore(self, text):
        return ADDRESS.sub(lambda match: self.addresses[int(match[1])][0], text)

    def write(self, lines):
        """Add lines inside the open quotes and list items, after a blank line if one is due."""
        if self.lines and self.blank_before:
            blank = "".join(margin.rest if margin.used else "" for margin in self.margins)
            self.lines.append(blank.rstrip())
        for line in lines:
            self.lines.append(("".join(margin.next() for margin in self.margins) + line).rstrip())
        self.blank_before = True

    def text(self):
        self.end_paragraph()
        return "\n".join(self.lines)


class List:
    """A list being read: bullets, or numbers from its start."""

    def __init__(self, start=None):
        self.start = start
        self.count = 0

    def next_marker(self):
        """Return the next item's marker: "- ", or its number."""
        self.count += 1
        if self.start is None:
            return "- "
        return f"{self.start + self.count - 1}. "


class Margin:
    """What starts the lines of a quote or list item: its marker on the first, then indent."""

    def __init__(self, first, rest):
        self.first, self.rest = first, rest
        self.used = False

    def next(self):
        if self.used:
            return self.rest
        self.used = True
        return self.first
