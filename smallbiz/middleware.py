"""Site-wide middleware: security headers, limits on visitors' posts, redirects for moved pages."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render

from articles.models import Redirect


class PermissionsPolicyMiddleware:
    """Add a Permissions-Policy header that turns off browser features the site never uses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PublicPostLimitsMiddleware:
    """Refuse posts to public pages that carry files or more than a form's worth of data.

    Visitors' forms (subscribe, download offers, unsubscribe) send a few short fields; files
    and large bodies are refused before Django parses them (400 or 413, with a page that
    says why). Editors' posts under the admin keep the upload limits in settings.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or request.path.startswith("/" + settings.ADMIN_PATH):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refuse(request, 400, "The request did not say how long it is.")
        if length > settings.PUBLIC_POST_MAX_BYTES:
            return refuse(request, 413, "That is more than this form takes.")
        # Small enough to parse here: a file in it is still refused.
        if request.content_type == "multipart/form-data" and request.FILES:
            return refuse(request, 400, "This form does not take files.")
        return self.get_response(request)


def refuse(request, status, reason):
    return render(request, "request_refused.html", {"reason": reason}, status=status)


class RedirectFallbackMiddleware:
    """Answer a "not found" with a permanent redirect when the address has moved.

    Only 404 responses are looked up, so pages that exist cost no query. Last in
    MIDDLEWARE, so it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No stored address holds a NUL, and PostgreSQL refuses one in a query.
        if response.status_code != 404 or "\x00" in request.path:
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
