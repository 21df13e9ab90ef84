from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Category


def site(request):
    """Add the site's name and its menu categories to every template."""
    return {
        "site_name": settings.SITE_NAME,
        # Lazy, so pages that never draw the menu (feeds, errors) run no query for it.
        "menu_categories": SimpleLazyObject(
            lambda: list(Category.objects.filter(show_in_menu=True).only("name", "slug"))
        ),
    }
