"""The editors' admin site: Django's, with the site's name, a dashboard on its home page,
a page where each user keeps their own name and email, and pages that apps add to it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse

from smallbiz import admin_views, dashboard


@dataclass(frozen=True)
class AdminPage:
    """A page of an app's that belongs to no model, such as the Insights page.

    `view(request, admin_site)` answers at /admin/<app_label>/<route>, named `name`, for
    staff users with `permission`; the app list and the side menu link to it as `title`.
    """

    app_label: str
    route: str
    name: str
    title: str
    view: Callable
    permission: str


class SmallbizAdminSite(admin.AdminSite):
    site_header = f"{settings.SITE_NAME} editors"
    site_title = f"{settings.SITE_NAME} admin"
    index_title = "Write and publish"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pages = []

    def register_page(self, page):
        """Add an AdminPage (apps call this from their admin.py, as they register models)."""
        self.pages.append(page)

    def index(self, request, extra_context=None):
        """Show the dashboard of waiting work above the list of what the user may edit."""
        context = {"dashboard": dashboard.panels(request), **(extra_context or {})}
        return super().index(request, extra_context=context)

    def my_account(self, request):
        """Show the signed-in user's own name and email, to change."""
        return admin_views.my_account(request, self)

    def page_view(self, page):
        """Return the view of an AdminPage, refused to users without its permission."""

        def view(request):
            if not request.user.has_perm(page.permission):
                raise PermissionDenied
            return page.view(request, self)

        return self.admin_view(view)

    def get_urls(self):
        return [
            path("account/", self.admin_view(self.my_account), name="my_account"),
            *(
                path(f"{page.app_label}/{page.route}", self.page_view(page), name=page.name)
                for page in self.pages
            ),
            *super().get_urls(),
        ]

    def get_app_list(self, request, app_label=None):
        """List the apps as Django does, with the pages the user may open among their models."""
        app_list = super().get_app_list(request, app_label)
        for page in self.pages:
            if app_label not in (None, page.app_label):
                continue
            if not request.user.has_perm(page.permission):
                continue
            url = reverse(f"{self.name}:{page.name}")
            app = next((app for app in app_list if app["app_label"] == page.app_label), None)
            if app is None:
                # An app whose only admin is its pages: it links to its first page.
                app = {
                    "name": apps.get_app_config(page.app_label).verbose_name,
                    "app_label": page.app_label,
                    "app_url": url,
                    "has_module_perms": True,
                    "models": [],
                }
                app_list.append(app)
            app["models"].append(
                {
                    "name": page.title,
                    "object_name": page.name,
                    "admin_url": url,
                    "add_url": None,
                    "view_only": True,
                    "perms": {"add": False, "change": False, "delete": False, "view": True},
                }
            )
        app_list.sort(key=lambda app: app["name"].lower())
        return app_list
