"""Remove someone's authenticator app and backup codes (a lost phone); they set up a new app at
their next sign-in. Recorded as a TwoFactorEvent like a removal anywhere else."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.two_factor import is_set_up, remove_two_factor


class Command(BaseCommand):
    help = "Remove a user's two-factor devices so that they set up a new authenticator app."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user with the username {username!r}") from None
        had_app = is_set_up(user)
        remove_two_factor(user)
        if had_app:
            self.stdout.write(f"Removed {username}'s two-factor sign-in.")
        else:
            self.stdout.write(f"{username} had no authenticator app; nothing else to do.")
