import unicodedata
from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib.auth.models import BaseUserManager
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from newsletter.models import Consent, PrivacyNotice
from newsletter.validators import validate_mailbox_address

NAME_LINK_MARKERS = ("://", "www.", "@")
MAX_SOURCE_PATH_LENGTH = 200
MAX_SEARCH_QUERY_LENGTH = 100


def page_address(path, query):
    """Return the address a subscribe form names for its page: the path, and on the search
    page the query (`q` and `page` only, `q` cut to 100 characters), so that "Back to the page
    you were reading" returns to the same results. `query` is a QueryDict."""
    if path != reverse("articles:search"):
        return path
    kept = {}
    words = query.get("q", "").replace("\x00", "").strip()[:MAX_SEARCH_QUERY_LENGTH]
    if words:
        kept["q"] = words
    page = query.get("page", "")
    if page.isdigit() and len(page) < 6:
        kept["page"] = page
    return f"{path}?{urlencode(kept)}" if kept else path


class SubscribeForm(forms.Form):
    """The subscribe form, on its own page and in the box on every page.

    Not a ModelForm on purpose: its uniqueness check would tell a visitor that an address is
    already on the list. The hidden fields carry the notice version the visitor was shown,
    the page they were on and which form it was (`Consent.Box`), for the consent record; a
    cached page keeps them right, since they are the same for every visitor.
    """

    # A CharField with our validator, not an EmailField: Django's email validator would
    # add its own, vaguer error beside ours. The validator also limits the length (254), so
    # the browser is told the limit but the field adds no second message about it.
    email = forms.CharField(
        label="Your e-mail address",
        validators=[validate_mailbox_address],
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "maxlength": "254"}
        ),
    )
    first_name = forms.CharField(
        label="First name (optional)",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    # Honeypot: hidden from people by the stylesheet, filled in by form-filling robots.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    notice = forms.CharField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    box = forms.CharField(required=False, widget=forms.HiddenInput)

    @classmethod
    def for_page(cls, notice, source, box="", **kwargs):
        """Return the form for a page: its hidden fields name the notice shown, the page and
        the form (a `Consent.Box`)."""
        initial = {"notice": notice.version if notice else "", "source": source, "box": box}
        return cls(initial=initial, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"]
        if not email.isascii():
            # Lookalike letters (a Cyrillic "а" for a Latin "a") would let one inbox appear
            # as several addresses; plain ASCII addresses are what mail servers accept.
            raise ValidationError(
                "Please type the address in plain letters and digits: accented and "
                "non-Latin letters cannot be used in it.",
                code="non_ascii",
            )
        return BaseUserManager.normalize_email(email)

    def clean_first_name(self):
        name = self.cleaned_data["first_name"]
        if any(unicodedata.category(char) in {"Cc", "Cf", "Cs"} for char in name):
            raise ValidationError(
                "Please use letters only: no line breaks or invisible characters.",
                code="control_characters",
            )
        if any(marker in name.lower() for marker in NAME_LINK_MARKERS):
            # Robots put links into name fields to get them into our confirmation emails.
            raise ValidationError("Please give just your first name.", code="not_a_name")
        return name

    def clean_notice(self):
        """Return the privacy notice the visitor was shown (the current one if unknown)."""
        version = self.cleaned_data["notice"]
        notice = None
        if version.isdigit() and len(version) < 10:
            notice = PrivacyNotice.objects.filter(version=int(version)).first()
        return notice or PrivacyNotice.objects.current()

    def clean_source(self):
        """Return the address of the page the form was on (its path, with the search page's
        query), or "" if it is not a page of ours."""
        source = self.cleaned_data["source"]
        if not source.startswith("/") or source.startswith("//") or not source.isprintable():
            return ""
        if not url_has_allowed_host_and_scheme(source, allowed_hosts=None):
            return ""
        parts = urlsplit(source)
        if len(parts.path) > MAX_SOURCE_PATH_LENGTH:
            return ""
        return page_address(parts.path, QueryDict(parts.query))

    def clean_box(self):
        """Return which form this is (a `Consent.Box` value), or "" if it is not one of ours."""
        # Visitors can change a hidden field: anything else is ignored, never an error.
        box = self.cleaned_data["box"]
        return box if box in Consent.Box.values else ""

    def source_path(self):
        """Return the path of the page the form was on, without a query: what a consent
        records, and what Insights counts a subscription from."""
        return urlsplit(self.cleaned_data["source"]).path

    def is_from_a_robot(self):
        """Return True if the honeypot field was filled in."""
        return bool(self.cleaned_data.get("website"))
