from django.apps import AppConfig


class LettersConfig(AppConfig):
    """Letters and notices to families and professionals: wording administrators can edit, drafted
    from a case's records and the statutory dates. It reads cases and plans, so it sits above
    them; nothing imports it."""

    name = "letters"
    verbose_name = "Letters and notices"
