"""Logging filters (config/settings.py LOGGING): what a person reading the log needs, not every request."""

import logging

UPKEEP_TASK = "search.tasks.upkeep"


class NoClientErrors(logging.Filter):
    """Drop django.request's "Bad Request" lines: a 400 answers a visitor's mistake (a malformed query, a bad
    parameter) with a message to them; it is no fault of the server's. Other 4xx and every 5xx are kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "django.request" and getattr(record, "status_code", None) == 400)


class QuietUpkeep(logging.Filter):
    """Drop django-tasks' started/succeeded lines for the periodic upkeep (two a minute); search.tasks.upkeep logs
    a line itself when it changed something, and a failed run is still logged by django-tasks."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("django_tasks") or record.levelno > logging.INFO:
            return True
        return UPKEEP_TASK not in record.getMessage()
