"""Writing the pending counts to the tables, and deleting old ones.

`flush()` is what `manage.py insights_flush` runs (cron, every minute: docs/deployment.md).
It takes the pending totals out of the cache under the insights lock, so views counted
meanwhile wait for the next flush, and writes them in one transaction: per table one read
of the rows it adds to and one bulk upsert, so a flush costs about a dozen queries however
many views it carries. If the write fails, the totals go back to the cache.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.models import Article
from insights import counting
from insights.models import DeviceDay, PageDay, ReferrerDay, SearchDay, SiteDay

COUNTED_MODELS = [SiteDay, PageDay, ReferrerDay, DeviceDay, SearchDay]


@dataclass
class Flushed:
    """What one flush wrote: views carried, rows written, database queries made."""

    views: int = 0
    rows: int = 0
    queries: int = 0


def flush():
    """Write this process's tally and every process's pending totals to the tables."""
    if not settings.INSIGHTS_ENABLED:
        return Flushed()
    counting.tally.push(wait=counting.LOCK_SECONDS)
    pending = counting.take_pending()
    if not pending:
        return Flushed()
    queries = []

    def count_query(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    try:
        with connection.execute_wrapper(count_query), transaction.atomic():
            rows = write(pending["counts"], pending["found"])
    except Exception:
        counting.restore_pending(pending)
        raise
    views = sum(n for key, n in pending["counts"].items() if key[0] == "site")
    return Flushed(views=views, rows=rows, queries=len(queries))


def write(counts, found):
    """Add `counts` to the tables; return how many rows were written."""
    site, pages, sources, devices, terms = {}, {}, {}, {}, {}
    for key, number in counts.items():
        kind, day, *rest = key
        if kind in ("site", "site-visitors"):
            site.setdefault((day,), {"views": 0, "visitors": 0})
            site[day,]["views" if kind == "site" else "visitors"] += number
        elif kind in ("page", "page-visitors"):
            pages.setdefault((day, *rest), {"views": 0, "visitors": 0})
            pages[day, *rest]["views" if kind == "page" else "visitors"] += number
        elif kind == "referrer":
            sources[day, *rest] = {"views": number}
        elif kind == "device":
            devices[day, *rest] = {"views": number}
        elif kind == "search":
            terms[day, *rest] = {"searches": number}
    articles = articles_by_path({path for _, path in pages})
    return (
        add_to(SiteDay, ["day"], site)
        + add_to(PageDay, ["day", "path"], pages, extra=lambda k: {"article": articles.get(k[1])})
        + add_to(ReferrerDay, ["day", "source"], sources)
        + add_to(DeviceDay, ["day", "device"], devices)
        + add_to(SearchDay, ["day", "terms"], terms, extra=lambda key: {"found": found[key]})
    )


def add_to(model, key_fields, additions, extra=None):
    """Add `additions` ({key: {field: number}}) to `model`'s rows, creating missing ones.

    One query reads the rows concerned (locked where the database can), one bulk upsert
    writes them all; call inside a transaction.
    """
    if not additions:
        return 0
    lookups = {
        f"{field}__in": {key[position] for key in additions}
        for position, field in enumerate(key_fields)
    }
    existing = {
        tuple(getattr(row, field) for field in key_fields): row
        for row in model.objects.select_for_update().filter(**lookups)
    }
    rows = []
    for key, numbers in additions.items():
        row = model(**dict(zip(key_fields, key, strict=True)))
        old = existing.get(key)
        for field, number in numbers.items():
            setattr(row, field, (getattr(old, field) if old else 0) + number)
        for field, value in (extra(key) if extra else {}).items():
            setattr(row, field, value)
        rows.append(row)
    update_fields = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in key_fields
    ]
    model.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=key_fields, update_fields=update_fields
    )
    return len(rows)


def articles_by_path(paths):
    """Return {path: Article} for the paths that are articles' addresses, in one query."""
    wanted = {}
    for path in paths:
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name == "articles:article_detail":
            wanted[match.kwargs["category"], match.kwargs["slug"]] = path
    if not wanted:
        return {}
    found = Article.objects.filter(slug__in={slug for _, slug in wanted}).select_related("category")
    return {
        wanted[article.category.slug, article.slug]: article
        for article in found
        if (article.category.slug, article.slug) in wanted
    }


def prune(dry_run=False):
    """Delete counts older than INSIGHTS_RETENTION_DAYS; return {model name: rows}."""
    before = timezone.localdate() - timedelta(days=settings.INSIGHTS_RETENTION_DAYS)
    deleted = {}
    with transaction.atomic():
        for model in COUNTED_MODELS:
            old = model.objects.filter(day__lt=before)
            deleted[model._meta.verbose_name_plural] = old.count() if dry_run else old.delete()[0]
    return deleted
