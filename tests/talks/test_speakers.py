"""Finding speakers by any spelling of their name, the same on SQLite and PostgreSQL."""

import pytest

from talks.models import Event, Speaker

pytestmark = [pytest.mark.both_databases, pytest.mark.django_db]


@pytest.fixture
def speakers():
    return {
        "ilya": Speaker.objects.create(name="Ilya Sutskever", slug="ilya-sutskever", other_names=["伊利亚·苏茨克维", "Ilja"]),
        "elise": Speaker.objects.create(name="Élise Ørsted", slug="elise-orsted"),
        "hyung": Speaker.objects.create(name="Hyung Won Chung", slug="hyung-won-chung", other_names=["Hyungwon"]),
    }


def slugs(text):
    return sorted(Speaker.objects.named_like(text).values_list("slug", flat=True))


def test_other_spellings_match_in_any_script(speakers):
    assert slugs("伊利亚") == ["ilya-sutskever"]
    assert slugs("hyungWON") == ["hyung-won-chung"]


def test_case_is_folded_beyond_ascii(speakers):
    assert slugs("élise ØRSTED") == ["elise-orsted"]


def test_slug_and_name_parts_match(speakers):
    assert slugs("sutskever") == ["ilya-sutskever"]
    assert slugs("won-chung") == ["hyung-won-chung"]


def test_json_punctuation_and_blank_text_match_nobody(speakers):
    assert slugs('"') == []
    assert slugs(", ") == []
    assert slugs("   ") == []


def test_events_match_by_slug_or_by_name_in_any_case():
    Event.objects.create(name="Été de l'IA 2024", slug="ete-2024")
    Event.objects.create(name="NeurIPS 2024", slug="neurips-2024")

    def events(text):
        return sorted(Event.objects.named_like(text).values_list("slug", flat=True))

    assert events("ÉTÉ") == ["ete-2024"]  # beyond ASCII, on every database
    assert events("2024") == ["ete-2024", "neurips-2024"]
    assert events("neurips-2024") == ["neurips-2024"]
    assert events("ete") == [] and events("  ") == []  # a slug matches whole, a name by its words as written
