from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.views import categories_by_slug
from smallbiz.cache import for_version


def menu_categories(request):
    categories = categories_by_slug(request).values()
    return [category for category in categories if category.show_in_menu]


def site(request):
    """Add the site's name and its menu categories to every template."""
    return {
        "site_name": settings.SITE_NAME,
        # Lazy, so pages that never draw the menu (feeds, errors) do not look it up; kept
        # per content version, so it is read once per edit rather than once per request.
        "menu_categories": SimpleLazyObject(
            lambda: for_version(request, "menu_categories", lambda: menu_categories(request))
        ),
    }
