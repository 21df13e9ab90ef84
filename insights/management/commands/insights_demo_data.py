"""Fill the Insights page of a local demo site with made-up but believable numbers.

For development only (refused unless DEBUG): `make run` calls it after load_demo. It writes
the daily counts of the last --days days (replacing those already there), a few made-up
confirmed subscribers (at example.invalid, which no mail reaches) attributed to articles
and forms, and one sent demo issue with clicks and an unsubscribe. Safe to run again.
"""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article
from insights.models import Device, DeviceDay, PageDay, ReferrerDay, SearchDay, SiteDay
from newsletter.models import Consent, Delivery, Issue, IssueLink, PrivacyNotice, Subscriber

REFERRERS = {
    "Google": 40,
    "Bing": 6,
    "DuckDuckGo": 4,
    "Facebook": 8,
    "LinkedIn": 5,
    "smallbusinessforum.example": 3,
}
DEVICES = {Device.PHONE: 55, Device.DESKTOP: 38, Device.TABLET: 7}
# Terms readers look for: (terms, finds something).
SEARCHES = [
    ("pricing", True),
    ("business plan", True),
    ("cash flow", True),
    ("vat registration", False),
    ("payroll software", False),
    ("networking", True),
    ("instagram", False),
    ("invoice template", False),
]
ISSUE_SUBJECT = "Demo issue: pricing and getting paid"
DEMO_READERS = 40


class Command(BaseCommand):
    help = "Make demo numbers for the Insights page of a local site. Refused unless DEBUG."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90, help="How many days (default 90).")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("insights_demo_data is for local development only.")
        days = options["days"]
        if not 1 <= days <= 800:
            raise CommandError("--days must be between 1 and 800.")
        articles = list(Article.objects.published().select_related("category"))
        if not articles:
            raise CommandError("No published articles: run `manage.py load_demo` first.")
        notice = PrivacyNotice.objects.current()
        if notice is None:
            raise CommandError("No privacy notice: run `manage.py migrate` first.")
        today = timezone.localdate()
        since = today - datetime.timedelta(days=days - 1)
        chance = random.Random(16)
        with transaction.atomic():
            self.counts(articles, since, today, chance)
            subscribers = self.subscriptions(articles, notice, since, days, chance)
            self.issue(subscribers, chance)
        self.stdout.write(self.style.SUCCESS(f"Demo insights ready for {days} days up to {today}."))

    def counts(self, articles, since, today, chance):
        """Replace the daily counts from `since` to `today` with made-up ones."""
        for model in (SiteDay, PageDay, ReferrerDay, DeviceDay, SearchDay):
            model.objects.filter(day__gte=since).delete()
        # Some articles are far more read than others.
        weights = [chance.paretovariate(1.2) for _ in articles]
        site_days, page_days, referrer_days, device_days, search_days = [], [], [], [], []
        day = since
        while day <= today:
            growth = 1 + (day - since).days / 200
            weekend = 0.6 if day.weekday() >= 5 else 1
            views = int(chance.gauss(420, 60) * growth * weekend)
            visitors = int(views * chance.uniform(0.55, 0.7))
            site_days.append(SiteDay(day=day, views=views, visitors=visitors))
            share = views * 0.7 / sum(weights)
            for article, weight in zip(articles, weights, strict=True):
                article_views = int(weight * share * chance.uniform(0.7, 1.3))
                # No article is read before the day it was published.
                if article_views and day >= timezone.localdate(article.published_at):
                    page_days.append(
                        PageDay(
                            day=day,
                            path=article.get_absolute_url(),
                            article=article,
                            views=article_views,
                            visitors=max(1, int(article_views * chance.uniform(0.6, 0.85))),
                        )
                    )
            page_days.append(PageDay(day=day, path="/", views=int(views * 0.2), visitors=0))
            for source, percent in REFERRERS.items():
                referrer_views = int(views * percent / 100 * chance.uniform(0.6, 1.4))
                if referrer_views:
                    referrer_days.append(ReferrerDay(day=day, source=source, views=referrer_views))
            for device, percent in DEVICES.items():
                device_days.append(
                    DeviceDay(day=day, device=device, views=int(views * percent / 100))
                )
            for terms, found in SEARCHES:
                if chance.random() < 0.6:
                    search_days.append(
                        SearchDay(day=day, terms=terms, searches=chance.randint(1, 6), found=found)
                    )
            day += datetime.timedelta(days=1)
        SiteDay.objects.bulk_create(site_days)
        PageDay.objects.bulk_create(page_days)
        ReferrerDay.objects.bulk_create(referrer_days)
        DeviceDay.objects.bulk_create(device_days)
        SearchDay.objects.bulk_create(search_days)

    def subscriptions(self, articles, notice, since, days, chance):
        """Make the demo readers, each confirmed through a form on some day of the period."""
        boxes = [Consent.Box.EZINE_BOX] * 6 + [Consent.Box.NEWSLETTER_PAGE] * 2
        boxes.append(Consent.Box.PROMO)
        subscribers = []
        for number in range(1, DEMO_READERS + 1):
            confirmed_at = timezone.now() - datetime.timedelta(
                days=chance.randrange(days), hours=chance.randrange(24)
            )
            subscriber, created = Subscriber.objects.get_or_create(
                email=f"demo-reader-{number}@example.invalid",
                defaults={
                    "first_name": "Demo",
                    "status": Subscriber.Status.CONFIRMED,
                    "confirmed_at": confirmed_at,
                },
            )
            subscribers.append(subscriber)
            if not created:
                continue
            box = chance.choice(boxes)
            published = [a for a in articles if a.published_at <= confirmed_at]
            if box == Consent.Box.NEWSLETTER_PAGE or not published:
                box, article = Consent.Box.NEWSLETTER_PAGE, None
            else:
                article = chance.choice(published)
            Consent.objects.create(
                subscriber=subscriber,
                notice=notice,
                source=article.get_absolute_url() if article else "/newsletter/",
                box=box,
                article=article,
                created_at=confirmed_at - datetime.timedelta(minutes=5),
                confirmed_at=confirmed_at,
            )
        return subscribers

    def issue(self, subscribers, chance):
        """Make one sent demo issue, with clicks on its links and one unsubscribe."""
        sent_at = timezone.now() - datetime.timedelta(days=5)
        issue, created = Issue.objects.get_or_create(
            subject=ISSUE_SUBJECT,
            defaults={
                "body": "Two articles on setting prices and chasing invoices.",
                "status": Issue.Status.SENT,
                "queued_at": sent_at,
                "sent_at": sent_at,
            },
        )
        if not created:
            return
        for index, subscriber in enumerate(subscribers):
            Delivery.objects.create(
                issue=issue,
                subscriber=subscriber,
                status=Delivery.Status.SENT,
                sent_at=sent_at,
                clicked=chance.random() < 0.35,
                unsubscribed=index == 0,
            )
        for url, clicks in [
            (f"{settings.SITE_URL}/marketing/", 4),
            (f"{settings.SITE_URL}/newsletter/archive/", 2),
            ("https://www.gov.uk/running-a-limited-company", 7),
        ]:
            IssueLink.objects.create(issue=issue, url=url, clicks=clicks)
