"""The admin: thin ModelAdmins over the services in talks.services, plus the transcript upload view."""

from . import models  # noqa: F401  (registers the ModelAdmins)
