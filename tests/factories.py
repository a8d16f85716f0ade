"""factory-boy factories for the models; identifiers are valid by construction."""

from datetime import date

import factory
from django.contrib.auth.models import Group

from accounts.models import Team, User
from cases.codes import Need, SenStatus, Sex
from cases.identifiers import make_upn
from cases.models import Child

TEST_PASSWORD = "correct-horse-battery-staple"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    # Of school age on the dates tests use (2024-2026): an under-5's plan is reviewed every
    # 6 months by default, which tests about the under-5s set up on purpose.
    date_of_birth = factory.Faker(
        "date_between", start_date=date(2008, 1, 1), end_date=date(2018, 8, 31)
    )
    sex = Sex.FEMALE
    upn = factory.Sequence(lambda n: make_upn("999", 4000 + n // 1000, 15, n % 1000))
    sen_status = SenStatus.EHC_PLAN
    primary_need = Need.ASD
    team = factory.SubFactory(TeamFactory)
