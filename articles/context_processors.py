from articles.models import Category


def menu(request):
    """Add the categories listed in the main menu, in menu order.

    A lazy QuerySet: pages that never draw the menu (feeds, errors) never read it.
    """
    return {"menu_categories": Category.objects.filter(show_in_menu=True).only("name", "slug")}
