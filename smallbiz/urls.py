from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from articles import sitemaps as articles_sitemaps
from newsletter import sitemaps as newsletter_sitemaps
from smallbiz import views

# The sections of /sitemap.xml, in order.
SITEMAPS = {
    "fixed-pages": articles_sitemaps.FixedPagesSitemap,
    "categories": articles_sitemaps.CategorySitemap,
    "articles": articles_sitemaps.ArticleSitemap,
    "pages": articles_sitemaps.PageSitemap,
    "newsletter": newsletter_sitemaps.NewsletterPagesSitemap,
    "back-issues": newsletter_sitemaps.IssueSitemap,
}

handler404 = "smallbiz.views.page_not_found"
handler500 = "smallbiz.views.server_error"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("newsletter/", include("newsletter.urls")),
    path("promos/", include("promos.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
