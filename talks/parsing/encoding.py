"""Bytes to text: BOMs first, then strict UTF-8, then charset-normalizer for legacy encodings."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from .errors import TranscriptParseError

# UTF-32 BOMs begin with the UTF-16 ones, so they must be tried first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# charset-normalizer often scores several code pages equally (cp1250, cp1252 and cp1257 on
# German text); among equals, take the one transcripts are most often written in.
_PREFERENCE = ("utf_8", "gb18030", "big5", "cp1252", "cp1254", "utf_16", "utf_32", "shift_jis", "euc_kr", "cp1251", "cp1250")
# Decoding with the superset keeps the rare characters the subset tables lack.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "big5hkscs": "big5"}

_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f"}
# Unicode category Cc (C0, DEL, C1) less the allowed ones.
_CONTROL = re.compile("[" + "".join(
    re.escape(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in _ALLOWED_CONTROLS) + "]")
_MAX_CONTROL_RATIO = 0.01


def decode(data: bytes) -> tuple[str, str]:
    """Return the text with newlines normalised to LF, and the encoding's name."""
    if not data.strip():
        raise TranscriptParseError("the file is empty")
    text, encoding = _decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _refuse_binary(text)
    return text, encoding


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError as error:
                raise TranscriptParseError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}",
                    line=_line_at(data, error.start, encoding),
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        raise TranscriptParseError("is binary data or text in an unknown encoding, not a transcript")
    tied = [r.encoding for r in results if r.chaos == best.chaos and r.coherence == best.coherence]
    encoding = min(tied, key=_rank)
    encoding = _SUPERSETS.get(encoding, encoding)
    encoding = _more_common_alias(data, encoding)
    try:
        return data.decode(encoding), encoding.replace("_", "-")
    except UnicodeDecodeError as error:
        raise TranscriptParseError(
            f"is not valid {encoding}", line=_line_at(data, error.start, encoding)
        ) from None


def _rank(name: str) -> int:
    return _PREFERENCE.index(name) if name in _PREFERENCE else len(_PREFERENCE)


def _more_common_alias(data: bytes, encoding: str) -> str:
    """cp1250 and cp1252 agree on most letters: when a more common encoding gives the very same
    text, report that one."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return encoding
    for name in _PREFERENCE[: _rank(encoding)]:
        try:
            if data.decode(name) == text:
                return name
        except UnicodeDecodeError:
            continue
    return encoding


def _line_at(data: bytes, offset: int, encoding: str) -> int:
    return data[:offset].decode(encoding, errors="ignore").count("\n") + 1


def _refuse_binary(text: str) -> None:
    first = _CONTROL.search(text)  # a regex, not a loop in Python: this runs over every imported byte
    if first and ("\x00" in text or len(_CONTROL.findall(text)) > _MAX_CONTROL_RATIO * len(text)):
        raise TranscriptParseError(
            "holds binary data (control characters), not a transcript",
            line=text.count("\n", 0, first.start()) + 1,
        )
