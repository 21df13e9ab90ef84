"""The admin site's own forms."""

from django import forms
from django.contrib.auth import get_user_model


class AccountForm(forms.ModelForm):
    """A signed-in user's own name and email: nothing that gives access or permissions."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        help_texts = {
            "first_name": "Previews and test copies of the e-zine greet you with it.",
            "email": "Test copies of the e-zine go here unless you type another address.",
        }
