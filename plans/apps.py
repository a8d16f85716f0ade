from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and reviews"

    def ready(self):
        from cases.extensions import add_child_panel, add_child_tab

        from . import audit
        from .views.panel import plan_panel

        add_child_tab("Plans", "plans:plans", after="Assessment")
        add_child_panel(plan_panel)
        audit.register()
