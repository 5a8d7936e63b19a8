"""django-tasks-db's worker, which also makes sure the periodic index upkeep is queued: with a worker
running, stale transcripts, a lost index and debris are repaired with no operator."""

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from search.tasks import schedule_upkeep


class Command(WorkerCommand):
    help = WorkerCommand.help + " Queues the search index upkeep (repairs, clean-up) when none is queued."

    def handle(self, *args, **options):
        schedule_upkeep()
        return super().handle(*args, **options)
