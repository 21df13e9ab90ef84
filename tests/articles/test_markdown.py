from html.parser import HTMLParser

import pytest

from articles.markdown import render

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "table": {"tabindex"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "del", "sup", "sub",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


class TagCollector(HTMLParser):
    """Collect (tag, attributes) for every start tag, with entities already decoded."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html):
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def links(html):
    return [attrs for tag, attrs in parse(html) if tag == "a"]


def browser_url(value):
    """Return the URL lower-cased and cleaned up as a browser does before reading a scheme."""
    # WHATWG URL: tabs and newlines are dropped anywhere; control characters and spaces at
    # the ends. Other whitespace stays, so "java script:" is a harmless relative URL.
    url = "".join(char for char in value or "" if char not in "\t\n\r")
    return url.strip("".join(map(chr, range(33)))).lower()


def assert_safe(html):
    """Fail unless html holds only allowed tags and attributes, and no script URL."""
    assert "<script" not in html.lower()
    for tag, attrs in parse(html):
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()), (tag, name)
            if name in ("href", "src"):
                assert not browser_url(value).startswith(BAD_SCHEMES), (tag, value)


XSS_INPUTS = [
    # Script elements.
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1);//<</script>",
    "<svg><script>alert(1)</script></svg>",
    # Event handlers.
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    "<img src=x onerror\n=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="/ok" onclick="alert(1)">x</a>',
    '<a href="https://example.com" onmouseover="alert(1)">x</a>',
    "<details open ontoggle=alert(1)>x</details>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<svg onload=alert(1)>",
    "[<img src=x onerror=alert(1)>](https://example.com)",
    # javascript: in raw HTML links and images, with case, entity and whitespace tricks.
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="javas&Tab;cript:alert(1)">x</a>',
    '<a href="java&NewLine;script:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    '<a href="   javascript:alert(1)">x</a>',
    '<img src="javascript:alert(1)">',
    "<img src=JaVaScRiPt:alert(1)>",
    # Other dangerous schemes.
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    # Markdown links, images, references and autolinks.
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x]( javascript:alert(1) )",
    '[x](javascript:alert(1) "title")',
    "[x](<javascript:alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    # Style attributes and elements.
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    '<a href="https://example.com" style="position:fixed;top:0">x</a>',
    "<style>@import 'https://evil.example/x.css';</style>",
    # Embedding and forms.
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    # Comments, namespace confusion and broken markup.
    "<!-- <script>alert(1)</script> -->",
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="javascript:alert(1)"',
    "<img src=x onerror=alert(1)//",
    "<a <img src=x onerror=alert(1)>>x</a>",
    '<b title="x" lang="en" dir="rtl" id="main" class="big">x</b>',
]


@pytest.mark.parametrize("text", XSS_INPUTS)
def test_hostile_input_is_sanitised(text):
    assert_safe(render(text))


@pytest.mark.parametrize("text", XSS_INPUTS)
def test_hostile_input_inside_markdown_is_sanitised(text):
    assert_safe(render(f"## Heading\n\nSome *text* and {text} and more.\n\n- item {text}\n"))


def test_forbidden_elements_do_not_survive():
    html = render("\n\n".join(XSS_INPUTS)).lower()

    for name in ("script", "style", "iframe", "object", "embed", "form", "svg", "math"):
        assert f"<{name}" not in html


def test_headings_emphasis_and_lists_are_kept():
    html = render("## Plan\n\n### Steps\n\n*one* **two** ~~no~~\n\n- a\n- b\n\n3. c\n4. d\n")

    assert "<h2>Plan</h2>" in html
    assert "<h3>Steps</h3>" in html
    assert "<em>one</em> <strong>two</strong>" in html
    assert "<ul>\n<li>a</li>\n<li>b</li>\n</ul>" in html
    assert '<ol start="3">' in html


def test_level_one_heading_is_reduced_to_text():
    assert render("# Title") == "Title"


def test_links_and_images_are_kept():
    html = render('[About](/about/ "About us")\n\n![A chart](/media/chart.png "Sales")')

    assert parse(html) == [
        ("p", {}),
        ("a", {"href": "/about/", "title": "About us", "rel": "noopener noreferrer"}),
        ("p", {}),
        ("img", {"alt": "A chart", "src": "/media/chart.png", "title": "Sales", "loading": "lazy"}),
    ]


def test_table_keeps_alignment_as_attribute():
    html = render("| Item | Cost |\n| :--- | ---: |\n| Rent | 900 |\n")

    assert '<th align="left">Item</th>' in html
    assert '<td align="right">900</td>' in html
    assert "style" not in html


def test_table_can_take_keyboard_focus_so_it_can_be_scrolled_sideways():
    html = render("| Item | Cost |\n| --- | --- |\n| Rent | 900 |\n")

    assert html.startswith('<table tabindex="0">')


def test_fenced_code_is_escaped():
    html = render('```python\nprint("<b>hi</b>")\n```')

    assert html == '<pre><code>print("&lt;b&gt;hi&lt;/b&gt;")\n</code></pre>'


def test_allowed_raw_html_is_kept():
    html = render("H<sub>2</sub>O, E=mc<sup>2</sup>, <del>old</del>")

    assert html == "<p>H<sub>2</sub>O, E=mc<sup>2</sup>, <del>old</del></p>"


def test_html_comments_are_removed():
    assert render("before <!-- editor's note --> after") == "<p>before  after</p>"


@pytest.mark.parametrize(
    "url", ["https://example.com/", "http://example.com/", "HTTPS://EXAMPLE.COM/", "//example.com/"]
)
def test_external_links_get_noopener_noreferrer(url):
    assert links(render(f"[x]({url})"))[0]["rel"] == "noopener noreferrer"


@pytest.mark.parametrize("url", ["/about/", "about/", "#top", "?page=2", "mailto:ann@example.com"])
def test_internal_and_mail_links_get_the_same_rel(url):
    assert links(render(f"[x]({url})"))[0]["rel"] == "noopener noreferrer"


def test_raw_html_external_link_gets_rel_once():
    html = render('<a title="a > b" href="https://example.com" rel="opener">x</a>')

    assert links(html) == [
        {"title": "a > b", "href": "https://example.com", "rel": "noopener noreferrer"}
    ]


def test_autolink_gets_rel():
    assert links(render("<https://example.com>")) == [
        {"href": "https://example.com", "rel": "noopener noreferrer"}
    ]


def test_images_are_lazy_even_if_the_author_says_otherwise():
    html = render('<img src="/a.png" alt="a" loading="eager">')

    assert parse(html) == [("p", {}), ("img", {"src": "/a.png", "alt": "a", "loading": "lazy"})]


@pytest.mark.parametrize("text", ["", None])
def test_empty_input_renders_empty_string(text):
    assert render(text) == ""
