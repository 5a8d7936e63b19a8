"""django-tasks-db's worker, which also makes sure the periodic index upkeep is queued (with a worker
running, stale transcripts, a lost index and debris are repaired with no operator), and which outlives
the database: a moment of SQLite's lock, or an outage of PostgreSQL (it waits with backoff, logging one
line when the database goes away and one when it is back), instead of exiting."""

from __future__ import annotations

import logging
import os
import time

from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

from config.outage import DatabaseState, is_outage
from search.tasks import schedule_upkeep

logger = logging.getLogger(__name__)
BUSY_PAUSE_SECONDS = 1
OUTAGE_MAX_PAUSE_SECONDS = 30


class ResilientWorker(Worker):
    """Runs tasks until stopped; a lost database pauses it (1 s, 2 s, 4 s … at most 30 s between tries)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.database = DatabaseState("worker")

    def run(self) -> None:
        pause = BUSY_PAUSE_SECONDS
        while self.running:
            try:
                schedule_upkeep()
                self.database.answered()
                pause = BUSY_PAUSE_SECONDS
                return super().run()  # says "Starting worker" the first time only (_Restarted)
            except DatabaseError as error:
                if "locked" in str(error).lower():
                    logger.warning("database busy (%s); the worker carries on in %s s", error, pause)
                elif is_outage(error):
                    self.database.failed(error)
                else:
                    raise
            close_old_connections()  # a lost connection is dropped; the next query opens a new one
            _Restarted.install()
            time.sleep(pause)
            pause = min(pause * 2, OUTAGE_MAX_PAUSE_SECONDS)


class _Restarted(logging.Filter):
    """After a pause the worker's loop starts again: no second "Starting worker" line (one line per change)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Starting worker")

    @classmethod
    def install(cls) -> None:
        tasks_logger = logging.getLogger("django_tasks_db")
        if not any(isinstance(f, cls) for f in tasks_logger.filters):
            tasks_logger.addFilter(cls())


class Command(WorkerCommand):
    help = WorkerCommand.help + " Queues the search index upkeep (repairs, clean-up) when none is queued."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options):
        """As django-tasks-db's own handle(), with the worker above."""
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
                                 startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                                 excluded_queue_names=excluded)
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the child the reloader starts
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
