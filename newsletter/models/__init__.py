"""The e-zine's models, one module per concern: the privacy notice, the subscribers and
their consent, the issues and their deliveries."""

from newsletter.models.issues import Delivery, Issue, IssueLink, IssueQuerySet
from newsletter.models.notices import PrivacyNotice, PrivacyNoticeQuerySet
from newsletter.models.subscribers import (
    CONFIRMATION_RESEND_INTERVAL,
    Consent,
    Subscriber,
    SubscriberQuerySet,
    Suppression,
)

__all__ = [
    "CONFIRMATION_RESEND_INTERVAL",
    "Consent",
    "Delivery",
    "Issue",
    "IssueLink",
    "IssueQuerySet",
    "PrivacyNotice",
    "PrivacyNoticeQuerySet",
    "Subscriber",
    "SubscriberQuerySet",
    "Suppression",
]
