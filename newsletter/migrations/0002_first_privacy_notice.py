"""Create the first privacy notice, so that a subscribe button always has one beside it."""

from django.conf import settings
from django.db import migrations

from articles.markdown import render

SUMMARY = (
    "Your e-mail address is totally secure. It is used only to send you the {site} e-zine."
)

BODY = """\
This notice explains what happens to the e-mail address you give us when you subscribe to
the {site} e-zine.

## What we keep

Your e-mail address, the first name you gave us (if any), when you subscribed and
confirmed, the page you subscribed from, and which version of this notice was shown to you.
For each issue we also note whether it was sent to you.

## What we use it for

Only to send you the e-zine, about once a month. We never sell, rent or share your address,
and we never use it for anything else.

## Confirming and leaving

You are subscribed only after you press the button in the confirmation e-mail we send you.
Every issue has a link to unsubscribe with one click, and you can use it at any time.

## Your rights

You may ask us for a copy of everything we hold about you, or ask us to erase it. After an
erasure we keep only a keyed hash of your address (a scrambled form that cannot be turned
back into the address), so that we never write to it again by mistake.
"""


def create_first_notice(apps, schema_editor):
    PrivacyNotice = apps.get_model("newsletter", "PrivacyNotice")
    if PrivacyNotice.objects.exists():
        return
    site = settings.SITE_NAME
    body = BODY.format(site=site)
    PrivacyNotice.objects.create(
        version=1, summary=SUMMARY.format(site=site), body=body, body_html=render(body)
    )


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [migrations.RunPython(create_first_notice, migrations.RunPython.noop)]
