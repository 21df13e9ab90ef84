from django import template

from newsletter.templatetags.newsletter_tags import page_form

register = template.Library()


@register.inclusion_tag("includes/promo_box.html", takes_context=True)
def promo_box(context, promo):
    """Render the promo for the article's sidebar (from promo_for()), if there is one.

    A download's form reads the privacy notice through page_form(): once a request.
    """
    if not promo or not promo.download:
        return {"promo": promo}
    form, notice = page_form(context, "promo")
    return {"promo": promo, "form": form, "notice": notice}
