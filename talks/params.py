"""Query and path parameters, read one way everywhere.

Numbers are ASCII digits only (`str.isdigit()` and `int()` also accept '²' or '٣'), every number has a
range, text has a length and no control characters. A page that can do without a parameter reads it
with `Params(query, lenient=True)` and ignores a bad value; otherwise a bad value raises `BadParameter`,
whose message names the parameter, and the view answers 400. Nothing here answers 500.

Anyone adding a parameter reads it through these helpers."""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Mapping

MAX_ID = 2**63 - 1  # the largest primary key SQLite and PostgreSQL store
MAX_TEXT_LENGTH = 500
MAX_VALUES = 20
MAX_SECONDS = 10**7  # about 115 days
MIN_YEAR, MAX_YEAR = datetime.MINYEAR, datetime.MAXYEAR

_INTEGER = re.compile(r"[+-]?[0-9]{1,19}", re.ASCII)
_DECIMAL = re.compile(r"[0-9]{1,12}(?:\.[0-9]{0,6})?", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadParameter(ValueError):
    """A parameter's value cannot be used; the message names the parameter, for a 400 answer."""

    def __init__(self, name: str, problem: str):
        self.name = name
        super().__init__(f"{name}: {problem}")


def parse_int(raw: str, *, name: str, minimum: int = 0, maximum: int = MAX_ID) -> int:
    """An integer written in ASCII digits, within [minimum, maximum]."""
    value = raw.strip()
    if not _INTEGER.fullmatch(value):
        raise BadParameter(name, f"'{_shown(raw)}' is not a whole number (digits 0-9).")
    number = int(value)
    if not minimum <= number <= maximum:
        raise BadParameter(name, f"{number} is out of range ({minimum} to {maximum}).")
    return number


def parse_year(raw: str, *, name: str = "year") -> int:
    """A calendar year such as 2024."""
    return parse_int(raw, name=name, minimum=MIN_YEAR, maximum=MAX_YEAR)


def parse_seconds(raw: str, *, name: str = "t") -> float:
    """A moment in a recording: seconds, optionally with a decimal fraction (`90`, `90.5`)."""
    value = raw.strip()
    if not _DECIMAL.fullmatch(value) or float(value) >= MAX_SECONDS:
        raise BadParameter(name, f"'{_shown(raw)}' is not a number of seconds such as 90 or 90.5.")
    return float(value)


def parse_text(raw: str, *, name: str, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Text without control characters (NUL included), at most max_length characters, stripped."""
    if _CONTROL.search(raw):
        raise BadParameter(name, "contains a control character.")
    value = raw.strip()
    if len(value) > max_length:
        raise BadParameter(name, f"is {len(value)} characters long; the limit is {max_length}.")
    return value


class Params:
    """Typed access to a QueryDict (request.GET). Absent or empty values give the default.

    lenient=True turns a bad value into the default instead of raising BadParameter."""

    def __init__(self, query: Mapping, *, lenient: bool = False):
        self._query = query
        self._lenient = lenient

    def integer(self, name: str, *, default: int | None = None, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
        return self._read(name, default, lambda raw: parse_int(raw, name=name, minimum=minimum, maximum=maximum))

    def object_id(self, name: str) -> int | None:
        """A primary key (1 and up), or None."""
        return self.integer(name, minimum=1)

    def year(self, name: str = "year") -> int | None:
        return self._read(name, None, lambda raw: parse_year(raw, name=name))

    def seconds(self, name: str = "t") -> float | None:
        return self._read(name, None, lambda raw: parse_seconds(raw, name=name))

    def text(self, name: str, *, default: str = "", max_length: int = MAX_TEXT_LENGTH) -> str:
        return self._read(name, default, lambda raw: parse_text(raw, name=name, max_length=max_length))

    def texts(self, name: str, *, max_values: int = MAX_VALUES, max_length: int = MAX_TEXT_LENGTH) -> list[str]:
        """Every non-empty value of a repeated parameter (`?lang=en&lang=de`)."""
        raws = self._query.getlist(name) if hasattr(self._query, "getlist") else [self._query.get(name, "")]
        values = []
        for raw in raws:
            value = self._read_raw(name, raw, "", lambda r: parse_text(r, name=name, max_length=max_length))
            if value:
                values.append(value)
        if len(values) > max_values:
            if self._lenient:
                return values[:max_values]
            raise BadParameter(name, f"given {len(values)} times; the limit is {max_values}.")
        return values

    def choice(self, name: str, choices: Collection[str], *, default: str) -> str:
        def parse(raw: str) -> str:
            value = raw.strip()
            if value not in choices:
                raise BadParameter(name, f"'{_shown(raw)}' is not one of {', '.join(choices)}.")
            return value

        return self._read(name, default, parse)

    def flag(self, name: str) -> bool:
        """`1` (or `true`, `on`, `yes`) is true; absent, `0` (or `false`, `off`, `no`) false."""
        return self.choice(name, ("1", "true", "on", "yes", "0", "false", "off", "no"), default="0") in {
            "1", "true", "on", "yes"}

    def _read(self, name, default, parse):
        raw = self._query.get(name)
        return self._read_raw(name, raw, default, parse)

    def _read_raw(self, name, raw, default, parse):
        if raw is None or raw.strip() == "" and not _CONTROL.search(raw):
            return default
        try:
            return parse(raw)
        except BadParameter:
            if self._lenient:
                return default
            raise


def _shown(raw: str, limit: int = 40) -> str:
    """A value as it may be quoted back in a message: control characters escaped, long values cut."""
    cleaned = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", raw)
    return cleaned if len(cleaned) <= limit else f"{cleaned[:limit]}…"


class IdConverter:
    """A path segment holding a primary key: ASCII digits that fit the database, else the URL does not
    match (404). Django's `int` converter accepts any length and a 20-digit id overflows SQLite (500)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))
