import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from talks.models import Segment, SourceFile, Talk, Transcript
from tests.conftest import REPO, SEEDS

GOOD_SRT = b"1\n00:00:01,000 --> 00:00:02,000\nHello there\n"
BAD_SRT = b"1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> 00:00:02,000\nB\n"


pytestmark = pytest.mark.both_databases


def run_manage(*args, data_dir, database_url):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "config.test_settings"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.django_db
def test_import_attaches_to_a_talk_created_with_the_title(tmp_path, capsys):
    path = tmp_path / "hello.srt"
    path.write_bytes(GOOD_SRT)
    call_command("import_transcripts", str(path), "--talk", "greetings", "--title", "Greetings", "--language", "en",
                 "--recording", "https://youtu.be/f96Xrg4uNik")
    talk = Talk.objects.get(slug="greetings")
    transcript = talk.transcripts.get()
    assert (talk.title, transcript.language, transcript.recording.platform_id) == ("Greetings", "en", "f96Xrg4uNik")
    assert "imported:" in capsys.readouterr().out


@pytest.mark.django_db
def test_one_bad_file_among_several_imports_none(tmp_path):
    (tmp_path / "a.srt").write_bytes(GOOD_SRT)
    (tmp_path / "b.srt").write_bytes(BAD_SRT)
    with pytest.raises(CommandError, match=r"b\.srt:6: cue ends .* before it starts"):
        call_command("import_transcripts", str(tmp_path), "--language", "en")
    assert (Talk.objects.count(), Transcript.objects.count(), SourceFile.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_a_metadata_file_beside_the_transcript_is_used(tmp_path):
    (tmp_path / "talk.en.srt").write_bytes(GOOD_SRT)
    (tmp_path / "talk.en.meta.toml").write_text(
        '[talk]\nslug = "meta-talk"\ntitle = "From metadata"\ndate = 2024-12-13\n\n[event]\nname = "NeurIPS 2024"\n\n'
        '[[speakers]]\nname = "Ilya Sutskever"\n\n[transcript]\nlanguage = "en"\nkind = "subtitles"\n'
    )
    call_command("import_transcripts", str(tmp_path))
    talk = Talk.objects.get(slug="meta-talk")
    assert (talk.title, str(talk.date), talk.event.name, [s.name for s in talk.ordered_speakers()]) == (
        "From metadata", "2024-12-13", "NeurIPS 2024", ["Ilya Sutskever"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "toml, message",
    [
        ("[talk\nslug = 1", "not valid TOML"),
        ("[talk]\ntitel = 'typo'", "unknown keys: titel"),
        ("[talk]\ndate = 'yesterday'", "talk.date must be a TOML date"),
        ("[[speakers]]\nslug = 'x'", "required key is missing: 'name'"),
        ("[transcript]\n[[transcript.speaker_turns]]\nat = '00:99:00'\nspeaker = 'x'", "out of range"),
    ],
)
def test_a_bad_metadata_file_is_refused_by_name(tmp_path, toml, message):
    (tmp_path / "t.srt").write_bytes(GOOD_SRT)
    (tmp_path / "t.meta.toml").write_text(toml)
    with pytest.raises(CommandError, match=f"t.meta.toml: .*{message}"):
        call_command("import_transcripts", str(tmp_path / "t.srt"), "--language", "en")
    assert Talk.objects.count() == 0


@pytest.mark.django_db
def test_a_missing_path_is_refused(tmp_path):
    with pytest.raises(CommandError, match="nope.srt: no such file"):
        call_command("import_transcripts", str(tmp_path / "nope.srt"))


def test_a_refused_file_exits_non_zero_with_one_line_and_no_traceback(tmp_path, process_database_url):
    bad = tmp_path / "bad.srt"
    bad.write_bytes(BAD_SRT)
    assert run_manage("migrate", "-v", "0", data_dir=tmp_path, database_url=process_database_url).returncode == 0
    done = run_manage("import_transcripts", str(bad), "--language", "en", data_dir=tmp_path, database_url=process_database_url)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert f"{bad}:6: cue ends (00:00:02.000) before it starts (00:00:03.000)" in lines[0]


def test_load_demo_is_idempotent_in_a_real_process(tmp_path, process_database_url):
    assert run_manage("migrate", "-v", "0", data_dir=tmp_path, database_url=process_database_url).returncode == 0
    first = run_manage("load_demo", data_dir=tmp_path, database_url=process_database_url)
    second = run_manage("load_demo", data_dir=tmp_path, database_url=process_database_url)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.count("imported:") == 5
    assert second.stdout.count("unchanged:") == 5 and "imported:" not in second.stdout


@pytest.mark.django_db
def test_the_whisper_seed_imports_every_cue(tmp_path):
    call_command("import_transcripts", str(SEEDS["whisper"]), "--language", "en", "--title", "Lecture")
    assert Segment.objects.count() == 1594
