"""The article page's two queries, written out in SQL.

The article page is the site's most-read page. Building and compiling these two small
queries through the ORM cost about 1 ms of CPU a request on the bench machine, twelve
times what running them costs (docs/performance.md, 2026-11-26): most of an uncached
article page's database time. `Manager.raw()` skips that work and still returns model
instances, so the templates and everything else see ordinary `Article` and `Section`
objects. The visibility rule is `ArticleQuerySet.published()`'s, repeated here;
tests/articles/test_views.py checks both pages agree on drafts and scheduled articles.
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from articles.models import Article, Section


def find_article(category, slug, *, drafts=False):
    """Return the article `slug` of `category` with its author, or None.

    Only published articles unless `drafts` (editors' previews). The category is the one
    given, not read again.
    """
    user_model = get_user_model()
    sql = (
        f"SELECT a.*, u.{user_model.USERNAME_FIELD} AS author_username,"
        " u.first_name AS author_first_name, u.last_name AS author_last_name"
        f" FROM {Article._meta.db_table} a"
        f" LEFT OUTER JOIN {user_model._meta.db_table} u"
        f" ON u.{user_model._meta.pk.column} = a.author_id"
        " WHERE a.category_id = %s AND a.slug = %s"
    )
    params = [category.pk, slug]
    if not drafts:
        sql += " AND a.status = %s AND a.published_at <= %s"
        params += [
            Article.Status.PUBLISHED,
            connection.ops.adapt_datetimefield_value(timezone.now()),
        ]
    article = next(iter(Article.objects.raw(sql, params)), None)
    if article is None:
        return None
    article.category = category
    if article.author_id is not None:
        article.author = user_model(
            pk=article.author_id,
            **{user_model.USERNAME_FIELD: article.author_username},
            first_name=article.author_first_name,
            last_name=article.author_last_name,
        )
    return article


def article_sections(article):
    """Return the article's sections in order, as a list."""
    # The order of Section.Meta.ordering.
    sql = f"SELECT * FROM {Section._meta.db_table} WHERE article_id = %s ORDER BY position, id"
    return list(Section.objects.raw(sql, [article.pk]))
