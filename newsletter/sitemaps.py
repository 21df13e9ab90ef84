"""The e-zine's part of /sitemap.xml: the subscribe page, the archive and each back issue."""

from django.urls import reverse

from articles.sitemaps import PublicSitemap
from newsletter.models import Issue


class NewsletterPagesSitemap(PublicSitemap):
    def items(self):
        return ["newsletter:subscribe", "newsletter:archive", "newsletter:privacy"]

    def location(self, item):
        return reverse(item)


class IssueSitemap(PublicSitemap):
    def items(self):
        return list(Issue.objects.sent().order_by("-sent_at", "-pk").only("sent_at"))

    def lastmod(self, issue):
        return issue.sent_at
