"""Validators for the e-zine's one-line texts: the notice summary and the issue subject."""

from django.core.validators import RegexValidator

no_control_characters = RegexValidator(
    r"[\x00-\x1f\x7f]",
    inverse_match=True,
    message="Line breaks and control characters are not allowed here.",
    code="control_characters",
)
