"""The Insights page's period picker: the last 7, 30 or 90 days, or dates of the editor's own."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.utils import timezone

from insights.reports import Period

PRESETS = [7, 30, 90]
DEFAULT_DAYS = 30
# The longest period: about the 25 months counts are kept for (docs/deployment.md).
LONGEST = 762


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(
        choices=[(days, f"Last {days} days") for days in PRESETS],
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Choose the last 7, 30 or 90 days, or two dates."},
    )
    since = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The first day, e.g. 2026-11-01.",
    )
    until = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The last day, included.",
    )

    def clean(self):
        cleaned_data = super().clean()
        since, until = cleaned_data.get("since"), cleaned_data.get("until")
        if self.errors or (since is None and until is None):
            return cleaned_data
        today = timezone.localdate()
        if since is None:
            self.add_error("since", forms.ValidationError("Give the first day too.", "required"))
        elif until is None:
            self.add_error("until", forms.ValidationError("Give the last day too.", "required"))
        elif since > until:
            raise forms.ValidationError("The first day comes after the last.", code="order")
        elif since > today:
            raise forms.ValidationError("That period has not begun yet.", code="future")
        elif since < today - datetime.timedelta(days=LONGEST - 1):
            first = today - datetime.timedelta(days=LONGEST - 1)
            raise forms.ValidationError(
                f"Counts are kept for about 25 months: choose a first day from "
                f"{first.isoformat()} on.",
                code="too_old",
            )
        return cleaned_data

    def period(self):
        """Return the chosen Period: the custom dates (up to today), else the preset, else
        the last 30 days, which an invalid form also gives."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("since") and data.get("until"):
            return Period(data["since"], min(data["until"], timezone.localdate()))
        return Period.last(data.get("days") or DEFAULT_DAYS)

    def query(self, period, **extra):
        """Return the query string that asks for `period` again, with `extra` parameters."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("since") and data.get("until"):
            params = {"since": period.since.isoformat(), "until": period.until.isoformat()}
        else:
            params = {"days": period.days}
        return urlencode({**params, **extra})
