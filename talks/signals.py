"""The domain's own signals about transcripts, both sent by talks.services.changes.announce().

`transcripts_written` is sent synchronously inside the transaction, right after a write, so a
listener that keeps its index in the same database writes it there and it commits or rolls back
with the data. `transcripts_changed` is sent once after the transaction commits (never for a
rolled-back one), with all the transaction's changes in one send. Both carry `changed` and
`deleted`, lists of transcript ids. Nothing is sent per row, so bulk writes are covered."""

from django.dispatch import Signal

transcripts_written = Signal()
transcripts_changed = Signal()
