from django import template

from articles import images

register = template.Library()


@register.filter
def srcset(renditions):
    """Return an <img srcset> value listing each rendition's URL and width."""
    return images.srcset(renditions)
