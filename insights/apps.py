from django.apps import AppConfig
from django.core.signals import request_finished


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Insights"

    def ready(self):
        from insights import counting

        # After the response has gone: the visitor never waits for a push.
        request_finished.connect(counting.tally.push_if_due, dispatch_uid="insights.push")
