"""Count public page views, including those the page cache answers, and site searches."""

import logging

from django.conf import settings

from insights import counting, searches

logger = logging.getLogger(__name__)


class CountingMiddleware:
    """Count each view of a public page by a person (insights.counting says which).

    Sits in settings.MIDDLEWARE outside the page cache, so that cached pages are counted
    too, and inside ConditionalGetMiddleware, so that a browser revalidating a page it
    shows again (a 304) is counted like the page it gets.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        found = searches.pop_found(response)
        if settings.INSIGHTS_ENABLED and counting.is_counted(request, response):
            try:
                counting.tally.record(request, found)
            except Exception:
                # A cache that does not answer costs a count, never the reader's page.
                logger.exception("Could not count a page view")
        return response
