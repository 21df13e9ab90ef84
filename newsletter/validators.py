"""Validators for the e-zine's one-line texts (the notice summary and the issue subject)
and for subscribers' addresses."""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, RegexValidator

no_control_characters = RegexValidator(
    r"[\x00-\x1f\x7f]",
    inverse_match=True,
    message="Line breaks and control characters are not allowed here.",
    code="control_characters",
)


# Top-level names reserved for special use (RFC 2606, 6761, 6762, 7686, 8375, 9476, and
# ICANN's .internal): no public mailbox lives under them, and some lead back to our own host
# or network.
SPECIAL_USE_DOMAINS = {
    "alt",
    "arpa",
    "example",
    "internal",
    "invalid",
    "local",
    "localhost",
    "onion",
    "test",
}


class MailboxAddressValidator(EmailValidator):
    """Accept an address only in the form real mailboxes have: name@example.com.

    Django's validator also accepts forms that the RFCs allow but no mail provider hands
    out, and that mail servers read differently: quoted local parts ("john..doe"@...),
    address literals (user@[127.0.0.1]) and `localhost`. This one accepts a dot-atom local
    part of at most 64 characters and a domain name with at least one dot, under a public
    top-level domain and with no trailing dot, 254 characters in all (RFC 5321). Domain
    names in Unicode or in punycode (xn--) pass, as they do in Django's validator. Each
    refusal says which part of the address to check.
    """

    message = "Enter an address like name@example.com."
    local_part_message = (
        "Enter an address like name@example.com. Check the part before the @: it cannot "
        "have spaces or quotation marks, or a dot at its start, at its end or next to "
        "another dot."
    )
    two_at_signs_message = "Enter an address like name@example.com, with only one @ in it."
    domain_message = (
        "Enter an address like name@example.com. Check the part after the @: it is the "
        "domain name of your e-mail provider, such as gmail.com or example.co.uk."
    )
    length_message = (
        "This address is too long: an address has at most 64 characters before the @ and "
        "254 in all."
    )

    def __init__(self):
        # No domain is accepted without a dot: not even Django's default, "localhost".
        super().__init__(allowlist=[])

    def __call__(self, value):
        if not value or "@" not in value:
            raise ValidationError(self.message, code=self.code)
        local_part, domain = value.rsplit("@", 1)
        if len(local_part) > 64 or len(value) > 254:
            raise ValidationError(self.length_message, code="too_long")
        # A doubled @ is a typing slip; the part-before-the-@ hint would not point at it.
        if "@" in local_part and not local_part.startswith('"'):
            raise ValidationError(self.two_at_signs_message, code="two_at_signs")
        # Django's user_regex also matches quoted strings, which always start with a quote.
        if local_part.startswith('"') or not self.user_regex.match(local_part):
            raise ValidationError(self.local_part_message, code="invalid_local_part")
        if not self.validate_domain_part(domain):
            raise ValidationError(self.domain_message, code="invalid_domain")
        # Never accept what Django's own rules refuse.
        super().__call__(value)

    def validate_domain_part(self, domain_part):
        """Return True for a domain name with a dot, under a public top-level domain.

        Unlike Django's, accept no address literal such as [127.0.0.1].
        """
        if not self.domain_regex.match(domain_part):
            return False
        return domain_part.rsplit(".", 1)[-1].lower() not in SPECIAL_USE_DOMAINS


validate_mailbox_address = MailboxAddressValidator()
