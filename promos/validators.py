"""Validators for promos: where a call-to-action may send visitors."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

validate_web_url = URLValidator(schemes=["http", "https"])


def validate_cta_link(value):
    """Accept a path on this site (/like/this/) or a full http or https address."""
    if value.startswith("/"):
        # "//host" and "/\\host" are read by browsers as another site's address.
        if value.startswith("//") or "\\" in value or not value.isprintable() or " " in value:
            raise ValidationError(
                "Enter a path on this site such as /marketing/pricing/, or a full address "
                "starting with https://.",
                code="invalid_link",
            )
        return
    try:
        validate_web_url(value)
    except ValidationError as error:
        raise ValidationError(
            "Enter a full address starting with https:// (or http://), or a path on this "
            "site starting with /.",
            code="invalid_link",
        ) from error
