from django import template

from newsletter.forms import SubscribeForm, page_address
from newsletter.models import Consent, PrivacyNotice

register = template.Library()


def current_notice(request):
    """Return the current privacy notice, read once per request however many forms show it."""
    if request is None:
        return PrivacyNotice.objects.current()
    if not hasattr(request, "privacy_notice"):
        request.privacy_notice = PrivacyNotice.objects.current()
    return request.privacy_notice


def page_form(context, prefix, box=""):
    """Return an unbound subscribe form for the page being rendered, and the notice shown.

    Its ids start with `prefix`, so that two forms on one page keep them apart; its hidden
    fields name the notice, the page and the form (`box`), for the consent record. On a
    cached page the query is the same for every visitor who gets it: it is part of the URL.
    """
    request = context.get("request")
    notice = current_notice(request)
    source = page_address(request.path, request.GET) if request else ""
    return SubscribeForm.for_page(notice, source, box, auto_id=f"{prefix}-%s"), notice


@register.inclusion_tag("includes/subscribe_box.html", takes_context=True)
def subscribe_box(context):
    """Render the compact subscribe form, with the current privacy notice beside its button."""
    form, notice = page_form(context, "subscribe-box", Consent.Box.EZINE_BOX)
    return {"form": form, "notice": notice}
