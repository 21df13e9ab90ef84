"""Validators shared by the articles models and forms."""

from django.core.exceptions import ValidationError

# Top-level paths the site already uses; a category with one of these slugs would hide them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "blog",
        "feed",
        "healthz",
        "media",
        "newsletter",
        "pages",
        "robots.txt",
        "search",
        "site-index",
        "sitemap.xml",
        "static",
    }
)


def validate_category_slug(value):
    """Refuse a category slug that would shadow one of the site's fixed paths."""
    if value.lower() in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is already used by the site itself (/%(slug)s/). Choose another slug.",
            code="reserved_slug",
            params={"slug": value},
        )
