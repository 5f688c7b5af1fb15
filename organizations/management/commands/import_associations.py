"""Import associations from a CSV file with YTJ-shaped columns.

    manage.py import_associations yhdistykset.csv [--dry-run]

Columns: ytunnus, nimi (required), kotipaikka, rekisterinumero, toimiala (or category),
www, sahkoposti, puhelin, perustamisvuosi. See organizations/importer.py and docs/import.md.
A row with a known business ID (else the same name) updates that association; bad rows are
listed with their line numbers and change nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations.importer import import_associations


class Command(BaseCommand):
    help = "Import associations from a CSV file (YTJ-shaped columns); see docs/import.md."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The CSV file, UTF-8.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, then roll everything back."
        )

    def handle(self, *args, path: Path, dry_run=False, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        # tqdm draws on the raw stream; Django's wrapper would end every redraw with a newline.
        progress = getattr(self.stderr, "_out", self.stderr)
        result = import_associations(text, dry_run=dry_run, progress=progress)
        for line, reason in result.errors:
            self.stderr.write(f"line {line}: {reason}")
        summary = (
            f"{result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, {len(result.errors)} rejected"
        )
        if dry_run:
            summary += " (dry run: nothing was saved)"
        self.stdout.write(summary)
