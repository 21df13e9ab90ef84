"""RSS and Atom feeds of the newest published articles, for the site and for each category.

Links are absolute URLs made from settings.SITE_URL, the site's public address, rather than
from whatever host name a request arrived with. Dates are in the site's time zone, so the
feed page (static/feeds/feed.xsl) shows the day the site's own pages show.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, Stylesheet
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator

from articles.metadata import absolute_url
from articles.models import Article, Category

FEED_LENGTH = 20
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class PublisherMixin:
    """Name the site in the feed as its Dublin Core publisher.

    The feed page's header shows it, linking home: a category feed's title names the category
    too, and an XSL stylesheet cannot ask Django for the site's name.
    """

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("dc:publisher", self.feed["publisher"], {"xmlns:dc": DUBLIN_CORE})


class SiteRssFeed(PublisherMixin, Rss201rev2Feed):
    """RSS 2.0 that names the site's publisher."""


class StyledAtom1Feed(PublisherMixin, Atom1Feed):
    """Atom 1.0 with the feed's stylesheets, which Django's own writes for RSS only, and its
    publisher."""

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        # As RssFeed does: after the XML declaration, before the first element.
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", stylesheet)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")


class LatestArticlesFeed(Feed):
    """RSS 2.0: the newest published articles on the whole site.

    Every feed names an XSL stylesheet: a browser that opens it shows a page explaining
    what a feed is, with the articles listed; feed readers ignore it.
    """

    feed_type = SiteRssFeed

    def stylesheets(self):
        return [Stylesheet(static("feeds/feed.xsl"), mimetype="text/xsl")]

    def feed_extra_kwargs(self, obj):
        return {"publisher": settings.SITE_NAME}

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Feed writes the XML into the response in hundreds of small pieces, and gunicorn
        # sends each piece in its own packet, cached or not: send the feed in one.
        response.content = response.content
        # Browsers show application/rss+xml and atom+xml as plain text or as a download,
        # never through the stylesheet; as application/xml they apply it. Feed readers go by
        # the document, not the type, and the pages' <link rel="alternate"> keep the types.
        response.headers["Content-Type"] = f"application/xml; charset={settings.DEFAULT_CHARSET}"
        return response

    def title(self):
        return settings.SITE_NAME

    def description(self):
        return f"The newest small-business advice from {settings.SITE_NAME}."

    def link(self):
        return absolute_url(reverse("articles:index"))

    def feed_url(self):
        return absolute_url(reverse("articles:rss_feed"))

    def author_name(self):
        return settings.SITE_NAME

    def articles(self):
        return Article.objects.published().newest_first().select_related("category", "author")

    def items(self):
        return self.articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers treat a description as HTML; the summary is plain text, so escape it.
        return escape(item.summary)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item):
        return timezone.localtime(item.published_at)

    def item_updateddate(self, item):
        return timezone.localtime(item.updated_at)

    def item_author_name(self, item):
        if item.author:
            return item.author.get_full_name() or item.author.get_username()
        return settings.SITE_NAME

    def item_categories(self, item):
        return [item.category.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """Atom 1.0: the same articles as the RSS feed."""

    feed_type = StyledAtom1Feed

    def subtitle(self):
        return self.description()

    def feed_url(self):
        return absolute_url(reverse("articles:atom_feed"))


class CategoryFeed(LatestArticlesFeed):
    """RSS 2.0: the newest published articles in one category."""

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{category.name} — {settings.SITE_NAME}"

    def description(self, category):
        return f"The newest {category.name.lower()} advice from {settings.SITE_NAME}."

    def link(self, category):
        return absolute_url(category.get_absolute_url())

    def feed_url(self, category):
        return absolute_url(reverse("articles:category_feed", kwargs={"slug": category.slug}))

    def items(self, category):
        return self.articles().filter(category=category)[:FEED_LENGTH]
