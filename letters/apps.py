from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Letters and notices to families and professionals: wording administrators can edit, drafted
    from a case's records and the statutory dates. It reads cases and plans, so it sits above
    them; nothing imports it."""

    name = "letters"
    verbose_name = "Letters and notices"

    def ready(self) -> None:
        from cases.extensions import add_child_tab, add_request_links
        from cases.history import add_audited
        from plans.extensions import add_step_panel

        from . import step_links
        from .models import Letter
        from .panel import letter_links, step_letters

        add_child_tab("Letters", "letters:child_letters", after="Documents")
        add_request_links(letter_links)
        add_step_panel(step_letters)
        step_links.register()
        add_audited("letter", Letter, lambda history, child: history.filter(child_id=child.pk))
