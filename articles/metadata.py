"""What search engines, feed readers and link previews read: absolute URLs and JSON-LD.

Absolute URLs are made from settings.SITE_URL, the site's public address, never from the
host name a request arrived with. JSON-LD is built here as Python data and serialised by
`json_ld()`, which escapes <, > and & so the data cannot end its <script> element early.
"""

import json
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SCHEMA_ORG = "https://schema.org"
# The rendition shown when a page is shared: the widest not wider than this.
SHARE_IMAGE_WIDTH = 1200
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute_url(url):
    """Return the public URL for a path on this site (an absolute URL is returned as is)."""
    return urljoin(f"{settings.SITE_URL}/", url)


def share_image(renditions):
    """Return the rendition (url, width, height) to show when a page is shared, or None."""
    if not renditions:
        return None
    fitting = [r for r in renditions if r["width"] <= SHARE_IMAGE_WIDTH]
    rendition = max(fitting, key=lambda r: r["width"]) if fitting else renditions[0]
    return {
        "url": absolute_url(default_storage.url(rendition["name"])),
        "width": rendition["width"],
        "height": rendition["height"],
    }


def json_ld(data):
    """Return `data` as a <script type="application/ld+json"> element, safe inside HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def publisher():
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute_url("/")}


def article_data(article):
    """Return schema.org Article data for an article page."""
    url = absolute_url(article.get_absolute_url())
    author = article.author
    if author and author.get_full_name():
        author_data = {"@type": "Person", "name": author.get_full_name()}
    else:
        author_data = publisher()
    data = {
        "@context": SCHEMA_ORG,
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "author": author_data,
        "publisher": publisher(),
        "articleSection": article.category.name,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    image = share_image(article.hero_renditions)
    if image:
        data["image"] = [image["url"]]
    return data


def breadcrumbs_data(category=None, title=None):
    """Return schema.org BreadcrumbList data for the breadcrumbs a page shows.

    It follows templates/includes/breadcrumbs.html: Home, then the category if any, then
    the page's own title, which is not a link there and has no URL here.
    """
    crumbs = [("Home", absolute_url(reverse("articles:index")))]
    if category:
        crumbs.append((category.name, absolute_url(category.get_absolute_url()) if title else None))
    if title:
        crumbs.append((title, None))
    items = []
    for position, (name, url) in enumerate(crumbs, start=1):
        item = {"@type": "ListItem", "position": position, "name": name}
        if url:
            item["item"] = url
        items.append(item)
    return {"@context": SCHEMA_ORG, "@type": "BreadcrumbList", "itemListElement": items}


def website_data():
    """Return schema.org WebSite data, with the site search as its SearchAction."""
    search_url = absolute_url(reverse("articles:search"))
    return {
        "@context": SCHEMA_ORG,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute_url(reverse("articles:index")),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search_url}?q={{search_term}}"},
            "query-input": "required name=search_term",
        },
    }
