"""announce(): the one place that tells listeners (the search index) which transcripts changed."""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, transaction

from talks.models import Transcript
from talks.signals import transcripts_changed, transcripts_written

_local = threading.local()


class _Announcement:
    """One announce()'s ids, registered as an on_commit callback. The registry below holds it
    weakly: when a rollback makes Django drop the callback, the announcement disappears with it."""

    __slots__ = ("changed", "deleted", "using", "__weakref__")

    def __init__(self, changed: list[int], deleted: list[int], using: str) -> None:
        self.changed, self.deleted, self.using = changed, deleted, using

    def __call__(self) -> None:
        # The first announcement to run after commit sends those of the whole transaction; the
        # others then find nothing left, so one transaction gives one send.
        live = list(_registry(self.using))
        _registry(self.using).clear()
        if not live:
            return
        deleted = {i for a in live for i in a.deleted}
        changed = {i for a in live for i in a.changed} - deleted
        responses = transcripts_changed.send(sender=Transcript, changed=sorted(changed), deleted=sorted(deleted))
        _report(responses, changed | deleted)


@dataclass
class ListenerReport:
    """Transcripts a listener could not handle (it answered False), e.g. an index write that failed."""

    failed: set[int] = field(default_factory=set)


@contextlib.contextmanager
def watch_listeners() -> Iterator[ListenerReport]:
    """Collect, for the caller (a command that must exit non-zero), what listeners could not handle
    while the block runs, including after-commit sends."""
    report = ListenerReport()
    watchers = _watchers()
    watchers.append(report)
    try:
        yield report
    finally:
        watchers.remove(report)


def _watchers() -> list[ListenerReport]:
    if not hasattr(_local, "watchers"):
        _local.watchers = []
    return _local.watchers


def _report(responses, ids: set[int]) -> None:
    if any(response is False for _, response in responses):
        for report in _watchers():
            report.failed.update(ids)


def _registry(using: str) -> weakref.WeakSet:
    registries = getattr(_local, "registries", None)
    if registries is None:
        registries = _local.registries = {}
    return registries.setdefault(using, weakref.WeakSet())


def announce(*, changed: Iterable[int] = (), deleted: Iterable[int] = (), using: str = DEFAULT_DB_ALIAS) -> None:
    """Call right after writing, inside the transaction that wrote. Listeners hear
    `transcripts_written` now and `transcripts_changed` once the transaction has committed
    (at once when there is no transaction)."""
    deleted = sorted(set(deleted))
    changed = sorted(set(changed) - set(deleted))
    if not changed and not deleted:
        return
    _report(transcripts_written.send(sender=Transcript, changed=changed, deleted=deleted), set(changed) | set(deleted))
    announcement = _Announcement(changed, deleted, using)
    _registry(using).add(announcement)
    transaction.on_commit(announcement, using=using)
