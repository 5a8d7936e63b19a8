"""The one exception every parser raises on input it refuses."""

from __future__ import annotations


class TranscriptParseError(ValueError):
    """A transcript file was refused; says which file, which line and why."""

    def __init__(self, reason: str, *, line: int | None = None, filename: str = "") -> None:
        self.reason = reason
        self.line = line
        self.filename = filename
        super().__init__(str(self))

    def for_file(self, filename: str) -> TranscriptParseError:
        return TranscriptParseError(self.reason, line=self.line, filename=filename)

    def __str__(self) -> str:
        where = self.filename or "transcript"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}"
