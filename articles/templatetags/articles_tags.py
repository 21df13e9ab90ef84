from django import template

from articles import images, metadata
from smallbiz.cache import for_version

register = template.Library()


@register.filter
def srcset(renditions):
    """Return an <img srcset> value listing each rendition's URL and width."""
    return images.srcset(renditions)


@register.filter
def absolute_url(url):
    """Return the public URL (from settings.SITE_URL) for a path on this site."""
    return metadata.absolute_url(url)


@register.filter
def share_image(renditions):
    """Return the rendition (url, width, height) for link previews, or None."""
    return metadata.share_image(renditions)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """Render schema.org Article data for the article as JSON-LD.

    It changes only when content does, so it is worked out once per content version.
    """
    return for_version(
        context.get("request"),
        ("article_json_ld", article.pk),
        lambda: metadata.json_ld(metadata.article_data(article)),
    )


@register.simple_tag
def breadcrumbs_json_ld(category=None, title=None):
    """Render schema.org BreadcrumbList data matching includes/breadcrumbs.html."""
    return metadata.json_ld(metadata.breadcrumbs_data(category, title))


@register.simple_tag
def website_json_ld():
    """Render schema.org WebSite data with the site search as a SearchAction."""
    return metadata.json_ld(metadata.website_data())
