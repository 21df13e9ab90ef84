"""The editors' admin site: Django's, with the site's name and a dashboard on its home page."""

from django.conf import settings
from django.contrib import admin

from smallbiz import dashboard


class SmallbizAdminSite(admin.AdminSite):
    site_header = f"{settings.SITE_NAME} editors"
    site_title = f"{settings.SITE_NAME} admin"
    index_title = "Write and publish"

    def index(self, request, extra_context=None):
        """Show the dashboard of waiting work above the list of what the user may edit."""
        context = {"dashboard": dashboard.panels(request), **(extra_context or {})}
        return super().index(request, extra_context=context)
