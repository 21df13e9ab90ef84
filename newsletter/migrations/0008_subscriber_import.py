"""Subscribers imported from an old e-zine service, with proof of how they agreed there.

Consent records gain the file's name, the consent wording and the original sign-up date and
source; an imported subscriber was never shown our notice, so it may be empty. Subscribers
note the file they came from, for the admin's list; a permission lets an administrator
import through the admin (Editors do not get it).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('newsletter', '0007_insights_clicks_and_attribution'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='subscriber',
            options={'ordering': ['-created_at', '-pk'], 'permissions': [('export_subscribers', 'Can export the confirmed subscribers as CSV'), ('import_subscribers', "Can import subscribers from an old e-zine's CSV file")]},
        ),
        migrations.AddField(
            model_name='consent',
            name='consent_wording',
            field=models.CharField(blank=True, help_text='How the old site obtained consent, as the person importing stated it.', max_length=300),
        ),
        migrations.AddField(
            model_name='consent',
            name='imported_from',
            field=models.CharField(blank=True, help_text="The name of the file this subscriber was imported from; empty if they asked here. The record's date is when they were imported.", max_length=255),
        ),
        migrations.AddField(
            model_name='consent',
            name='old_source',
            field=models.CharField(blank=True, help_text='How the old service says the address was added (its “source” column).', max_length=200, verbose_name='source on the old service'),
        ),
        migrations.AddField(
            model_name='consent',
            name='signed_up_at',
            field=models.DateTimeField(blank=True, help_text='When they signed up on the old site, if its file says.', null=True),
        ),
        migrations.AddField(
            model_name='subscriber',
            name='imported_from',
            field=models.CharField(blank=True, editable=False, help_text='The file this subscriber was imported from (their consent record says how they agreed on the old site); empty if they subscribed here.', max_length=255),
        ),
        migrations.AlterField(
            model_name='consent',
            name='notice',
            field=models.ForeignKey(blank=True, help_text='The notice shown beside the subscribe button; empty for an imported subscriber, who agreed on the old site.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='consents', to='newsletter.privacynotice'),
        ),
    ]
