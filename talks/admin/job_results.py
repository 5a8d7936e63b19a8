"""What a finished background job did, in words (its return value is a dict meant for machines)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
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


def failure_reason(traceback: str, exception_class_path: str) -> str:
    """The exception's message, without the traceback or the class's dotted path."""
    lines = [line for line in (traceback or "").strip().splitlines() if line.strip()]
    if not lines:
        return exception_class_path
    name, separator, message = lines[-1].partition(": ")
    return message if separator and "." in name and " " not in name else lines[-1]


def moment(value: datetime.datetime | None):
    """A short time for a narrow column (the time alone today), the full one on hover."""
    if value is None:
        return "–"
    local = timezone.localtime(value)
    short = time_format(local, "H:i") if local.date() == timezone.localdate() else \
        f"{date_format(local, 'SHORT_DATE_FORMAT')} {time_format(local, 'H:i')}"
    return format_html('<time datetime="{}" title="{}">{}</time>', local.isoformat(), date_format(local, "DATETIME_FORMAT"),
                       short)


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
