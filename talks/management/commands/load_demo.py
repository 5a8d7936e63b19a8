from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from talks.parsing import TranscriptParseError
from talks.services import ImportRefused, import_paths

from ._output import describe


class Command(BaseCommand):
    help = "Load the demo archive from fixtures/demo/ (the seed transcripts and their metadata). Safe to run again."

    def handle(self, *args, **options):
        try:
            results = import_paths(paths=[settings.BASE_DIR / "fixtures" / "demo"])
        except (TranscriptParseError, ImportRefused) as error:
            raise CommandError(str(error)) from None
        for path, result in results:
            self.stdout.write(describe(path.name, result), self.style.SUCCESS if result.created else None)
