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
# With no BOM (a BOM is handled before detection) Python's utf_16 reads little-endian: name it so.
_NO_BOM = {"utf_16": "utf_16_le", "utf_32": "utf_32_le"}

_ALLOWED_CONTROLS = {"\n", "\r", "\t", "\f"}
# Unicode category Cc (C0, DEL, C1) less the allowed ones.
_CONTROL = re.compile("[" + "".join(
    re.escape(chr(c)) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in _ALLOWED_CONTROLS) + "]")
_MAX_CONTROL_RATIO = 0.01
# UTF-16 without a BOM: in the first 4 KiB, at least 30% of the bytes on one side are zero and at most 10% on
# the other (Latin text: ~100% and 0%; Chinese subtitles: ~70% and the rare U+xx00 character, like 一).
_UTF16_SAMPLE = 4096
_UTF16_MIN_ZERO_SHARE = 0.3
_UTF16_MAX_OTHER_SHARE = 0.1


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
    if utf16 := _utf16_without_bom(data):
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError as error:
            raise TranscriptParseError(f"looks like {utf16} but is not valid {utf16}",
                                       line=_line_at(data, error.start, utf16)) from None
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
    encoding = _NO_BOM.get(encoding, encoding)
    try:
        return data.decode(encoding), encoding.replace("_", "-")
    except UnicodeDecodeError as error:
        raise TranscriptParseError(
            f"is not valid {encoding}", line=_line_at(data, error.start, encoding)
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 with no byte-order mark, told by its zero bytes: every ASCII character (all of Latin text,
    and the times, spaces and line ends of any transcript) has one, always on the same side. Strict
    UTF-8 would accept such bytes (NUL is valid UTF-8) and the text would be refused as binary."""
    sample = data[:_UTF16_SAMPLE]
    half = len(sample) // 2
    if len(data) % 2 or half < 2:
        return None
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, other, encoding in ((odd_zeros, even_zeros, "utf-16-le"), (even_zeros, odd_zeros, "utf-16-be")):
        if zeros >= _UTF16_MIN_ZERO_SHARE * half and other <= _UTF16_MAX_OTHER_SHARE * half:
            return encoding
    return None


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
