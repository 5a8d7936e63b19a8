"""The baseline: SQLite FTS5 over the same segments (Chinese pre-segmented with jieba), answering
the same result page: the ten best talks with hit counts and three snippets each."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from talks.parsing.chinese import cut_words, han_ratio


class Fts5:
    def __init__(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)

    def build(self, rows) -> tuple[int, float]:
        started = time.monotonic()
        self.db.execute("CREATE VIRTUAL TABLE seg USING fts5(text, talk UNINDEXED, speaker UNINDEXED, "
                        "start UNINDEXED, tokenize = 'porter unicode61')")
        count = 0
        batch = []
        for text, talk, speaker, start in rows:
            if han_ratio(text) > 0.3:
                text = " ".join(w for w in cut_words(text) if w.strip())
            batch.append((text, talk, speaker, start))
            count += 1
            if len(batch) == 5000:
                self.db.executemany("INSERT INTO seg VALUES (?, ?, ?, ?)", batch)
                batch = []
        self.db.executemany("INSERT INTO seg VALUES (?, ?, ?, ?)", batch)
        self.db.commit()
        return count, time.monotonic() - started

    def size(self) -> int:
        return self.path.stat().st_size

    def page(self, match: str, speaker: str | None = None) -> list:
        where, args = "seg MATCH ?", [match]
        if speaker:
            where += " AND speaker = ?"
            args.append(speaker)
        talks = self.db.execute(
            f"SELECT talk, count(*), min(rank) AS best FROM seg WHERE {where} GROUP BY talk ORDER BY best LIMIT 10", args
        ).fetchall()
        page = []
        for talk, count, _ in talks:
            hits = self.db.execute(
                f"SELECT start, snippet(seg, 0, '<mark>', '</mark>', '…', 16) FROM seg WHERE {where} AND talk = ? "
                "ORDER BY rank LIMIT 3", [*args, talk]
            ).fetchall()
            page.append((talk, count, hits))
        return page


def fts5_query(kind: str, text: str) -> str:
    """Our query in FTS5's syntax."""
    if kind == "phrase":
        return '"' + text.strip('"') + '"'
    if kind == "prefix":
        return '"' + text.rstrip("*") + '"*'
    if kind == "chinese":
        return " ".join(f'"{w}"' for w in cut_words(text) if w.strip())
    return " AND ".join(f'"{w}"' for w in text.split())
