import functools
from types import MappingProxyType

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from articles.views import categories_by_slug
from smallbiz.cache import for_version

# The pages every page links to, by the name templates use: {{ site_urls.blog }}.
SITE_PAGES = {
    "home": ("articles:index",),
    "blog": ("articles:blog",),
    "site_index": ("articles:site_index",),
    "about": ("articles:page_detail", "about"),
    "search": ("articles:search",),
    "rss_feed": ("articles:rss_feed",),
    "atom_feed": ("articles:atom_feed",),
    "archive": ("newsletter:archive",),
    "privacy": ("newsletter:privacy",),
    "subscribe": ("newsletter:subscribe",),
}


def site_urls():
    """Return the addresses of SITE_PAGES, reversed once per URLconf and script prefix.

    The header, the footer and the subscribe forms link to them on every page; reversing
    them there cost a tenth of an uncached article page (docs/performance.md).
    """
    return _site_urls(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=16)
def _site_urls(urlconf, script_prefix):
    return MappingProxyType(
        {
            name: reverse(viewname, urlconf=urlconf, args=args)
            for name, (viewname, *args) in SITE_PAGES.items()
        }
    )


def menu_links(request):
    """Return (address, name) of each category in the menu, in order."""
    categories = categories_by_slug(request).values()
    return [(c.get_absolute_url(), c.name) for c in categories if c.show_in_menu]


def main_nav(path, menu):
    """Return the main menu as (address, name, is current) for the page at `path`: Home,
    Blog, the `menu` of (address, name) categories, About.

    Which entry is current is worked out here, so the template's loop only writes markup.
    """
    urls = site_urls()
    links = [(urls["home"], "Home"), (urls["blog"], "Blog"), *menu, (urls["about"], "About")]
    return [(url, name, url == path) for url, name in links]


def site(request):
    """Add the site's name, its fixed addresses and its menu to every template."""
    # Lazy, so pages that never draw the menu (feeds, errors) do not look it up; kept per
    # content version, so it is read once per edit rather than once per request.
    menu = SimpleLazyObject(lambda: for_version(request, "menu_links", lambda: menu_links(request)))
    return {
        "site_name": settings.SITE_NAME,
        "site_urls": site_urls(),
        "menu_links": menu,
        "main_nav": SimpleLazyObject(lambda: main_nav(request.path, menu)),
    }
