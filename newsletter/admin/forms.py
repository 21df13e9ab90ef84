"""The e-zine admin's own forms."""

from django import forms


class TestCopyForm(forms.Form):
    """Where to send a test copy of an issue."""

    # Django's EmailField (its EmailValidator): an address the mail server will accept.
    address = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "vTextField", "autocomplete": "email"}),
        help_text="Any address: yours, or a colleague's. The copy is marked [Test] and "
        "greets the reader with your first name.",
    )


# An upload through the admin is for a small list; a larger one goes through the command.
IMPORT_MAX_BYTES = 1024 * 1024


class SubscriberImportForm(forms.Form):
    """A subscriber list to import: the old service's CSV file and how consent was obtained."""

    file = forms.FileField(
        label="CSV file",
        help_text="The subscriber list your old e-zine service exported, at most 1 MB "
        "(about 20,000 addresses). Its columns are found by name: email, first name, "
        "signup date, signup page, source, status.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    consent_wording = forms.CharField(
        label="How the old site obtained consent",
        max_length=300,
        help_text="Kept on every imported subscriber's consent record, e.g. “double opt-in "
        "on the old site's form”.",
        widget=forms.TextInput(attrs={"class": "vTextField"}),
    )
    reconfirm = forms.BooleanField(
        label="Ask each address to confirm by email",
        required=False,
        help_text="They are imported as pending and never sent an issue unless they press "
        "the button in that email.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                "This file is larger than 1 MB. Import a list this size with "
                "“manage.py import_subscribers” on the server.",
                code="too_large",
            )
        if not upload.size:
            raise forms.ValidationError("This file is empty.", code="empty")
        return upload

    def clean_consent_wording(self):
        return " ".join(self.cleaned_data["consent_wording"].split())
