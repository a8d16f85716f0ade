from django.apps import AppConfig


class RecordsConfig(AppConfig):
    """Data subject rights and retention: it reads every app's records of a child, so it sits
    above all of them (after reporting) and nothing imports it."""

    name = "records"
    verbose_name = "Data subject rights and retention"
