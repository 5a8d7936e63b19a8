"""A search's time budget (SEARCH_TIME_BUDGET_MS), shared by the backends.

Query budgets (search.query) bound what a query asks for before it runs; this bounds how long it may run
anyway, so a few expensive searches at once leave threads for everyone else. Whoosh stops collecting when
the deadline passes and answers with what it found so far; PostgreSQL gives each statement at most the time
left, and a search out of time is refused with TIMED_OUT."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings

from .query import QueryError

DEFAULT_BUDGET_MS = 1000
TIMED_OUT = "This search took too long; add words or filters to narrow it."


class SearchTimedOut(QueryError):
    """The search ran out of its time budget; the message says what to do (TIMED_OUT)."""

    def __init__(self) -> None:
        super().__init__(TIMED_OUT)


@dataclass(frozen=True)
class Deadline:
    at: float  # time.monotonic()

    @classmethod
    def start(cls, budget_ms: int | None = None) -> Deadline:
        if budget_ms is None:
            budget_ms = getattr(settings, "SEARCH_TIME_BUDGET_MS", DEFAULT_BUDGET_MS)
        return cls(time.monotonic() + budget_ms / 1000)

    def remaining_ms(self) -> int:
        return max(0, int((self.at - time.monotonic()) * 1000))

    def passed(self) -> bool:
        return time.monotonic() >= self.at
