"""The admin: thin ModelAdmins over the services in talks.services, the transcript upload view,
and the background jobs' list."""

from . import jobs, models  # noqa: F401  (registers the ModelAdmins)
