"""Write Ofsted's Annex A List 1 (children and young people with an EHC plan) as XLSX or CSV."""

import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.access import visible_children
from core import commands
from reporting.annex_a.services import produce_list1, read_list_supplement
from reporting.annex_a.supplement import SupplementRefused
from reporting.models import AnnexAProduction

PERMISSION = "portal.produce_annex_a"


class Command(BaseCommand):
    help = (
        "Write Annex A List 1 for an area SEND inspection, on behalf of a head of service "
        "(--by), who is recorded with the row count. With --supplement, merge a CSV keyed by "
        "UPN of the columns the service does not hold; any bad row refuses the supplement."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", dest="file_format", choices=("xlsx", "csv"), required=True)
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--supplement", help="CSV keyed by UPN (see docs/annex-a.md)")
        parser.add_argument("--by", required=True, help="username of the head of service")
        parser.add_argument(
            "--date", dest="on", help="plans in force on YYYY-MM-DD (default: today)"
        )

    def handle(self, *args, file_format, output, supplement, by, on, **options):
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None or not user.has_perm(PERMISSION):
            raise CommandError(f"{by!r} is not an active head of service: the list is theirs")
        day = commands.day(on) if on else timezone.localdate()
        children = visible_children(user)
        merged = None
        if supplement:
            merged = self._supplement(Path(supplement), day, children)
        produced = produce_list1(
            day=day,
            children=children,
            file_format=file_format,
            channel=AnnexAProduction.Channel.COMMAND,
            by=user,
            operator=getpass.getuser(),
            supplement=merged,
        )
        Path(output).write_bytes(produced.content)
        list1 = produced.list1
        self.stdout.write(f"{len(list1.rows)} rows: children with an EHC plan on {day:%d/%m/%Y}")
        if merged:
            self.stdout.write(f"Supplement: {merged.matched} rows merged by UPN")
        blank = list1.blank_columns
        self.stdout.write(f"columns left blank: {'; '.join(blank) if blank else 'none'}")
        self.stdout.write(self.style.SUCCESS(f"Wrote {output}"))

    def _supplement(self, path: Path, day, children):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read the supplement: {error}") from error
        try:
            merged = read_list_supplement(data, day=day, children=children)
        except SupplementRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"ERROR: {problem}")
            raise CommandError(
                f"Not written: the supplement has {len(refused.problems)} problem(s) above"
            ) from None
        for problem in merged.unknown_upns:
            self.stderr.write(f"WARNING: {problem}")
        return merged
