"""Write one child's subject access export (records.subject_access) to a zip file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Child
from records.models import Channel
from records.subject_access import export_subject_access


class Command(BaseCommand):
    help = "Export everything held about one child (subject access request) as a zip file."

    def add_arguments(self, parser):
        parser.add_argument("child_id", type=int, help="The child's id (never the name).")
        parser.add_argument("--out", required=True, help="The zip file to write.")

    def handle(self, *args, child_id: int, out: str, **options):
        child = Child.objects.filter(pk=child_id).first()
        if child is None:
            raise CommandError(f"No child with id {child_id}")
        path = Path(out)
        with path.open("wb") as file:
            export = export_subject_access(child=child, out=file, channel=Channel.COMMAND)
        # Ids and sizes only: the terminal and its logs are no place for a child's name.
        self.stdout.write(
            f"Wrote the records of child {child_id} to {path} ({export.file_size} bytes); "
            f"recorded as export {export.pk}."
        )
