from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and categories"

    def ready(self):
        from articles import publishing

        publishing.connect()
