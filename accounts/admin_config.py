"""The admin app, with the portal's admin site as its default (accounts.admin_site). Kept
apart from that site because INSTALLED_APPS imports this module before models can load."""

from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.PortalAdminSite"
