"""The editors' admin site: Django's, with the site's name, a dashboard on its home page and
a page where each user keeps their own name and email."""

from django.conf import settings
from django.contrib import admin
from django.urls import path

from smallbiz import admin_views, dashboard


class SmallbizAdminSite(admin.AdminSite):
    site_header = f"{settings.SITE_NAME} editors"
    site_title = f"{settings.SITE_NAME} admin"
    index_title = "Write and publish"

    def index(self, request, extra_context=None):
        """Show the dashboard of waiting work above the list of what the user may edit."""
        context = {"dashboard": dashboard.panels(request), **(extra_context or {})}
        return super().index(request, extra_context=context)

    def my_account(self, request):
        """Show the signed-in user's own name and email, to change."""
        return admin_views.my_account(request, self)

    def get_urls(self):
        return [
            path("account/", self.admin_view(self.my_account), name="my_account"),
            *super().get_urls(),
        ]
