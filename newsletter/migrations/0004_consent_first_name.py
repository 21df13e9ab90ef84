"""Keep the first name given with each subscribe request on its consent record.

Confirming a request makes its name the subscriber's; asking again never changes it.
Existing requests get an empty name, which leaves the subscriber's name as it is.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('newsletter', '0003_editors_permissions'),
    ]

    operations = [
        migrations.AddField(
            model_name='consent',
            name='first_name',
            field=models.CharField(blank=True, help_text="The first name given with this request. It becomes the subscriber's only when they confirm this request; empty keeps the name they have.", max_length=60),
        ),
    ]
