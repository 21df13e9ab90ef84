import os

from django.core import signing
from django.db.models import F
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from newsletter import subscriptions
from newsletter import tokens as newsletter_tokens
from newsletter.forms import SubscribeForm
from newsletter.inbox_note import InboxNote
from newsletter.models import PrivacyNotice
from newsletter.ratelimit import rate_limit
from newsletter.tasks import send_welcome_email
from promos import downloads, offers, tokens
from promos.models import DownloadGrant, Promo, Signup
from promos.tasks import queue_email, request_download, send_download_email


def visible_promos(user):
    """Return the promos this user may open: the live ones, or all of them for an editor."""
    # Editors may preview a promo that visitors do not see now, as they may articles.
    if user.is_staff and user.has_perm("promos.view_promo"):
        return Promo.objects.all()
    return Promo.objects.live()


# Like the e-zine's subscribe view, and for the same reasons: the form sits in cached pages,
# so it carries no CSRF token, and a forged POST can only ask for a confirmation email.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@rate_limit("subscribe")
def promo_detail(request, pk):
    """Show a promo on its own page; on POST, send its download through the double opt-in."""
    promo = get_object_or_404(visible_promos(request.user), pk=pk)
    if not promo.download:
        return render(request, "promos/promo_detail.html", {"promo": promo})
    notice = PrivacyNotice.objects.current()
    form = SubscribeForm.for_page(
        notice, request.path, data=request.POST or None, auto_id="promo-%s"
    )
    if form.is_valid():
        if not form.is_from_a_robot():
            # As on the e-zine's form: the task looks the address up, so the answer takes
            # the same time whether or not the address is on the list.
            request_download.enqueue(
                promo_id=promo.pk,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                notice_id=form.cleaned_data["notice"].pk,
                source=form.source_path(),
            )
        response = redirect("promos:offer_requested")
        INBOX_NOTE.remember(response, form.cleaned_data["email"], form.cleaned_data["source"])
        return response
    context = {"promo": promo, "form": form, "notice": notice}
    return render(request, "promos/promo_detail.html", context)


# As on the e-zine's "check your inbox" page: the address typed and the page the form was on.
INBOX_NOTE = InboxNote("promo_request", "promos.views.offer_requested", "promos:offer_requested")


@never_cache
@require_safe
def offer_requested(request):
    """Say "check your inbox", repeating the address typed and linking to the page it was on."""
    email, back_url = INBOX_NOTE.read(request)
    response = render(
        request, "promos/offer_requested.html", {"email": email, "back_url": back_url}
    )
    return INBOX_NOTE.forget(response)


@never_cache
@require_GET
def promo_click(request, pk):
    """Count a click on a promo's button and send the visitor on to the button's link."""
    # Only the link the editor saved is ever a target: nothing from the request, so this is
    # no open redirect. Nothing about the visitor is kept: the count is all there is.
    promo = get_object_or_404(Promo.objects.exclude(cta_url="").only("cta_url"), pk=pk)
    Promo.objects.filter(pk=promo.pk).update(click_count=F("click_count") + 1)
    response = HttpResponseRedirect(promo.cta_url)
    response["X-Robots-Tag"] = "noindex"
    return response


def get_signup_or_404(token, max_age=newsletter_tokens.CONFIRM_MAX_AGE):
    """Return the download request a confirmation token names; 404 if it is not ours.

    Raise signing.SignatureExpired for a link older than `max_age`.
    """
    try:
        consent_pk = newsletter_tokens.read_confirm_token(token, max_age=max_age)
    except signing.SignatureExpired:
        raise
    except signing.BadSignature as error:
        raise Http404("Unknown confirmation link.") from error
    signups = Signup.objects.select_related("promo", "consent__subscriber", "subscriber")
    return get_object_or_404(signups.exclude(promo__download=""), consent=consent_pk)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Show one "Confirm" button; pressing it subscribes the reader and shows the download link."""
    try:
        signup = get_signup_or_404(token)
    except signing.SignatureExpired:
        return confirm_link_expired(request, token)
    if not signup.consent.is_current():
        return confirm_link_expired(request, token)
    if request.method == "POST":
        confirmed, welcome_due = subscriptions.confirm(signup.consent)
        if not confirmed:
            return confirm_link_expired(request, token)
        if welcome_due:
            send_welcome_email.enqueue(signup.subscriber_id)
        grant, is_new = signup.grant_download()
        if is_new:
            send_download_email.enqueue(grant.pk)
        return redirect(grant)
    return render(request, "promos/confirm.html", {"token": token, "signup": signup})


def confirm_link_expired(request, token):
    """Say the confirmation link is out of date and offer to send a fresh one."""
    context = {"token": token, "notice": PrivacyNotice.objects.current()}
    return render(request, "promos/confirm_expired.html", context, status=410)


@never_cache
@require_POST
@rate_limit("subscribe")
def confirm_renew(request, token):
    """Send a fresh confirmation link (or the download link, if confirmed since)."""
    signup = get_signup_or_404(token, max_age=None)
    due = offers.request_download(
        signup.promo,
        email=signup.subscriber.email,
        first_name=signup.consent.first_name,
        notice=PrivacyNotice.objects.current(),
        source=signup.consent.source,
    )
    queue_email(due)
    return redirect("promos:offer_requested")


def get_grant_or_404(token):
    """Return the download link a token names, if its promo still offers a file; else 404."""
    try:
        grant_pk = tokens.read_download_token(token)
    except signing.BadSignature as error:
        raise Http404("Unknown download link.") from error
    grants = DownloadGrant.objects.select_related("signup__promo", "signup__subscriber")
    return get_object_or_404(grants.exclude(signup__promo__download=""), pk=grant_pk)


@never_cache
@require_GET
def download(request, token):
    """Show a reader's personal download link, or offer a fresh one if it no longer works."""
    grant = get_grant_or_404(token)
    if not grant.is_usable():
        return render(
            request, "promos/download_expired.html", {"grant": grant, "token": token}, status=410
        )
    return render(request, "promos/download.html", {"grant": grant, "token": token})


@never_cache
@require_GET
def download_file(request, token):
    """Stream the file to the holder of a working link, counting one download."""
    grant = get_grant_or_404(token)
    field_file = grant.signup.promo.download
    try:
        file = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    if not grant.use():
        file.close()
        return redirect("promos:download", token)
    response = FileResponse(
        file,
        as_attachment=True,
        filename=os.path.basename(field_file.name),
        content_type=downloads.content_type(field_file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_POST
@rate_limit("subscribe")
def download_renew(request, token):
    """Email a fresh download link in place of one that expired or was used up."""
    grant = get_grant_or_404(token)
    if grant.is_usable():
        return redirect("promos:download", token)
    queue_email(offers.renew_download(grant))
    return redirect("promos:offer_requested")
