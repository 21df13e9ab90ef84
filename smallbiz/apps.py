from django.contrib.admin.apps import AdminConfig


class SmallbizAdminConfig(AdminConfig):
    """Django's admin, with smallbiz.admin.SmallbizAdminSite as admin.site."""

    default_site = "smallbiz.admin.SmallbizAdminSite"
