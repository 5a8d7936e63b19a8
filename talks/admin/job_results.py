"""What a finished background job did, in words (its return value is a dict meant for machines)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def describe_result(task_path: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        describe = _DESCRIBERS.get(task_path)
        if describe:
            return describe(value)
    return str(value)[:300]


def _upload(value: dict) -> str:
    files = value.get("files", 0)
    text = ngettext("%(count)d file imported", "%(count)d files imported", files) % {"count": files}
    if value.get("talk"):
        text += " " + _("into the talk %(talk)s") % {"talk": value["talk"]}
    summary = value.get("summary", "")
    return f"{text}: {summary[:240]}{'…' if len(summary) > 240 else ''}" if summary else text


def _index(value: dict) -> str:
    parts = [ngettext("%(count)d transcript indexed", "%(count)d transcripts indexed", value.get("changed", 0))
             % {"count": value.get("changed", 0)}]
    if value.get("deleted"):
        parts.append(ngettext("%(count)d removed from the index", "%(count)d removed from the index", value["deleted"])
                     % {"count": value["deleted"]})
    return "; ".join(parts)


def _upkeep(value: dict) -> str:
    counted = [
        (len(value.get("debris") or []), ngettext("%(count)d leftover index folder removed",
                                                   "%(count)d leftover index folders removed", len(value.get("debris") or []))),
        (value.get("transcripts", 0), ngettext("%(count)d stale transcript indexed",
                                               "%(count)d stale transcripts indexed", value.get("transcripts", 0))),
        (value.get("removed", 0), ngettext("%(count)d deleted transcript removed from the index",
                                           "%(count)d deleted transcripts removed from the index", value.get("removed", 0))),
        (value.get("staged_files_removed", 0), ngettext("%(count)d abandoned uploaded file removed",
                                                        "%(count)d abandoned uploaded files removed",
                                                        value.get("staged_files_removed", 0))),
        (value.get("jobs_resumed", 0), ngettext("%(count)d interrupted upload job resumed",
                                                "%(count)d interrupted upload jobs resumed", value.get("jobs_resumed", 0))),
        (value.get("results_pruned", 0), ngettext("%(count)d old job result removed",
                                                  "%(count)d old job results removed", value.get("results_pruned", 0))),
    ]
    parts = [_("the index was rebuilt")] if value.get("rebuilt") else []
    parts += [text % {"count": count} for count, text in counted if count]
    return "; ".join(parts) if parts else _("nothing to do")


_DESCRIBERS = {"talks.tasks.import_upload": _upload, "search.tasks.index_later": _index, "search.tasks.upkeep": _upkeep}
