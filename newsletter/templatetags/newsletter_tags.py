from django import template

from newsletter.forms import SubscribeForm
from newsletter.models import PrivacyNotice

register = template.Library()


@register.inclusion_tag("includes/subscribe_box.html", takes_context=True)
def subscribe_box(context):
    """Render the compact subscribe form with the current privacy notice: one query."""
    request = context.get("request")
    notice = PrivacyNotice.objects.current()
    form = SubscribeForm(
        auto_id="subscribe-box-%s",
        initial={
            "notice": notice.version if notice else "",
            "source": request.path if request else "",
        },
    )
    return {"form": form, "notice": notice}
