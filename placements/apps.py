from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Placements and funding"

    def ready(self):
        from cases.extensions import CHILD_TABS, add_child_panel, add_child_tab
        from plans.content import add_snapshot_contributor
        from plans.services.schedule import add_setting_finder

        from . import audit
        from .contributor import plan_sections_i_and_j
        from .services.transfers import main_setting_last_year
        from .views.panel import placements_panel

        # After the Plans tab where the plans app has added it, else after Assessment.
        labels = [label for label, _ in CHILD_TABS]
        after = "Plans" if "Plans" in labels else "Assessment"
        add_child_tab("Placements", "placements:placements", after=after)
        add_child_panel(placements_panel)
        add_snapshot_contributor(plan_sections_i_and_j)
        add_setting_finder(main_setting_last_year)
        audit.register()
