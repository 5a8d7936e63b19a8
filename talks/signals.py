"""The domain's own signal: sent once a transaction that changed transcripts has committed.

Listeners (the search index) receive `changed` and `deleted`, lists of transcript ids. Nothing is
sent per row, so bulk writes are covered, nothing is sent for a rolled-back transaction, and all
the changes of one transaction (an admin page saving a hundred segments) arrive as one send."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

transcripts_changed = Signal()


class _Batch:
    """The transcripts one transaction changed; registered once with on_commit."""

    def __init__(self) -> None:
        self.changed: set[int] = set()
        self.deleted: set[int] = set()
        self.sent = False

    def __call__(self) -> None:
        from .models import Transcript

        self.sent = True
        transcripts_changed.send(
            sender=Transcript, changed=sorted(self.changed - self.deleted), deleted=sorted(self.deleted)
        )


def announce_after_commit(*, changed: Iterable[int] = (), deleted: Iterable[int] = ()) -> None:
    connection = transaction.get_connection()
    batch = None
    if connection.in_atomic_block:
        # A batch whose savepoint was rolled back has left this list, so a new one is started.
        batch = next((f for _, f, _ in connection.run_on_commit if isinstance(f, _Batch) and not f.sent), None)
    if batch is None:
        batch = _Batch()
        batch.changed.update(changed)
        batch.deleted.update(deleted)
        transaction.on_commit(batch)  # outside a transaction this runs at once
        return
    batch.changed.update(changed)
    batch.deleted.update(deleted)
