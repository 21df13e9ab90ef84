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
