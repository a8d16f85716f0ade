from django.apps import AppConfig
from django.urls import register_converter

from .public_ids import PublicIdConverter


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared plumbing"

    def ready(self) -> None:
        # Before any URL conf is read: `<id:...>` in a pattern is an encrypted record key.
        register_converter(PublicIdConverter, "id")
