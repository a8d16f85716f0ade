from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .roles import (
    ADMINISTRATOR,
    CASEWORKER,
    DATA_PROTECTION_OFFICER,
    HEAD_OF_SERVICE,
    ROLES,
    TEAM_MANAGER,
)


class Team(models.Model):
    """A SEN casework team (usually by area or phase); users belong to one or more."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    class DigestFrequency(models.TextChoices):
        OFF = "off", "Off"
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly, on Mondays"

    job_title = models.CharField(max_length=100, blank=True)
    teams = models.ManyToManyField(Team, related_name="members", blank=True)
    # How often the reminder emails come: the caseworker's digest and the team manager's
    # escalation. "weekly" sends them on Mondays only; "off" sends none. The head of service's
    # summary is weekly anyway: it goes unless this is "off".
    digest_frequency = models.CharField(
        "Reminder emails",
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.DAILY,
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def role_names(self) -> list[str]:
        """The user's roles, in the order of ROLES; cached per request via the groups cache."""
        if not hasattr(self, "_role_names"):
            held = {group.name for group in self.groups.all()}
            self._role_names = [role for role in ROLES if role in held]
        return self._role_names

    def has_role(self, *roles: str) -> bool:
        return any(role in self.role_names() for role in roles)

    @property
    def is_caseworker(self) -> bool:
        return self.has_role(CASEWORKER)

    @property
    def is_team_manager(self) -> bool:
        return self.has_role(TEAM_MANAGER)

    @property
    def is_head_of_service(self) -> bool:
        return self.has_role(HEAD_OF_SERVICE)

    @property
    def is_administrator(self) -> bool:
        return self.has_role(ADMINISTRATOR)

    @property
    def is_data_protection_officer(self) -> bool:
        return self.has_role(DATA_PROTECTION_OFFICER)


class TwoFactorEvent(models.Model):
    """A change to someone's two-factor sign-in, kept for audit: the devices themselves are
    deleted when removed, so without this a removal would leave no trace."""

    class Kind(models.TextChoices):
        SET_UP = "set_up", "Authenticator app set up"
        REMOVED = "removed", "Authenticator app removed"
        BACKUP_CODES = "backup_codes", "New backup codes issued"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="two_factor_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    # Who made the change when it was not the user (an administrator in the admin site).
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class SignInThrottle(models.Model):
    """A run of failed sign-ins for one account (from any address) or from one address (for any
    account), read and written by accounts.throttle. The key is a hash: people type passwords
    into the username box, and an address is personal data."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "Account"
        ADDRESS = "address", "Address"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    last_failure_at = models.DateTimeField()
    # When the account's owner was last emailed an unlock link for this run (accounts.unlock).
    unlock_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="signin_throttle_once_per_key")
        ]
        indexes = [models.Index(fields=["last_failure_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.failures} failure(s)"


class AccessChange(models.Model):
    """A change to what someone may do: their roles, teams, or superuser or staff flag, kept
    for audit. Names rather than ids, so the record reads the same after a team is renamed."""

    class What(models.TextChoices):
        ROLES = "roles", "Roles"
        TEAMS = "teams", "Teams"
        SUPERUSER = "superuser", "Superuser"
        STAFF = "staff", "Admin site access"
        # Someone else's password set in the admin site: with their two-factor devices
        # removed (TwoFactorEvent), a way into their account, so told like a role change.
        PASSWORD = "password", "Password set by an administrator"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_changes")
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=20, choices=What.choices)
    before = models.CharField(max_length=500, blank=True)
    after = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self):
        return f"{self.get_what_display()}: {self.before or 'none'} → {self.after or 'none'}"
