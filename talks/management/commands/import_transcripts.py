from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talks.parsing import FORMATS, TranscriptParseError
from talks.services import ImportRefused, import_paths

from ._output import describe


class Command(BaseCommand):
    help = (
        "Import transcript files (or folders of them) in one transaction: all of them or none. "
        "A metadata file beside a transcript (talk.srt → talk.meta.toml) supplies what the file cannot say."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--talk", metavar="SLUG", help="Attach to this talk, creating it when missing.")
        parser.add_argument("--title", help="Title of the talk when it is created (default: from the file).")
        parser.add_argument("--language", metavar="TAG", help="BCP 47 language tag, e.g. en, de, zh-Hans.")
        parser.add_argument("--recording", metavar="URL", help="The recording the transcript's times refer to.")
        parser.add_argument("--format", choices=FORMATS, help="Skip format detection.")

    def handle(self, *args, **options):
        try:
            results = import_paths(
                paths=options["paths"],
                talk_slug=options["talk"],
                title=options["title"],
                language=options["language"],
                recording_url=options["recording"],
                format=options["format"],
            )
        except (TranscriptParseError, ImportRefused) as error:
            raise CommandError(f"{error} (nothing was imported)") from None
        for path, result in results:
            self.stdout.write(describe(path, result))
            for warning in result.warnings:
                self.stderr.write(f"warning: {warning}")
