from django.apps import AppConfig


class PromosConfig(AppConfig):
    name = "promos"
    verbose_name = "Promotions"

    def ready(self):
        from promos import checks  # noqa: F401 - registers the system checks
        from promos.models import Promo
        from smallbiz.cache import clear_pages_on_change

        # Promos are part of the cached article pages.
        clear_pages_on_change(Promo, Promo.categories.through, Promo.articles.through)
