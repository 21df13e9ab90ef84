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
        "promos",
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


# Paths under a category that the site already uses: /<category>/feed/ is its feed.
RESERVED_ARTICLE_SLUGS = frozenset({"feed"})


def validate_article_slug(value):
    """Refuse an article slug that would shadow a path inside its category."""
    if value.lower() in RESERVED_ARTICLE_SLUGS:
        raise ValidationError(
            "“%(slug)s” is already used inside every category (/<category>/%(slug)s/). "
            "Choose another slug.",
            code="reserved_slug",
            params={"slug": value},
        )


def validate_site_path(value):
    """Accept only a path on this site: /like/this/ or /like-this.html, not a full URL."""
    if not value.startswith("/") or value.startswith("//") or any(c.isspace() for c in value):
        raise ValidationError(
            "Enter a path on this site that starts with /, such as /marketing/pricing/.",
            code="invalid_path",
        )
