from django import template

from articles import images, metadata

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


@register.simple_tag
def article_json_ld(article):
    """Render schema.org Article data for the article as JSON-LD."""
    return metadata.json_ld(metadata.article_data(article))


@register.simple_tag
def breadcrumbs_json_ld(category=None, title=None):
    """Render schema.org BreadcrumbList data matching includes/breadcrumbs.html."""
    return metadata.json_ld(metadata.breadcrumbs_data(category, title))


@register.simple_tag
def website_json_ld():
    """Render schema.org WebSite data with the site search as a SearchAction."""
    return metadata.json_ld(metadata.website_data())
