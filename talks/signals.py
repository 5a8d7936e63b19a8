"""The domain's own signal: sent once a transaction that changed transcripts has committed.

Listeners (the search index) receive `changed` and `deleted`, lists of transcript ids. Nothing is
sent per row, so bulk writes are covered and nothing is sent for a rolled-back transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

transcripts_changed = Signal()


def announce_after_commit(*, changed: Iterable[int] = (), deleted: Iterable[int] = ()) -> None:
    changed, deleted = list(changed), list(deleted)
    from .models import Transcript

    transaction.on_commit(
        lambda: transcripts_changed.send(sender=Transcript, changed=changed, deleted=deleted)
    )
