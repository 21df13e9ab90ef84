import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string

from newsletter.forms import SubscribeForm
from newsletter.models import PrivacyNotice

register = template.Library()


def current_notice(request):
    """Return the current privacy notice, read once per request however many forms show it."""
    if request is None:
        return PrivacyNotice.objects.current()
    if not hasattr(request, "privacy_notice"):
        request.privacy_notice = PrivacyNotice.objects.current()
    return request.privacy_notice


def page_form_context(context):
    """Return what a subscribe form on a page fills in: the notice shown, the page's path
    (both sent back in hidden fields, for the consent record)."""
    request = context.get("request")
    return {
        "notice": current_notice(request),
        "source": request.path if request else "",
    }


@register.inclusion_tag("includes/subscribe_box.html", takes_context=True)
def subscribe_box(context):
    """Render the compact subscribe form with the current privacy notice: one query."""
    return page_form_context(context)


@register.simple_tag
def subscribe_fields(prefix):
    """Render the fields of an unbound subscribe form, their ids starting with `prefix`.

    For the forms on every page. The markup depends only on the code, so each process
    renders it once for each prefix; with DEBUG on, every time, so template edits show.
    """
    if settings.DEBUG:
        return render_subscribe_fields(prefix)
    return cached_subscribe_fields(prefix)


def render_subscribe_fields(prefix):
    form = SubscribeForm(auto_id=f"{prefix}-%s")
    return render_to_string("includes/subscribe_fields.html", {"form": form})


cached_subscribe_fields = functools.lru_cache(maxsize=8)(render_subscribe_fields)
