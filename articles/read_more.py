"""The Read More list under an article: the editor's picks, topped up from its category."""

from django.db.models import Exists, OuterRef, Q, Value

from articles.models import Article

# Topped up to three from the article's category; at most ten links, however many articles
# an editor picked.
READ_MORE_MINIMUM = 3
READ_MORE_LIMIT = 10


def read_more(article, picks=None):
    """Return the Read More list: the editor's published picks, then, if there are fewer
    than three, the newest other published articles in the same category. One query.

    `picks` (article ids) replaces the saved picks, for the admin's preview of unsaved ones.
    """
    if picks is None:
        is_pick = Exists(
            Article.related.through.objects.filter(
                from_article=article.pk, to_article=OuterRef("pk")
            )
        )
    else:
        is_pick = Q(pk__in=picks) if picks else Value(False)
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .annotate(is_pick=is_pick)
        .filter(Q(is_pick=True) | Q(category=article.category_id))
        .select_related("category")
        .only("title", "slug", "summary", "category__slug")
        .order_by("-is_pick", "-published_at", "-pk")[:READ_MORE_LIMIT]
    )
    chosen = [candidate for candidate in candidates if candidate.is_pick]
    others = [candidate for candidate in candidates if not candidate.is_pick]
    return chosen + others[: max(0, READ_MORE_MINIMUM - len(chosen))]
