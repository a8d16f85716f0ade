from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Users and teams"

    def ready(self):
        from . import checks, signals  # noqa: F401 - registers the checks, connects receivers
        from .roles import sync_roles_after_migrate

        # Roles are defined in code; every migrate brings the groups' permissions in line.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
