"""The sections of /sitemap.xml: fixed pages, categories, published articles, stand-alone pages.

Every section lists its items in one query (a list, not a queryset the paginator would count
first), and every URL is made from settings.SITE_URL, the site's public address.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Category, Page


class PublicSitemap(Sitemap):
    """A sitemap whose URLs start with settings.SITE_URL, whatever host was asked."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class FixedPagesSitemap(PublicSitemap):
    def items(self):
        return ["articles:index", "articles:site_index", "articles:blog"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(PublicSitemap):
    def items(self):
        return list(Category.objects.only("slug"))


class ArticleSitemap(PublicSitemap):
    def items(self):
        return list(
            Article.objects.published()
            .select_related("category")
            .only("slug", "updated_at", "category__slug")
            .order_by("category__position", "category__name", "slug")
        )

    def lastmod(self, article):
        return article.updated_at


class PageSitemap(PublicSitemap):
    def items(self):
        # The "home" page is the home page's introduction, shown at /.
        return list(Page.objects.exclude(slug="home").only("slug", "updated_at"))

    def lastmod(self, page):
        return page.updated_at
