"""django-tasks-db's worker, which also makes sure the periodic index upkeep is queued (with a worker
running, stale transcripts, a lost index and debris are repaired with no operator), and which
outlives a database that is busy for a moment instead of exiting."""

import logging
import time

from django.db import OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from search.tasks import schedule_upkeep

logger = logging.getLogger(__name__)
BUSY_PAUSE_SECONDS = 1


class Command(WorkerCommand):
    help = WorkerCommand.help + " Queues the search index upkeep (repairs, clean-up) when none is queued."

    def handle(self, *args, **options):
        while True:
            try:
                schedule_upkeep()
                return super().handle(*args, **options)
            except OperationalError as error:
                if "locked" not in str(error).lower():
                    raise
                logger.warning("database busy (%s); the worker carries on in %s s", error, BUSY_PAUSE_SECONDS)
                close_old_connections()
                time.sleep(BUSY_PAUSE_SECONDS)
