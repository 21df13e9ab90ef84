from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Category
from smallbiz.cache import for_version


def menu_categories():
    return list(Category.objects.filter(show_in_menu=True).only("name", "slug"))


def site(request):
    """Add the site's name and its menu categories to every template."""
    return {
        "site_name": settings.SITE_NAME,
        # Lazy, so pages that never draw the menu (feeds, errors) do not look it up; kept
        # per content version, so it is read once per edit rather than once per request.
        "menu_categories": SimpleLazyObject(
            lambda: for_version(request, "menu_categories", menu_categories)
        ),
    }
