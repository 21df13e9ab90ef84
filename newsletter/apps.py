from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = "E-zine"

    def ready(self):
        from newsletter.models import Issue, PrivacyNotice
        from smallbiz.cache import clear_pages_on_change

        # Every page shows the privacy notice beside its subscribe box; the archive lists
        # the sent issues.
        clear_pages_on_change(PrivacyNotice, Issue, Issue.articles.through)
