"""The welcome email after a subscriber's first confirmation: when it went out.

Subscribers who confirmed before there was a welcome email count as welcomed at their
confirmation, so that leaving and coming back does not welcome them now.
"""

from django.db import migrations, models
from django.db.models import F


def mark_earlier_subscribers_welcomed(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    Subscriber.objects.filter(confirmed_at__isnull=False).update(welcomed_at=F("confirmed_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0009_privacy_notice_ezine_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="welcomed_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the welcome email went out after the first confirmation; set "
                "too for those who confirmed before there was one. A subscriber is welcomed "
                "once only.",
                null=True,
            ),
        ),
        migrations.RunPython(mark_earlier_subscribers_welcomed, migrations.RunPython.noop),
    ]
