from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


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
