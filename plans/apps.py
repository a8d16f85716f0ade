from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and reviews"

    def ready(self):
        from django.db.models.signals import post_delete

        from cases.extensions import add_child_panel, add_child_tab, add_request_links

        from . import audit, draft_pdf, pdf, step_links
        from .models import Plan, PlanVersion
        from .views.panel import drafting_links, plan_panel

        post_delete.connect(pdf.remove_file, sender=PlanVersion, dispatch_uid="plan_pdf_file")
        post_delete.connect(draft_pdf.remove_drafts, sender=Plan, dispatch_uid="plan_draft_pdfs")

        add_child_tab("Plans", "plans:plans", after="Assessment")
        add_child_panel(plan_panel)
        add_request_links(drafting_links)
        audit.register()
        step_links.register()
