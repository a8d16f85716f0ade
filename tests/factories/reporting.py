"""Factories for the reporting app's reference data and board reports."""

from datetime import date
from decimal import Decimal

import factory

from reporting.models import (
    AnnexAProduction,
    Area,
    BoardReport,
    Comparator,
    PopulationCount,
    Target,
)


class PopulationCountFactory(factory.django.DjangoModelFactory):
    """The council's January census, all phases."""

    class Meta:
        model = PopulationCount

    la_name = "Demo Borough Council"
    year = 2025
    pupils = 30000


class ComparatorFactory(factory.django.DjangoModelFactory):
    """England's published value of the 20-week KPI."""

    class Meta:
        model = Comparator

    kpi = "T20"
    year = 2024
    area = Area.ENGLAND
    value = Decimal("46.40")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    kpi = "T20"
    year = 2025
    value = Decimal("60")


class BoardReportFactory(factory.django.DjangoModelFactory):
    """A paper for a committee on the 2024 calendar year, queued for the worker."""

    class Meta:
        model = BoardReport

    title = "SEND performance 2024"
    report_to = "Children and Young People Scrutiny Committee"
    meeting_date = date(2025, 3, 20)
    reporting_officer = "Harper Lee, Head of SEND"
    period_start = date(2024, 1, 1)
    period_end = date(2024, 12, 31)
    snapshot = date(2025, 1, 16)


class AnnexAProductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnexAProduction

    channel = AnnexAProduction.Channel.PAGE
    file_format = AnnexAProduction.Format.XLSX
    list_day = date(2025, 3, 3)
    row_count = 0
