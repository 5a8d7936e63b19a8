from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talks.parsing import FORMATS, TranscriptParseError
from talks.services import ImportRefused, import_paths
from talks.services.changes import watch_listeners

from ._output import describe


class Command(BaseCommand):
    help = (
        "Import transcript files (or folders of them). Every file is checked first: one refused file imports "
        "none. Then each talk is saved in its own transaction, so others can write meanwhile. "
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
        with watch_listeners() as listeners:
            results = self.import_paths(options)
        for path, result in results:
            self.stdout.write(describe(path, result))
            for warning in result.warnings:
                self.stderr.write(f"warning: {warning}")
        if listeners.failed:
            raise CommandError(
                f"imported, but the search index could not be written for {len(listeners.failed)} transcript(s); "
                "the worker (manage.py db_worker) retries, or run `manage.py reindex --stale`"
            )

    def import_paths(self, options):
        try:
            return import_paths(
                paths=options["paths"],
                talk_slug=options["talk"],
                title=options["title"],
                language=options["language"],
                recording_url=options["recording"],
                format=options["format"],
            )
        except (TranscriptParseError, ImportRefused) as error:
            raise CommandError(str(error)) from None
