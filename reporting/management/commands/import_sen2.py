"""Load a SEN2 return from another system into the portal (a migration)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Team
from reporting.sen2.importing import ImportRefused, import_sen2


class Command(BaseCommand):
    help = (
        "Import a SEN2 2024 XML file: children, requests, assessments, plans and placements. "
        "All or nothing: every problem is listed and, if any is an error, nothing is imported. "
        "Running it again on the same file creates nothing twice. A person is an existing "
        "child when the UPN (else the ULN) and the date of birth agree; without either, when "
        "the names and date of birth do."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--team", default=None, help="the team new children join (default: unallocated)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
        parser.add_argument(
            "--user",
            default=None,
            help="the username the history records as having imported (default: none)",
        )

    def handle(self, *args, file, team, dry_run, user=None, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        team_obj = None
        if team:
            team_obj = Team.objects.filter(name=team).first()
            if team_obj is None:
                raise CommandError(f"No team called {team!r}")
        by = None
        if user:
            by = get_user_model().objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"No user called {user!r}")
        try:
            result = import_sen2(data, by=by, team=team_obj, dry_run=dry_run)
        except ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"{problem.level.upper()}: {problem}")
            errors = [p for p in refused.problems if p.level == "error"]
            raise CommandError(f"Nothing imported: {len(errors)} error(s) in {file}") from None
        for problem in result.warnings:
            self.stdout.write(f"WARNING: {problem}")
        verb = "Would create" if dry_run else "Created"
        created = ", ".join(f"{n} {label}" for label, n in sorted(result.created.items()))
        self.stdout.write(f"{result.persons} persons read. {verb}: {created or 'nothing'}.")
        existing = sum(result.existing.values())
        if existing:
            self.stdout.write(f"{existing} rows were already there and were left unchanged.")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Import finished"))
