"""The greeting becomes part of the issue, which editors see and change.

Issues that exist get the greeting every issue had until now ("Hello {first name}," and
"Hello," for readers without a name) from the fields' defaults. The subject and the note
refuse placeholders, which only the greeting fills in.
"""

import django.core.validators
import newsletter.greetings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('newsletter', '0004_consent_first_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='issue',
            name='greeting',
            field=models.CharField(default='Hello {first name},', help_text="Write {first name} where the reader's first name goes.", max_length=120, validators=[django.core.validators.RegexValidator('[\\x00-\\x1f\\x7f]', code='control_characters', inverse_match=True, message='Line breaks and control characters are not allowed here.'), newsletter.greetings.validate_greeting]),
        ),
        migrations.AddField(
            model_name='issue',
            name='greeting_fallback',
            field=models.CharField(default='Hello,', help_text='Sent instead to readers who gave no first name.', max_length=120, validators=[django.core.validators.RegexValidator('[\\x00-\\x1f\\x7f]', code='control_characters', inverse_match=True, message='Line breaks and control characters are not allowed here.'), newsletter.greetings.validate_fallback], verbose_name='greeting without a name'),
        ),
        migrations.AlterField(
            model_name='issue',
            name='body',
            field=models.TextField(blank=True, help_text='Markdown. Your note, after the greeting and before the articles. Every reader gets the same note: the only placeholder is {first name}, and it works only in the greeting.', validators=[newsletter.greetings.validate_no_placeholders]),
        ),
        migrations.AlterField(
            model_name='issue',
            name='subject',
            field=models.CharField(help_text="The email's subject and the title of the issue in the archive.", max_length=200, validators=[django.core.validators.RegexValidator('[\\x00-\\x1f\\x7f]', code='control_characters', inverse_match=True, message='Line breaks and control characters are not allowed here.'), newsletter.greetings.validate_no_placeholders]),
        ),
    ]
