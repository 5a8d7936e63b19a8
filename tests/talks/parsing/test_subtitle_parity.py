"""Parity with the mainstream subtitle readers: a file that pysubs2 (and, for WebVTT, webvtt-py) reads is
imported with the same cues, or refused with its line and a reason. Each row pins what the readers
themselves read from the same bytes, so a row that differs from them must say why (`why`)."""

from __future__ import annotations

import html
import io
import warnings
from dataclasses import dataclass

import pysubs2
import pytest
import webvtt

from talks.parsing import FORMATS, TranscriptParseError, parse_transcript

SAME = "same as ours"


@dataclass(frozen=True)
class Refused:
    line: int | None
    reason: str  # words the refusal's reason must contain


@dataclass(frozen=True)
class Row:
    text: str
    ours: list[tuple[int, int, str]] | Refused
    pysubs2: list[tuple[int, int, str]] | str = SAME  # its text events; a str is the error it raises
    webvtt: list[tuple[int, int, str]] | str = SAME  # WebVTT rows only
    why: str = ""  # why we differ from a reader


ONE = [(1000, 2000, "Hello")]
TWO = [(1000, 2000, "Hello"), (3000, 4000, "World")]


def srt(first: str, *, text: str = "Hello") -> str:
    return f"1\n{first}\n{text}\n"


SRT = {
    "numbered cues": Row("1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n", TWO),
    "dot instead of comma": Row(srt("00:00:01.000 --> 00:00:02.000"), ONE),
    # srt (the library) would read `01,5` as 1.005 s; times come from our own match.
    "1- and 2-digit milliseconds": Row(srt("00:00:01,5 --> 00:00:02,25"), [(1500, 2250, "Hello")]),
    "1-digit hours, minutes and seconds": Row(srt("0:0:1,000 --> 0:0:2,000"), ONE),
    "extra spaces around the arrow": Row(srt("00:00:01,000   -->    00:00:02,000"), ONE),
    "no spaces around the arrow": Row(srt("00:00:01,000-->00:00:02,000"), ONE),
    "no cue numbers": Row("00:00:01,000 --> 00:00:02,000\nHello\n\n00:00:03,000 --> 00:00:04,000\nWorld\n", TWO),
    "trailing whitespace": Row(
        "1  \n00:00:01,000 --> 00:00:02,000   \nHello   \n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n", TWO),
    "no final newline": Row("1\n00:00:01,000 --> 00:00:02,000\nHello", ONE),
    "coordinates after the times": Row(srt("00:00:01,000 --> 00:00:02,000 X1:100 X2:200 Y1:10 Y2:20"), ONE),
    "empty cue": Row("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n",
                     [(1000, 2000, ""), (3000, 4000, "World")]),
    "empty last cue": Row("1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\n",
                          [(1000, 2000, "Hello"), (3000, 4000, "")]),
    "overlapping cues": Row("1\n00:00:01,000 --> 00:00:05,000\nHello\n\n2\n00:00:02,000 --> 00:00:04,000\nWorld\n",
                            [(1000, 5000, "Hello"), (2000, 4000, "World")]),
    "several blank lines and a line of spaces between cues": Row(
        "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n   \n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n", TWO),
    "no blank line before the next cue number": Row(
        "1\n00:00:01,000 --> 00:00:02,000\nHello\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n", TWO),
    "a last cue ending in a number": Row(
        "1\n00:00:01,000 --> 00:00:02,000\nThe answer is\n42\n", [(1000, 2000, "The answer is 42")],
        pysubs2=[(1000, 2000, "The answer is")],
        why="pysubs2 takes a cue's last line of digits for the next cue's number, even when no cue follows",
    ),
    "an arrow inside the text": Row(srt("00:00:01,000 --> 00:00:02,000", text="A --> B"), [(1000, 2000, "A --> B")]),
    "formatting tags": Row(
        srt("00:00:01,000 --> 00:00:02,000", text='<i>Hello</i> {\\an8}<font color="red">you</font>'),
        [(1000, 2000, "Hello you")],
    ),
    "unknown tags are text": Row(
        srt("00:00:01,000 --> 00:00:02,000", text="<script>x</script> a < b"),
        [(1000, 2000, "<script>x</script> a < b")],
        pysubs2=[(1000, 2000, "x a < b")],
        why="pysubs2 strips every <tag>; SRT players show only i, b, u, s and font as formatting, so we keep the rest",
    ),
    "hours left out": Row(
        srt("00:01,000 --> 00:02,000"), Refused(2, "HH:MM:SS,mmm"), pysubs2=[],
        why="pysubs2 reads no cue at all and srt reads 00:01 as one minute: refused rather than lose or mistime it",
    ),
    "three-digit hours": Row(
        srt("100:00:01,000 --> 100:00:02,000"), Refused(2, "HH:MM:SS,mmm"), pysubs2=ONE,
        why="pysubs2 reads 100:00:01 as 00:00:01 (no talk lasts 100 hours)",
    ),
    "no milliseconds": Row(
        srt("00:00:01 --> 00:00:02"), Refused(2, "HH:MM:SS,mmm"), pysubs2=[],
        why="pysubs2 reads no cue at all from it",
    ),
    "four-digit fraction": Row(
        srt("00:00:01,0000 --> 00:00:02,0000"), Refused(2, "HH:MM:SS,mmm"), pysubs2=ONE,
        why="pysubs2 reads three digits and ignores the fourth; SRT has milliseconds, so the time is mistyped",
    ),
    "60 seconds": Row(
        srt("00:00:60,000 --> 00:00:61,000"), Refused(2, "out of range"), pysubs2=[(60000, 61000, "Hello")],
        why="pysubs2 carries the seconds into the minute; a seconds field over 59 is a typo, so the time is unknown",
    ),
    "negative time": Row(
        srt("-00:00:01,000 --> 00:00:02,000"), Refused(2, "negative"), pysubs2=ONE,
        why="pysubs2 drops the minus sign",
    ),
    "end before start": Row(
        srt("00:00:05,000 --> 00:00:02,000"), Refused(2, "before it starts"), pysubs2=[(5000, 2000, "Hello")],
        why="one of the cue's two times is wrong",
    ),
    "cue labels instead of numbers": Row(
        "a\n00:00:01,000 --> 00:00:02,000\nHello\n\nb\n00:00:03,000 --> 00:00:04,000\nWorld\n",
        Refused(1, "outside any cue"), pysubs2=[(1000, 2000, "Hello b"), (3000, 4000, "World")],
        why="pysubs2 drops the first label and glues the second to the cue before: in SRT a label looks like speech",
    ),
    "a blank line inside a cue's text": Row(
        "1\n00:00:01,000 --> 00:00:02,000\nHello\n\nthere\n\n2\n00:00:03,000 --> 00:00:04,000\nWorld\n",
        Refused(5, "outside any cue"), pysubs2=[(1000, 2000, "Hello there"), (3000, 4000, "World")],
        why="pysubs2 and srt glue text after a blank line to the cue before; it is as likely a cue that lost its"
            " timing line, whose words would get the wrong time",
    ),
    "text before the first cue": Row(
        "Title\n\n1\n00:00:01,000 --> 00:00:02,000\nHello\n", Refused(1, "outside any cue"), pysubs2=ONE,
        why="pysubs2 drops the text silently",
    ),
    "a timing line right after cue text": Row(
        "1\n00:00:01,000 --> 00:00:02,000\nHello\nthere\n00:00:03,000 --> 00:00:04,000\nWorld\n",
        Refused(5, "blank line must come first"), pysubs2=[(1000, 2000, "Hello there"), (3000, 4000, "World")],
        why="pysubs2 starts a cue there, but srt glues the whole next cue into this one and webvtt-py's SRT"
            " reader drops it: with the readers split, a blank line settles it",
    ),
}


def vtt(body: str) -> str:
    return f"WEBVTT\n\n{body}"


VTT = {
    "cue identifiers": Row(
        vtt("intro\n00:00:01.000 --> 00:00:02.000\nHello\n\n2\n00:00:03.000 --> 00:00:04.000\nWorld\n"), TWO),
    "header text, REGION, STYLE and NOTE blocks": Row(
        "WEBVTT - a talk\nKind: captions\n\nREGION\nid:r width:40%\n\nSTYLE\n::cue { color: red }\n\nNOTE a comment\n"
        "over two lines\n\n00:00:01.000 --> 00:00:02.000\nHello\n\nNOTE between cues\n\n"
        "00:00:03.000 --> 00:00:04.000\nWorld\n",
        TWO, pysubs2=[(1000, 2000, "Hello NOTE between cues"), (3000, 4000, "World")],
        why="pysubs2 reads WebVTT as SRT and takes a NOTE block after a cue for its text; NOTE is a comment",
    ),
    "cue settings after the times": Row(
        vtt("00:00:01.000 --> 00:00:02.000 align:start position:10% line:0\nHello\n"), ONE),
    "hours left out": Row(vtt("00:01.000 --> 00:02.000\nHello\n"), ONE),
    "1-digit fields": Row(
        vtt("0:0:1.000 --> 0:0:2.000\nHello\n"), ONE, pysubs2=[],
        why="pysubs2 reads no cue from it (it wants two-digit fields); webvtt-py reads it as we do",
    ),
    "2-digit milliseconds": Row(
        vtt("00:00:01.50 --> 00:00:02.25\nHello\n"), [(1500, 2250, "Hello")], pysubs2=[(1050, 2025, "Hello")],
        why="pysubs2 reads .50 as 50 ms; webvtt-py (and pysubs2's own SRT reader) read it as half a second",
    ),
    "no spaces around the arrow": Row(vtt("00:00:01.000-->00:00:02.000\nHello\n"), ONE),
    "voices": Row(
        vtt("00:00:01.000 --> 00:00:02.000\n<v Ann Smith>Hello</v>\n\n"
            "00:00:03.000 --> 00:00:04.000\n<v.loud Bob>World\n"),
        TWO,
    ),
    "class, italic, ruby and lang tags": Row(
        vtt("00:00:01.000 --> 00:00:02.000\n"
            "<c.yellow>Hello</c> <i>big</i> <ruby>漢<rt>kan</rt></ruby> <lang en>x</lang>\n"),
        [(1000, 2000, "Hello big 漢kan x")],
    ),
    "timestamp tags inside the text": Row(
        vtt("00:00:01.000 --> 00:00:03.000\nWorld <00:00:01.500>is <00:00:02.000><c>big</c>\n"),
        [(1000, 3000, "World is big")],
        pysubs2=[(1000, 3000, ""), (1500, 2000, "")],
        why="pysubs2 takes a text line holding two timestamp tags for a timing line and loses its words",
    ),
    "entities": Row(vtt("00:00:01.000 --> 00:00:02.000\na &lt; b &amp; c&nbsp;d\n"), [(1000, 2000, "a < b & c d")]),
    "'<' that starts no tag": Row(
        vtt("00:00:01.000 --> 00:00:02.000\n1 < 2 and 3 > 2\n"), [(1000, 2000, "1 < 2 and 3 > 2")],
        webvtt=[(1000, 2000, "1 2")],
        why="webvtt-py drops '< 2 and 3 >' as a tag; a WebVTT tag starts with a letter, so we keep the words"
            " as pysubs2 does",
    ),
    "empty cue": Row(vtt("00:00:01.000 --> 00:00:02.000\n\n00:00:03.000 --> 00:00:04.000\nWorld\n"),
                     [(1000, 2000, ""), (3000, 4000, "World")]),
    "cue of spaces": Row(vtt("00:00:01.000 --> 00:00:02.000\n   \n\n00:00:03.000 --> 00:00:04.000\nWorld\n"),
                         [(1000, 2000, ""), (3000, 4000, "World")]),
    "a line of spaces between cues": Row(
        vtt("00:00:01.000 --> 00:00:02.000\nHello\n\n   \n\n00:00:03.000 --> 00:00:04.000\nWorld\n"), TWO),
    "no blank line between cues": Row(
        vtt("00:00:01.000 --> 00:00:02.000\nHello\n00:00:03.000 --> 00:00:04.000\nWorld\n"), TWO),
    "no final newline": Row(vtt("00:00:01.000 --> 00:00:02.000\nHello"), ONE),
    "overlapping cues": Row(vtt("00:00:01.000 --> 00:00:05.000\nHello\n\n00:00:02.000 --> 00:00:04.000\nWorld\n"),
                            [(1000, 5000, "Hello"), (2000, 4000, "World")]),
    "commas in the times": Row(
        vtt("00:00:01,000 --> 00:00:02,000\nHello\n"), Refused(3, "HH:MM:SS.mmm"), pysubs2=[], webvtt=[],
        why="neither reader reads a cue from it",
    ),
    "text between cues": Row(
        vtt("00:00:01.000 --> 00:00:02.000\nHello\n\nstray words\n\n00:00:03.000 --> 00:00:04.000\nWorld\n"),
        Refused(6, "outside any cue"), pysubs2=[(1000, 2000, "Hello stray words"), (3000, 4000, "World")], webvtt=TWO,
        why="webvtt-py drops the block silently and pysubs2 glues it to the cue before",
    ),
    "'-->' inside the text": Row(
        vtt("00:00:01.000 --> 00:00:02.000\nA --> B\n"), Refused(4, "HH:MM:SS.mmm"),
        pysubs2=[(1000, 2000, "A --> B")], webvtt=[(1000, 2000, "")],
        why="WebVTT ends a cue at a line holding '-->': webvtt-py drops the line, pysubs2 keeps it",
    ),
    "negative time": Row(
        vtt("-00:00:01.000 --> 00:00:02.000\nHello\n"), Refused(3, "negative"), pysubs2=ONE, webvtt=[],
        why="pysubs2 drops the minus sign, webvtt-py drops the cue",
    ),
    "60 seconds": Row(
        vtt("00:00:60.000 --> 00:00:61.000\nHello\n"), Refused(3, "out of range"),
        pysubs2=[(60000, 61000, "Hello")], webvtt=[],
        why="webvtt-py drops the cue silently and pysubs2 carries the seconds into the minute",
    ),
    "end before start": Row(
        vtt("00:00:05.000 --> 00:00:02.000\nHello\n"), Refused(3, "before it starts"),
        pysubs2=[(5000, 2000, "Hello")], webvtt=[(5000, 2000, "Hello")],
        why="one of the cue's two times is wrong",
    ),
    "header only": Row(
        "WEBVTT\n", Refused(None, "no timing lines"), pysubs2=[], webvtt=[],
        why="both read an empty file, which would import nothing",
    ),
}

_ASS_HEAD = (
    "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic,"
    " Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR,"
    " MarginV, Encoding\n"
    "Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1\n\n"
    "[Events]\n"
)
_ASS_FORMAT = "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"  # line 9


def ass(*events: str) -> str:
    """Events start on line 10."""
    return _ASS_HEAD + _ASS_FORMAT + "".join(f"{event}\n" for event in events)


def dialogue(start: str, end: str, text: str, name: str = "") -> str:
    return f"Dialogue: 0,{start},{end},Default,{name},0,0,0,,{text}"


ASS = {
    "override tags and line breaks": Row(
        ass(dialogue("0:00:01.00", "0:00:02.50", "{\\i1}Hello{\\i0}, there\\Nfriend", name="Ann"),
            dialogue("0:00:03.00", "0:00:04.00", "World\\hagain\\nsoft")),
        [(1000, 2500, "Hello, there friend"), (3000, 4000, "World again soft")],
    ),
    "Comment lines and drawings hold no speech": Row(
        ass("Comment: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,note to self",
            dialogue("0:00:01.00", "0:00:02.00", "{\\p1}m 0 0 l 100 0 100 100{\\p0}"),
            dialogue("0:00:03.00", "0:00:04.00", "Words")),
        [(3000, 4000, "Words")],
    ),
    "empty text": Row(ass(dialogue("0:00:01.00", "0:00:02.00", ""), dialogue("0:00:03.00", "0:00:04.00", "{\\an8}")),
                      [(1000, 2000, ""), (3000, 4000, "")]),
    "commas in the text": Row(
        ass(dialogue("0:00:01.00", "0:00:02.00", "One, two, three")), [(1000, 2000, "One, two, three")]),
    "times without a fraction": Row(ass(dialogue("0:00:01", "0:00:02", "Hello")), ONE),
    # Players hide every {…} block, backslash or not: translators leave notes in them.
    "a {note} is hidden": Row(
        ass(dialogue("0:00:01.00", "0:00:02.00", "set {TL note: pun} here")), [(1000, 2000, "set here")]),
    "an SSA (v4.00) file": Row(
        "[Script Info]\nScriptType: v4.00\n\n[Events]\n"
        "Format: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Default,Bob,0000,0000,0000,,Hello\n", ONE,
    ),
    "a Comment: setting in [Script Info]": Row(
        ass(dialogue("0:00:01.00", "0:00:02.00", "Hello")).replace("[Script Info]\n", "[Script Info]\nComment: by hand\n"),
        [(1000, 2000, "Hello")],
    ),
    "a bad time": Row(
        ass(dialogue("0:00:01.00", "0:00:02.00", "ok"), dialogue("0:00:xx.00", "0:00:04.00", "bad")),
        Refused(11, "H:MM:SS.cc"), pysubs2="ValueError: Failed to parse timestamp: '0:00:xx.00'",
        why="pysubs2 raises without a line number",
    ),
    "negative time": Row(
        ass(dialogue("-0:00:01.00", "0:00:02.00", "Hello")), Refused(10, "negative"), pysubs2=[(-1000, 2000, "Hello")],
        why="the cue would start before the recording",
    ),
    "a Dialogue line cut short": Row(
        ass("Dialogue: 0,0:00:01.00"), Refused(10, "2 of the 10 event fields"), pysubs2=[(1000, 10000, "")],
        why="pysubs2 makes up a 10-second end",
    ),
    "end before start": Row(
        ass(dialogue("0:00:05.00", "0:00:02.00", "Hello")), Refused(10, "before it starts"),
        pysubs2=[(5000, 2000, "Hello")],
        why="one of the cue's two times is wrong",
    ),
    "fields in another order": Row(
        _ASS_HEAD + "Format: Start, End, Layer, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0:00:01.00,0:00:02.00,0,Default,,0,0,0,,Hello\n",
        Refused(9, "Format line"), pysubs2="ValueError: Failed to parse timestamp: '0'",
        why="pysubs2 reads the fields by position whatever the Format line says",
    ),
    "no Dialogue lines": Row(
        _ASS_HEAD + _ASS_FORMAT, Refused(None, "no Dialogue lines"), pysubs2=[],
        why="pysubs2 reads an empty file, which would import nothing",
    ),
}

TABLES = {"srt": SRT, "vtt": VTT, "ass": ASS}
ROWS = [pytest.param(form, name, id=f"{form}: {name}") for form, table in TABLES.items() for name in table]


def _cues(parsed) -> list[tuple[int, int, str]]:
    return [(c.start_ms, c.end_ms, c.text) for c in parsed.transcripts[0].cues]


def _fold(text: str, form: str) -> str:
    """What a reader's text says, for comparing words: whitespace folded; WebVTT entities decoded."""
    return " ".join((html.unescape(text) if form == "vtt" else text).split())


def pysubs2_reads(text: str, form: str) -> list[tuple[int, int, str]] | str:
    variant = "ssa" if "ScriptType: v4.00\n" in text else form
    try:
        with warnings.catch_warnings():  # it warns about fields it cannot read, then reads on
            warnings.simplefilter("ignore")
            subs = pysubs2.SSAFile.from_string(text, format_=variant)
    except (ValueError, pysubs2.Pysubs2Error) as error:
        return f"{type(error).__name__}: {error}"
    return [(event.start, event.end, _fold(event.plaintext, form)) for event in subs.get_text_events()]


def webvtt_reads(text: str) -> list[tuple[int, int, str]]:
    captions = webvtt.from_buffer(io.StringIO(text)).captions
    return [(c.start_time.in_milliseconds(), c.end_time.in_milliseconds(), _fold(c.text, "vtt")) for c in captions]


@pytest.mark.parametrize(("form", "name"), ROWS)
def test_imported_exactly_or_refused_with_line_and_reason(form, name):
    row = TABLES[form][name]
    data = row.text.encode()
    if isinstance(row.ours, Refused):
        with pytest.raises(TranscriptParseError) as raised:
            parse_transcript(data, filename=f"talk.{form}")
        assert (raised.value.filename, raised.value.line) == (f"talk.{form}", row.ours.line)
        assert row.ours.reason in raised.value.reason
    else:
        parsed = parse_transcript(data, filename=f"talk.{form}")
        assert (parsed.format, _cues(parsed)) == (form, row.ours)


@pytest.mark.parametrize(("form", "name"), ROWS)
def test_pysubs2_reads_what_the_row_says(form, name):
    row = TABLES[form][name]
    assert pysubs2_reads(row.text, form) == (row.ours if row.pysubs2 == SAME else row.pysubs2)


@pytest.mark.parametrize("name", VTT)
def test_webvtt_py_reads_what_the_row_says(name):
    row = VTT[name]
    assert webvtt_reads(row.text) == (row.ours if row.webvtt == SAME else row.webvtt)


@pytest.mark.parametrize(("form", "name"), ROWS)
def test_every_difference_from_a_reader_is_explained(form, name):
    row = TABLES[form][name]
    if isinstance(row.ours, Refused):
        assert row.pysubs2 != SAME and (form != "vtt" or row.webvtt != SAME), "a refusal states what the readers read"
    assert (row.pysubs2 != SAME or row.webvtt != SAME) == bool(row.why)
    assert form == "vtt" or row.webvtt == SAME


def test_speakers_come_from_webvtt_voices_and_ass_names():
    voices = parse_transcript(VTT["voices"].text.encode()).transcripts[0].cues
    names = parse_transcript(ASS["override tags and line breaks"].text.encode()).transcripts[0].cues
    assert [c.speaker_label for c in voices] == ["Ann Smith", "Bob"]
    assert [c.speaker_label for c in names] == ["Ann", ""]


def test_ass_is_a_format_name_that_can_be_forced():
    assert "ass" in FORMATS
    parsed = parse_transcript(ASS["commas in the text"].text.encode(), format="ass")
    assert parsed.format == "ass"
