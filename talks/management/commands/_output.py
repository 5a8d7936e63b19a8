from talks.services import ImportResult


def describe(path, result: ImportResult) -> str:
    if not result.created:
        return f"unchanged: {path} was already imported into '{result.talk.slug}'"
    parts = ", ".join(f"{t.language} ({t.segments.count()} segments)" for t in result.transcripts)
    return f"imported: {path} → '{result.talk.slug}': {parts}"
