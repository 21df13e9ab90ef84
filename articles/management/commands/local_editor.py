"""Create or refresh the local editor login that `make run` prints (development only)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

USERNAME = "editor"
PASSWORD = "editor"  # a fixed, printed password for a local demo only


class Command(BaseCommand):
    help = "Create the local 'editor' login (Editors group) and print it. Refused unless DEBUG."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("local_editor is for local development only (set DJANGO_DEBUG=1).")
        try:
            editors = Group.objects.get(name="Editors")
        except Group.DoesNotExist as error:
            raise CommandError("The Editors group is missing: run `manage.py migrate`.") from error
        user, created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"first_name": "Local", "last_name": "Editor"}
        )
        user.is_staff = True
        user.is_active = True
        user.set_password(PASSWORD)
        user.save()
        user.groups.add(editors)
        verb = "Created" if created else "Refreshed"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} the local editor login: user “{USERNAME}”, password “{PASSWORD}” "
                "at http://127.0.0.1:8000/admin/"
            )
        )
