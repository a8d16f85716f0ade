"""Lift the pause on signing in to an account now (an administrator, when its owner cannot get
the unlock email). Pauses on an address lift on their own; this is for the person in front of
you, whose account you know."""

from django.core.management.base import BaseCommand

from accounts.throttle import forget_account


class Command(BaseCommand):
    help = "Lift the pause on signing in to an account after failed attempts."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        forget_account(username)
        self.stdout.write(f"Signing in to {username!r} is no longer paused.")
