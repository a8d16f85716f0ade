"""Run the daily deadline scan by hand or from cron: the same services the Celery task calls."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.models import Alert, ReminderLog
from cases.services.alerts import scan_deadlines
from cases.services.reminders import first_error, send_reminders
from core import commands


class Command(BaseCommand):
    help = (
        "Raise deadline alerts for a day and send the reminder emails: digests, escalations "
        "and (on Mondays) the weekly summary. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to scan for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--no-email", action="store_true", help="raise alerts but send no emails"
        )

    def handle(self, *args, **options):
        today = commands.day(options["date"]) if options["date"] else timezone.localdate()
        scan = scan_deadlines(today=today)
        self.stdout.write(f"Scanned {scan.scanned} open deadlines for {today:%Y-%m-%d}.")
        for kind, label in Alert.Kind.choices:
            self.stdout.write(f"  {kind}: {scan.raised.get(kind, 0)} new ({label})")
        self.stdout.write(f"New alerts: {scan.total}.")
        if options["no_email"]:
            self.stdout.write("Digests not sent, nor any other email (--no-email).")
            return
        results = send_reminders(today=today)
        for kind, label in ReminderLog.Kind.choices:
            result = results[kind]
            skipped = ", ".join(f"{k} {v}" for k, v in sorted(result.skipped.items())) or "none"
            line = f"{label}: {result.sent} sent, {result.failed} failed; skipped: {skipped}."
            self.stdout.write(self.style.SUCCESS(line) if not result.failed else line)
        error = first_error(results)
        if error is not None:
            raise CommandError(f"Some emails were not sent ({type(error).__name__}); run again.")
