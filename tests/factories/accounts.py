"""Factories for the accounts app: teams, users, and the audit rows about them."""

from functools import cache

import factory
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import AccessChange, Team, TwoFactorEvent, User

TEST_PASSWORD = "correct-horse-battery-staple"


@cache
def hashed_test_password() -> str:
    """TEST_PASSWORD hashed once per test process. Hashing it afresh for every user made (a
    million PBKDF2 rounds, about a quarter of a second) cost minutes of every run; signing in
    still checks it against this real hash."""
    return make_password(TEST_PASSWORD)


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
    password = factory.LazyFunction(hashed_test_password)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def teams(self, create, extracted, **kwargs):
        if create and extracted:
            self.teams.set(extracted)


class AccessChangeFactory(factory.django.DjangoModelFactory):
    """A change to someone's roles, as the admin site records it."""

    class Meta:
        model = AccessChange

    user = factory.SubFactory(UserFactory)
    what = AccessChange.What.ROLES
    before = ""
    after = "Caseworker"


class TwoFactorEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TwoFactorEvent

    user = factory.SubFactory(UserFactory)
    kind = TwoFactorEvent.Kind.SET_UP


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app (django-otp makes its own random key)."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = two_factor.APP_DEVICE_NAME
    confirmed = True
