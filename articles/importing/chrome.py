"""Find and remove the site furniture in an article's container: menus, boxes, buttons, ads."""

import posixpath
import re
from urllib.parse import urlsplit

from articles.importing.page import normalize_space

# Site furniture by element: navigation, sidebars, footers and everything with a form control.
CHROME_TAGS = [
    "nav", "aside", "footer", "form", "input", "button", "select", "textarea", "label",
    "fieldset", "map", "dialog", "menu",
]  # fmt: skip
CHROME_ROLES = {"navigation", "search", "banner", "contentinfo", "complementary", "menu"}

# Site furniture by the words of its class or id ("sbi-ezine-box", "navBar", "sidebar").
CHROME_WORDS = {
    "nav", "navbar", "navigation", "menu", "menubar", "topmenu", "breadcrumb", "breadcrumbs",
    "crumbs", "crumb", "sidebar", "widget", "widgets", "footer", "search", "searchbox",
    "subscribe", "subscription", "newsletter", "ezine", "signup", "optin", "social", "share",
    "sharing", "sharedaddy", "addthis", "sharethis", "bookmark", "bookmarks", "syndication",
    "rss", "feed", "feeds", "promo", "promotion", "advert", "advertisement", "ads", "ad",
    "adsense", "sponsor", "sponsored", "banner", "comments", "comment", "respond", "related",
    "pagination", "pager", "byline", "meta", "postmetadata", "tags", "tagcloud", "cookie",
    "skip", "print", "copyright", "masthead", "toolbar", "screen",
}  # fmt: skip

# Words that mark a page header: dropped unless it holds the title or a section heading.
HEADER_WORDS = {"header", "logo", "branding", "tagline"}

# Short boxes with this text are site furniture (only in elements of at most CUE_TEXT_LENGTH),
# by the kind of box they belong to (the dry run groups what it leaves out by kind).
CHROME_CUES = {
    "search box": [
        r"\bsearch (this|our) (site|web ?site)\b|^\s*(site|custom) search\b",
    ],
    "feed buttons": [
        r"^\s*subscribe to this site\s*$",
        r"\badd to (my )?(yahoo|msn|aol|google|bloglines|newsgator)",
        r"\bsubscribe (with|in) (bloglines|newsgator|my ?aol|feedly|google reader)\b",
        r"\bwhat is rss\b|^\s*(rss|xml|atom)( (rss|feeds?))?\s*$|^\s*what('?s| is) this\??\s*$",
        r"\bsubscribe (to|via|with) (the |our |this )?(site'?s? )?(rss|feed)",
    ],
    "e-zine box": [
        # Subscribe boxes speak of "our" e-zine; advice speaks of "your" newsletter.
        r"\bsubscribe\b.{0,30}\b(to|for) (our|my|this site'?s?)\b",
        r"\bsubscribe (here|now|today)\b|\bsubscribe\b.{0,50}\be-?zine\b",
        r"\b(sign ?up|join|get)\b.{0,20}\b(our|my)\b.{0,20}\b(e-?zine|newsletter|mailing list)",
        r"\b(our|my) (free )?(monthly |weekly )?(e-?zine|newsletter)\b",
        # Their privacy notices.
        r"\byour (e-?mail|email address|e-mail address) (address )?(is|will be) "
        r"(totally |completely |100% |kept )?(safe|secure|private)",
        r"\bwe (respect|value) your privacy\b|\bused? (it )?only to send you\b",
        r"\b(we|i)('ll| will)? never (share|sell|rent|give|pass)\b.{0,40}\be-?mail",
        r"\byou (can|may) unsubscribe (at )?any ?time\b",
        r"^\s*(your )?(first name|e-?mail( address)?|name)\s*:?\*?\s*$",
    ],
    "footer": [
        r"©|\(c\)\s*\d{4}|\bcopyright\s+(©|\(c\)|\d{4})|\ball rights reserved\b",
        r"^\s*(proudly )?powered by\b|\bproudly powered by\b",
        r"\bsite ?build ?it\b|\bsitesell\b|\bsolo build it\b",
        r"^\s*(«|<<)?\s*(back|return|go back) (to|from)\b[^.!?]{0,100}$",
        r"\b(back to|return to) top\b|\btop of page\b",
        r"\byou are visitor\b|\bvisitors? (number|counter)\b|\bhit counter\b",
    ],
    "share buttons": [
        r"\bshare this (page|article|post)\b|\blike this (page|article)\??|\btell a friend\b",
        r"\bbookmark (this|us)\b|\bprint (this page|friendly|version)\b|\bfollow us\b",
        r"\be-?mail this page\b",
    ],
    "comments": [
        r"^\s*leave a (reply|comment)\b|\bbookmark the permalink\b",
        r"^\s*\d+ (responses|comments|replies) to\b",
    ],
    "breadcrumb": [r"^\s*(you are here:?\s*)?home\s*(>|»|›|→|::)"],
    "advertisement": [r"^\s*(advertisement|sponsored links?|ads by \w+)\s*$"],
    # E-book and product promotions.
    "e-book offer": [
        r"\bclick here to (order|buy|download|get|subscribe)\b",
        r"\b(my|our) (new |free |latest )?e-?books?\b",
        r"\be-?books?\b.{0,120}(only \$|\$\d|special offer|order (it |yours |your copy )?"
        r"(now|today|here)|buy (it |yours )?(now|today)|download (it |yours )?(now|today))",
        r"\b(buy|order|download|get) (it |your copy |my |our |the )?.{0,40}\be-?books?\b.{0,40}"
        r"(now|today|here|\$\d)",
    ],
}
CUE_KINDS = list(CHROME_CUES)
CHROME_TEXT = re.compile(
    "|".join(
        f"(?P<cue{number}>{'|'.join(CHROME_CUES[kind])})" for number, kind in enumerate(CUE_KINDS)
    ),
    re.IGNORECASE,
)

# What is left of a form in a page saved as text: its labels and buttons, each on a line.
FORM_LINE = re.compile(
    r"^\s*(go|search|submit|send|subscribe|sign ?up|join|ok|e-?mail( address)?|"
    r"(your )?(first |last )?name( \(optional\))?|enter your e-?mail( address)?( here)?|"
    r"\[[^\]]*\])\s*[:*]?\s*$",
    re.IGNORECASE,
)
# The separators of a menu saved as text: "Home Page | Blog | Managing | Contact".
MENU_SEPARATOR = re.compile(r"\s+[|·•]\s+")
MENU_ITEM_WORDS = 5
CUE_TEXT_LENGTH = 250
# An element holding most of the prose stays whatever its class says, once there is this
# much prose: on a page of a few words, a footer may well hold most of them.
GUARDED_PROSE = 200
# When a cue is found, the box around it goes too while it holds little else.
BOX_OTHER_TEXT = 80

# Links and images that are syndication buttons, share buttons or trackers.
CHROME_HREF = re.compile(
    r"add\.my\.yahoo|fusion\.google\.com/add|feedburner|bloglines\.com/sub|newsgator|"
    r"my\.msn\.com/addtomymsn|addthis\.com|sharethis\.com|facebook\.com/shar|twitter\.com/(share|"
    r"intent)|del\.icio\.us/post|digg\.com/submit|stumbleupon\.com/submit|reddit\.com/submit|"
    r"\.(rss|xml)$|/(feed|rss)/?$",
    re.IGNORECASE,
)
CHROME_IMAGE_WORDS = {
    "rss", "xml", "atom", "feed", "yahoo", "myyahoo", "addtomyyahoo", "msn", "newsgator",
    "bloglines", "subscribe", "spacer", "blank", "pixel", "transparent", "clear", "dot",
    "facebook", "twitter", "pinterest", "share", "bookmark", "ebook", "ezine", "paypal",
    "counter",
}  # fmt: skip

# Elements that a cue in their text takes away whole.
BLOCK_TAGS = {
    "address", "article", "blockquote", "center", "dd", "div", "dl", "dt", "figure",
    "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "ol", "p",
    "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip


def chrome_kind(text):
    """Return the kind of site furniture a short text belongs to ("search box", "footer"...),
    or None if it says nothing a site's furniture says."""
    match = CHROME_TEXT.search(text)
    if match is None:
        return None
    name = next(name for name, value in match.groupdict().items() if value is not None)
    return CUE_KINDS[int(name.removeprefix("cue"))]


def is_menu_line(line):
    """Return True for a line of menu items: "Home Page | Blog | Managing | Contact Us"."""
    items = MENU_SEPARATOR.split(line.strip())
    return len(items) >= 3 and all(0 < len(item.split()) <= MENU_ITEM_WORDS for item in items)


def cue_words(tag):
    """Return the words of a tag's class and id: "sbi-ezine-box navBar" gives sbi, ezine, box,
    nav, bar."""
    names = " ".join([*tag.get("class", []), tag.get("id") or ""])
    names = re.sub(r"([a-z])([A-Z])", r"\1 \2", names)
    return set(re.split(r"[^a-z0-9]+", names.lower())) - {""}


def is_chrome(tag):
    """Return True if a tag is site furniture by its element, role, class or id."""
    return (
        tag.name in CHROME_TAGS
        or (tag.get("role") or "").lower() in CHROME_ROLES
        or bool(cue_words(tag) & CHROME_WORDS)
    )


# The kind of box an element is, by its name, role, class and id words (first match wins):
# the dry run groups what it leaves out by kind.
STRUCTURE_KINDS = {
    "search box": {"search", "searchbox"},
    "e-zine box": {"subscribe", "subscription", "newsletter", "ezine", "signup", "optin"},
    "feed buttons": {"rss", "feed", "feeds", "syndication"},
    "share buttons": {
        "social", "share", "sharing", "sharedaddy", "addthis", "sharethis", "bookmark",
        "bookmarks", "print",
    },
    "menu": {
        "nav", "navbar", "navigation", "menu", "menubar", "topmenu", "breadcrumb",
        "breadcrumbs", "crumbs", "crumb", "pagination", "pager", "skip", "toolbar",
    },
    "footer": {"footer", "copyright", "contentinfo"},
    "banner": {"header", "logo", "branding", "tagline", "masthead", "banner"},
    "advertisement": {
        "promo", "promotion", "advert", "advertisement", "ads", "ad", "adsense", "sponsor",
        "sponsored",
    },
    "comments": {"comments", "comment", "respond"},
    "sidebar": {"aside", "sidebar", "widget", "widgets", "complementary", "related"},
    "form fields": {"form", "input", "button", "select", "textarea", "label", "fieldset"},
}  # fmt: skip


def structure_kind(tag):
    """Return the kind of box a chrome element is ("menu", "e-zine box"...), else "other"."""
    names = cue_words(tag) | {tag.name, (tag.get("role") or "").lower()}
    return next((kind for kind, words in STRUCTURE_KINDS.items() if names & words), "other")


def is_header(tag):
    return tag.name == "header" or bool(cue_words(tag) & HEADER_WORDS)


def prose_length(tag):
    """Return how much text a tag holds outside links: articles are prose, menus are links."""
    text = len(normalize_space(tag.get_text(" ")))
    links = sum(len(normalize_space(a.get_text(" "))) for a in tag.find_all("a"))
    return max(text - links, 0)


class Chrome:
    """Find and remove the site furniture inside an article's container.

    It goes by structure (nav, aside, footer, forms, class or id words such as "sidebar",
    "subscribe", "share"), by text (short boxes saying "Search This Site", "Add to My Yahoo!",
    "your e-mail address is totally secure", e-book offers, copyright lines) and by links to
    syndication services. An element that holds the main heading or most of the prose is
    never dropped, so one misleading class name cannot empty a page. What `remove()` takes
    out is listed in `dropped`, as (kind, text), for the dry run to show.
    """

    def __init__(self, root, heading):
        self.root = root
        self.heading = heading
        self.prose = prose_length(root)
        self.dropped = []  # (kind, text) of what was removed, in the order it was

    def remove(self):
        for tag in self.root.find_all(True):
            if tag.decomposed:
                continue
            if is_chrome(tag) or (is_header(tag) and not tag.find("h2")):
                self.drop(tag, structure_kind(tag))
        for img in self.root.find_all("img"):
            if not img.decomposed and self.is_chrome_image(img):
                self.drop_box(img, "buttons and pictures")
        for link in self.root.find_all("a", href=True):
            if not link.decomposed and CHROME_HREF.search(link["href"].strip()):
                self.drop_box(link, "buttons and pictures")
        # Innermost blocks first, so that a cue takes the smallest box that says it.
        for block in reversed(self.root.find_all(BLOCK_TAGS)):
            if block.decomposed:
                continue
            text = normalize_space(block.get_text(" "))
            if len(text) <= CUE_TEXT_LENGTH and (kind := chrome_kind(text)):
                self.drop_box(block, kind)
        for tag in self.root.find_all(["p", "div", "td", "ul", "center"]):
            if not tag.decomposed and is_link_bar(tag):
                self.drop(tag, "menu")

    def keeps(self, tag):
        """Return True if a tag must stay: it holds the title or most of a real article."""
        if self.heading is not None and (tag is self.heading or tag in self.heading.parents):
            return True
        if tag is self.root:
            return True
        return self.prose >= GUARDED_PROSE and prose_length(tag) > self.prose / 2

    def drop(self, tag, kind):
        if self.keeps(tag):
            return
        text = normalize_space(tag.get_text(" "))
        if not text and tag.name == "img":
            text = tag.get("alt") or posixpath.basename(urlsplit(tag.get("src", "")).path)
        if text:
            self.dropped.append((kind, text))
        tag.decompose()

    def drop_box(self, tag, kind):
        """Drop a tag, with the boxes around it that hold little else."""
        length = len(normalize_space(tag.get_text(" ")))
        while tag.parent is not None and tag.parent is not self.root and not self.keeps(tag.parent):
            parent_length = len(normalize_space(tag.parent.get_text(" ")))
            if parent_length - length >= BOX_OTHER_TEXT:
                break
            tag, length = tag.parent, parent_length
        self.drop(tag, kind)

    @staticmethod
    def is_chrome_image(img):
        if img.get("width") in ("0", "1") or img.get("height") in ("0", "1"):
            return True  # a tracking pixel or spacer
        name = posixpath.basename(urlsplit(img.get("src", "")).path).rsplit(".", 1)[0]
        words = set(re.split(r"[^a-z0-9]+", f"{name} {img.get('alt', '')}".lower()))
        return bool(words & CHROME_IMAGE_WORDS) or bool(
            CHROME_TEXT.search(img.get("alt", "") or "")
        )


def is_link_bar(tag):
    """Return True for a bar of links such as "Home | About | Contact"."""
    text = normalize_space(tag.get_text(" "))
    links = tag.find_all("a")
    if len(links) < 3 or len(text) > 400 or not re.search(r"[|·•]", text):
        return False
    link_text = sum(len(normalize_space(a.get_text(" "))) for a in links)
    return link_text >= 0.7 * len(re.sub(r"[\s|·•]", "", text))
