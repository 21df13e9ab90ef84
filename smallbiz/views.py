from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles import suggestions


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database and the cache work, 503 otherwise, for load balancers."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    return JsonResponse(
        {"status": "ok" if all(checks.values()) else "unavailable", "checks": checks},
        status=200 if all(checks.values()) else 503,
    )


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure at all means "not healthy"
        return False


def _cache_ok():
    try:
        cache.set("smallbiz:healthz", "ok", 10)
        return cache.get("smallbiz:healthz") == "ok"
    except Exception:  # any failure at all means "not healthy"
        return False


def server_error(request):
    """The 500 page, with the site's name in its header.

    Like Django's own, it runs no context processors: the page must render when the
    database is what failed, so it gets only what needs no query.
    """
    context = {"site_name": settings.SITE_NAME}
    return HttpResponseServerError(loader.get_template("500.html").render(context))


def page_not_found(request, exception):
    """The 404 page: a search box with the missing address's words, and a few articles."""
    context = {
        "query": " ".join(suggestions.address_words(request.path)),
        "suggestions": suggestions.suggest(request.path),
    }
    return render(request, "404.html", context, status=404)
