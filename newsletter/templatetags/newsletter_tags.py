from django import template

from newsletter.forms import SubscribeForm
from newsletter.models import PrivacyNotice

register = template.Library()


def current_notice(request):
    """Return the current privacy notice, read once per request however many forms show it."""
    if request is None:
        return PrivacyNotice.objects.current()
    if not hasattr(request, "_current_privacy_notice"):
        request._current_privacy_notice = PrivacyNotice.objects.current()
    return request._current_privacy_notice


@register.inclusion_tag("includes/subscribe_box.html", takes_context=True)
def subscribe_box(context):
    """Render the compact subscribe form with the current privacy notice: one query."""
    request = context.get("request")
    notice = current_notice(request)
    source = request.path if request else ""
    form = SubscribeForm.for_page(notice, source, auto_id="subscribe-box-%s")
    return {"form": form, "notice": notice}
