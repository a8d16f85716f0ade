"""Build (or top up) a synthetic demo council. Safe to run again: it adds only what is missing."""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, DEMO_USERS, ensure_caseworkers, ensure_demo_users
from accounts.models import User
from cases.demo import MAX_CHILDREN, seed_children, seed_requests
from cases.services.alerts import scan_deadlines
from placements.demo import seed_placements
from plans.demo import seed_plans
from reporting.reference.demo import seed_reference


class Command(BaseCommand):
    help = "Create demo users, teams and children for a synthetic council (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--children", type=int, default=400, help="how many children (default 400)"
        )

    def handle(self, *args, children: int, **options):
        if not 0 <= children <= MAX_CHILDREN:
            raise CommandError(f"--children must be between 0 and {MAX_CHILDREN:,}")
        started = time.monotonic()
        with transaction.atomic():
            ensure_demo_users()
            caseworkers = ensure_caseworkers(children)
        today = timezone.localdate()
        added = seed_children(children, caseworkers=caseworkers, today=today)
        requests = seed_requests(today=today)
        plans = seed_plans(today=today)
        admin = User.objects.filter(username="admin").first()
        placed = seed_placements(
            rng=random.Random("send-portal-demo-placements"),  # noqa: S311 - repeatable demo
            today=today,
            by=admin,
            plans=plans,
        )
        reference = seed_reference(today=today, by=admin)
        # The demo's cases were recorded as if over past months: raise today's alerts now, as
        # the morning scan would, so a fresh demo shows them. No emails: nobody is reminded of
        # a demo.
        alerts = scan_deadlines(today=today)
        if connection.vendor == "postgresql":
            # Fresh bulk loads leave the planner without statistics until autovacuum runs; a
            # caseload query then takes seconds instead of milliseconds.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Demo council ready: {added:,} children added ({children:,} wanted), "
            f"{requests:,} requests for assessment recorded, {len(plans):,} plans, "
            f"{placed:,} placements, {alerts.total:,} alerts raised by the scan, "
            f"{sum(reference.values()):,} population, comparator and target rows, "
            f"in {time.monotonic() - started:.1f}s."
        )
        self.stdout.write(f"Sign in with any of these (password: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<8} {user.role}")
