from django import template

from newsletter.forms import SubscribeForm
from newsletter.models import PrivacyNotice
from smallbiz.cache import for_version

register = template.Library()


def current_notice(request):
    """Return the current privacy notice, read once per content version (a new notice is
    saved in the admin, which starts a new version) however many forms show it."""
    return for_version(request, "privacy_notice", PrivacyNotice.objects.current)


@register.inclusion_tag("includes/subscribe_box.html", takes_context=True)
def subscribe_box(context):
    """Render the compact subscribe form with the current privacy notice: one query."""
    request = context.get("request")
    notice = current_notice(request)
    source = request.path if request else ""
    form = SubscribeForm.for_page(notice, source, auto_id="subscribe-box-%s")
    return {"form": form, "notice": notice}
