from django.apps import AppConfig


class PromosConfig(AppConfig):
    name = "promos"
    verbose_name = "Promotions"

    def ready(self):
        from promos import checks  # noqa: F401 - registers the system checks
