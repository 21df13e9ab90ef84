from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import DetailView, ListView, TemplateView

from newsletter import links, subscriptions, tokens
from newsletter.forms import SubscribeForm
from newsletter.inbox_note import InboxNote
from newsletter.models import Consent, Issue, IssueLink, PrivacyNotice, Subscriber
from newsletter.ratelimit import rate_limit
from newsletter.tasks import request_subscription, send_confirmation_email, send_welcome_email


# The subscribe form sits on every page, and pages are served from a shared cache, so the
# form cannot carry a per-visitor CSRF token. Exempting it grants no authority: a forged
# POST can only ask for a confirmation email to be sent, which the double opt-in, the
# honeypot and the rate limit already contain, and the answer never says what happened.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@rate_limit("subscribe")
def subscribe(request):
    """Show the subscribe form; on POST, start the double opt-in and say "check your inbox"."""
    # The compact box on other pages posts here too, and says so in its hidden fields.
    form = SubscribeForm(
        request.POST or None, initial={"source": request.path, "box": Consent.Box.NEWSLETTER_PAGE}
    )
    if form.is_valid():
        if not form.is_from_a_robot():
            # The task looks the address up, not this view, so that the answer takes the
            # same time whether or not the address is on the list.
            request_subscription.enqueue(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                notice_id=form.cleaned_data["notice"].pk,
                source=form.source_path(),
                box=form.cleaned_data["box"],
            )
        response = redirect("newsletter:subscribe_done")
        INBOX_NOTE.remember(response, form.cleaned_data["email"], form.cleaned_data["source"])
        return response
    notice = form.cleaned_data.get("notice") if form.is_bound else None
    return render(
        request,
        "newsletter/subscribe.html",
        {"form": form, "notice": notice or PrivacyNotice.objects.current()},
    )


# "Check your inbox" repeats the address typed and links back to the page the form was on.
INBOX_NOTE = InboxNote(
    "ezine_request", "newsletter.views.subscribe_done", "newsletter:subscribe_done"
)


@never_cache
@require_safe
def subscribe_done(request):
    """Say "check your inbox", repeating the address typed and linking to the page it was on."""
    email, source = INBOX_NOTE.read(request)
    back_url = "" if source == reverse("newsletter:subscribe") else source
    response = render(
        request, "newsletter/subscribe_done.html", {"email": email, "back_url": back_url}
    )
    return INBOX_NOTE.forget(response)


def get_consent_or_404(token, max_age=tokens.CONFIRM_MAX_AGE):
    """Return the subscribe request a confirmation token names; 404 if it is not ours."""
    try:
        consent_pk = tokens.read_confirm_token(token, max_age=max_age)
    except signing.SignatureExpired:
        raise  # A BadSignature too, but one the caller answers with the "expired" page.
    except signing.BadSignature as error:
        raise Http404("Unknown confirmation link.") from error
    return get_object_or_404(Consent.objects.select_related("subscriber"), pk=consent_pk)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Show one "Confirm my subscription" button; only pressing it (a POST) confirms."""
    try:
        consent = get_consent_or_404(token)
    except signing.SignatureExpired:
        return link_expired(request, token)
    subscriber = consent.subscriber
    if request.method == "POST":
        confirmed, welcome_due = subscriptions.confirm(consent)
        if not confirmed:
            return link_expired(request, token)
        if welcome_due:
            send_welcome_email.enqueue(subscriber.pk)
        return redirect("newsletter:confirm_done")
    if subscriber.is_confirmed():
        return render(request, "newsletter/confirm_done.html")
    if not consent.is_current():
        return link_expired(request, token)
    return render(request, "newsletter/confirm.html", {"token": token})


def link_expired(request, token):
    """Say the confirmation link is out of date and offer to send a fresh one."""
    context = {"token": token, "notice": PrivacyNotice.objects.current()}
    return render(request, "newsletter/confirm_expired.html", context, status=410)


@never_cache
@require_POST
@rate_limit("subscribe")
def confirm_renew(request, token):
    """Send a fresh confirmation link in place of an expired one."""
    consent = get_consent_or_404(token, max_age=None)
    subscriber = consent.subscriber
    if subscriber.is_confirmed():
        return redirect("newsletter:confirm_done")
    notice = PrivacyNotice.objects.current()
    renewed = subscriptions.record_consent(
        subscriber, notice, consent.source, first_name=consent.first_name, box=consent.box
    )
    if renewed is not None:
        send_confirmation_email.enqueue(renewed.pk)
    return redirect("newsletter:subscribe_done")


# RFC 8058 one-click unsubscribe: mail clients POST "List-Unsubscribe=One-Click" to the link
# with no cookie and no CSRF token. The unguessable token in the URL is the authority here;
# a forged request would need it, and anyone who has it can unsubscribe directly anyway.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Show a one-button page; a POST (the button, or a mail client's one-click) unsubscribes."""
    try:
        subscriber_pk, delivery_pk = tokens.read_unsubscribe_token(token)
    except signing.BadSignature as error:
        raise Http404("Unknown unsubscribe link.") from error
    # An erased subscriber's link still answers: they are off the list.
    subscriber = Subscriber.objects.filter(pk=subscriber_pk).first()
    if request.method == "POST":
        if subscriber is not None:
            # A link from a copy of an issue names that copy: the issue counts the unsubscribe.
            subscriber.unsubscribe(delivery_pk)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            # RFC 8058 section 3.2: answer the mail client directly, never with a redirect.
            return render(request, "newsletter/unsubscribe_done.html")
        return redirect("newsletter:unsubscribe_done")
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(request, "newsletter/unsubscribe_done.html")
    return render(request, "newsletter/unsubscribe.html", {"token": token})


@never_cache
@require_http_methods(["GET", "HEAD"])
def follow_link(request, token):
    """Count a reader's click on a link in an issue and send them on to the link's address."""
    try:
        issue_pk, link_pk, delivery_pk = tokens.read_link_token(token)
    except signing.BadSignature:
        return render(request, "newsletter/link_unknown.html", status=404)
    # Only an address recorded for the issue is ever a target, so this is no open redirect.
    link = IssueLink.objects.filter(pk=link_pk, issue_id=issue_pk).only("url", "issue").first()
    if link is None:
        return render(request, "newsletter/link_unknown.html", status=404)
    if links.is_a_click(request):
        link.record_click(delivery_pk)
    response = HttpResponseRedirect(link.url)
    response["X-Robots-Tag"] = "noindex"
    return response


class PrivacyView(TemplateView):
    """Show the current version of the privacy notice."""

    template_name = "newsletter/privacy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notice"] = PrivacyNotice.objects.current()
        # What Insights counts about every visit (insights/templates/insights/).
        context["insights_enabled"] = settings.INSIGHTS_ENABLED
        context["insights_retention_months"] = round(settings.INSIGHTS_RETENTION_DAYS / 30.4)
        return context


class IssueArchiveView(ListView):
    """List the issues that went out, newest first."""

    template_name = "newsletter/issue_list.html"
    context_object_name = "issues"
    paginate_by = 24

    def get_queryset(self):
        return Issue.objects.sent().order_by("-sent_at", "-pk").only("subject", "sent_at")


class IssueDetailView(DetailView):
    """Show one issue that went out, as the web version linked from the email."""

    context_object_name = "issue"

    def get_queryset(self):
        return Issue.objects.sent()
