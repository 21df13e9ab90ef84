"""Which promo shows beside an article."""

from django.conf import settings
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from promos.models import Promo

# How specific each placement is: the most specific promo that matches wins.
ON_ARTICLE, IN_CATEGORY, SITE_WIDE = 3, 2, 1


def promo_for(article):
    """Return the live promo to show beside `article`, or None.

    A promo chosen for the article beats one for its category, which beats a site-wide one;
    among equals the editor's position decides. A promo whose button leads to this article
    never shows beside it. One query, however many promos there are.
    """
    on_article = Exists(
        Promo.articles.through.objects.filter(promo=OuterRef("pk"), article=article.pk)
    )
    in_category = Exists(
        Promo.categories.through.objects.filter(promo=OuterRef("pk"), category=article.category_id)
    )
    specificity = Case(
        When(Q(on_article, placement=Promo.Placement.ARTICLES), then=Value(ON_ARTICLE)),
        When(Q(in_category, placement=Promo.Placement.CATEGORIES), then=Value(IN_CATEGORY)),
        When(placement=Promo.Placement.SITE_WIDE, then=Value(SITE_WIDE)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        Promo.objects.live()
        .exclude(links_to(article))
        .annotate(specificity=specificity)
        .filter(specificity__gt=0)
        .order_by("-specificity", "position", "pk")
        .first()
    )


def links_to(article):
    """Return a Q matching promos whose button leads to the article's page.

    The link may be the path or the full address, with or without the final slash, and may
    add a query string or a #section.
    """
    path = article.get_absolute_url()
    matches = Q()
    for address in (path, settings.SITE_URL + path):
        bare = address.rstrip("/")
        matches |= Q(cta_url__in=[address, bare])
        for separator in ("#", "?"):
            matches |= Q(cta_url__startswith=address + separator)
            matches |= Q(cta_url__startswith=bare + separator)
    return matches
