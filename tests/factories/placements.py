"""Factories for the placements app: settings, placements, their costs and personal budgets."""

from datetime import date
from decimal import Decimal

import factory

from placements.codes import BudgetKind, CostKind, FundingSource, Rank, SettingType
from placements.models import CostLine, NamedSetting, PersonalBudget, Placement, Setting
from placements.years import financial_year_of

from .cases import ChildFactory
from .plans import PlanFactory


class SettingFactory(factory.django.DjangoModelFactory):
    """A mainstream maintained school in the council's area, with a URN of its own. Pass
    `urn=""` for a setting without one (home education, other arrangements)."""

    class Meta:
        model = Setting

    name = factory.Sequence(lambda n: f"School {n}")
    urn = factory.Sequence(lambda n: str(200000 + n))
    setting_type = SettingType.MAINSTREAM_MAINTAINED
    la_code = "999"


class PlacementFactory(factory.django.DjangoModelFactory):
    """The child's main placement from September 2024, not under any plan."""

    class Meta:
        model = Placement

    child = factory.SubFactory(ChildFactory)
    setting = factory.SubFactory(SettingFactory)
    entry_on = date(2024, 9, 1)
    rank = Rank.MAIN


class NamedSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NamedSetting

    plan = factory.SubFactory(PlanFactory)
    setting = factory.SubFactory(SettingFactory)


class CostLineFactory(factory.django.DjangoModelFactory):
    """Top-up funding from education in the financial year the placement started."""

    class Meta:
        model = CostLine

    placement = factory.SubFactory(PlacementFactory)
    financial_year = factory.LazyAttribute(lambda line: financial_year_of(line.placement.entry_on))
    kind = CostKind.TOP_UP
    funding_source = FundingSource.EDUCATION
    amount = Decimal("1000.00")


class PersonalBudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalBudget

    plan = factory.SubFactory(PlanFactory)
    kind = BudgetKind.EDUCATION
    annual_amount = Decimal("500.00")
    start_on = date(2024, 4, 1)
