"""Sending that finishes after a crash: a heartbeat on claimed deliveries, and a mark on
the message a stopped sender may have handed over, which is sent again.

`claimed_at` becomes `heartbeat_at`: a sender now refreshes it every few seconds while it
holds the row, so a rerun can tell within seconds that the sender is gone.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0005_issue_greeting"),
    ]

    operations = [
        migrations.RenameField(
            model_name="delivery",
            old_name="claimed_at",
            new_name="heartbeat_at",
        ),
        migrations.AddField(
            model_name="delivery",
            name="is_resend",
            field=models.BooleanField(
                default=False,
                verbose_name="sent again after a crash",
                help_text="A sender stopped while handing this message to the mail server, so "
                "it was queued again: the reader may get two copies.",
            ),
        ),
    ]
