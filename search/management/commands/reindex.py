import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.indexing import reindex
from talks.models import Segment


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database into a new directory and swap it in at once "
        "(searches keep answering meanwhile). With --stale, only index what is stale or missing from the live "
        "index and remove what the database no longer has (and rebuild the index if it is missing, damaged "
        "or of another version: a dropped PostgreSQL search table or configuration is made again). "
        "Exits non-zero when an index write failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="Only repair: index stale transcripts, drop deleted ones.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, stale, no_progress, **options):
        total = None if stale else Segment.objects.count()
        with tqdm(total=total, unit="segment", file=sys.stderr, disable=no_progress or None, leave=False) as bar:
            report = reindex(stale_only=stale, progress=bar.update)
        what = "rebuilt" if report.rebuilt else "repaired"
        if stale and report.rebuilt:
            what = "rebuilt (the index was missing, damaged or built by another version)"
        self.stdout.write(
            f"{what}: {report.transcripts} transcripts, {report.segments} segments indexed, "
            f"{report.deleted} removed, in {report.seconds:.1f} s"
        )
        if report.failed:
            raise CommandError(
                f"the search index could not be written for {report.failed} transcript(s); they stay marked "
                "for repair (the worker retries them)"
            )
