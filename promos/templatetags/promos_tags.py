from django import template

from newsletter.templatetags.newsletter_tags import page_form
from promos.selection import promo_for

register = template.Library()


@register.inclusion_tag("includes/promo_box.html", takes_context=True)
def promo_box(context, article):
    """Render the promo for the article's sidebar, if one is live there: one query.

    A download's form shares the privacy notice with the page's subscribe box, read once.
    """
    promo = promo_for(article)
    if promo is None or not promo.download:
        return {"promo": promo}
    form, notice = page_form(context, "promo")
    return {"promo": promo, "form": form, "notice": notice}
