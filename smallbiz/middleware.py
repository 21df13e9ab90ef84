"""Site-wide middleware: security headers and redirects for moved pages."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect

from articles.models import Redirect


class PermissionsPolicyMiddleware:
    """Add a Permissions-Policy header that turns off browser features the site never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RedirectFallbackMiddleware:
    """Answer a "not found" with a permanent redirect when the address has moved.

    Only 404 responses are looked up, so pages that exist cost no query. Last in
    MIDDLEWARE, so it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        new_path = (
            Redirect.objects.filter(old_path=request.path)
            .values_list("new_path", flat=True)
            .first()
        )
        if new_path is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)
