from django import forms
from django.utils.translation import gettext_lazy as _

from talks.models import Talk, Transcript
from talks.parsing import FORMATS, normalise_language_tag
from talks.platforms import recognise
from talks.services import ImportMetadata
from talks.services.metadata import EventInfo, RecordingInfo, SpeakerInfo
from talks.services.talks import unique_slug

DATE_HELP = _("Year-month-day, such as 2024-12-13.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class TalkChoiceForm(forms.Form):
    """An existing talk, or what is needed to create one."""

    talk = forms.ModelChoiceField(Talk.objects.order_by("title"), required=False, label=_("Existing talk"),
                                  help_text=_("Attach the transcripts to this talk (a translation, another source)."))
    title = forms.CharField(required=False, max_length=300, label=_("Or a new talk, titled"))
    speakers = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Speakers"),
                               help_text=_("One name per line, in order."))
    event = forms.CharField(required=False, max_length=200, label=_("Event"))
    event_date = forms.DateField(required=False, label=_("Event date"), help_text=DATE_HELP)
    place = forms.CharField(required=False, max_length=200, label=_("Place"))
    date = forms.DateField(required=False, label=_("Date of the talk"), help_text=DATE_HELP)
    recordings = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Recording URLs"),
                                 help_text=_("One per line; a YouTube or Bilibili URL gives the platform and id."))

    def clean_recordings(self):
        urls = [line.strip() for line in self.cleaned_data["recordings"].splitlines() if line.strip()]
        for url in urls:
            try:
                recognise(url)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return urls

    def clean(self):
        data = super().clean()
        if not data.get("talk") and not (data.get("title") or "").strip():
            raise forms.ValidationError(_("Choose an existing talk or give the new talk a title."))
        if data.get("talk"):
            self._refuse_what_an_existing_talk_would_drop(data["talk"], data)
        return data

    def _refuse_what_an_existing_talk_would_drop(self, talk: Talk, data: dict) -> None:
        """An upload fills in what an existing talk lacks and never overwrites it (as every import does),
        so a value typed here that differs from the talk's own would be dropped: refused instead, saying why."""
        title = (data.get("title") or "").strip()
        if title and title != talk.title:
            self.add_error("title", _("An upload does not rename a talk: “%(talk)s” keeps its title. Leave this empty to "
                                      "add the files to that talk, or choose no existing talk to create “%(title)s”. "
                                      "To rename the talk, edit it.") % {"talk": talk.title, "title": title})
        if data.get("event") and talk.event and data["event"].strip() != talk.event.name:
            self.add_error("event", _("“%(talk)s” is already at “%(event)s”; an upload does not change it. Edit the "
                                      "talk to change its event.") % {"talk": talk.title, "event": talk.event.name})
        if data.get("date") and talk.date and data["date"] != talk.date:
            self.add_error("date", _("“%(talk)s” already has the date %(date)s; an upload does not change it. Edit the "
                                     "talk to change it.") % {"talk": talk.title, "date": talk.date.isoformat()})

    def talk_slug(self) -> str:
        talk = self.cleaned_data["talk"]
        return talk.slug if talk else unique_slug(Talk, self.cleaned_data["title"], fallback="talk")

    def metadata(self) -> ImportMetadata:
        data = self.cleaned_data
        speakers = tuple(SpeakerInfo(name=n.strip()) for n in data["speakers"].splitlines() if n.strip())
        event = EventInfo(name=data["event"], date=data["event_date"], place=data["place"]) if data["event"] else None
        return ImportMetadata(
            title=data["title"] or None, date=data["date"], event=event, speakers=speakers,
            recordings=tuple(RecordingInfo(url=url) for url in data["recordings"]),
        )

    def recording_choices(self) -> list[tuple[str, str]]:
        urls = list(self.cleaned_data.get("recordings") or [])
        if self.cleaned_data.get("talk"):
            urls += [r.url for r in self.cleaned_data["talk"].recordings.all()]
        return [("", _("no known recording"))] + [(url, url) for url in dict.fromkeys(urls)]


class FileChoiceForm(forms.Form):
    include = forms.BooleanField(required=False, initial=True, label=_("Import"))
    language = forms.CharField(required=False, max_length=35, label=_("Language"),
                               help_text=_("BCP 47, e.g. en, de, zh-Hans; empty: as detected"))
    format = forms.ChoiceField(required=False, choices=[("", _("as detected"))] + [(f, f) for f in FORMATS], label=_("Format"))
    kind = forms.ChoiceField(required=False, choices=[("", _("as detected"))] + list(Transcript.Kind.choices), label=_("Kind"))
    recording_url = forms.ChoiceField(required=False, label=_("Times refer to"))

    def __init__(self, *args, recordings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recording_url"].choices = recordings or [("", _("no known recording"))]

    def clean_language(self):
        value = self.cleaned_data["language"].strip()
        if value:
            try:
                return normalise_language_tag(value)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return value


FileChoiceFormSet = forms.formset_factory(FileChoiceForm, extra=0)
