from django.db import models
from django.utils.translation import gettext_lazy as _


class TranscriptIndexState(models.Model):
    """Whether a transcript's current text is in the search index, so failed writes can be repaired."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        INDEXED = "indexed", _("indexed")
        FAILED = "failed", _("failed")

    transcript = models.OneToOneField(
        "talks.Transcript", models.CASCADE, primary_key=True, related_name="index_state", verbose_name=_("transcript")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    indexed_at = models.DateTimeField(
        _("indexed as of"), null=True, blank=True,
        help_text=_("When the indexed text was read; changes after this are not in the index yet."),
    )
    error = models.TextField(_("last error"), blank=True)
    generation = models.CharField(
        _("index generation"), max_length=64, blank=True,
        help_text=_("The index generation the text was written into; indexed means indexed in the live one."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=0,
        help_text=_("Counts the writes of this state, so a rebuild never overwrites a newer write's state."),
    )

    class Meta:
        verbose_name = _("index state")
        verbose_name_plural = _("index states")

    def __str__(self) -> str:
        return f"{self.transcript_id}: {self.status}"


class _PostgresOnlyType(models.Field):
    """A column whose PostgreSQL type has no SQLite counterpart; on other databases it is text,
    and the table stays empty (only the PostgreSQL backend writes it)."""

    postgres_type = "text"

    def db_type(self, connection):
        return self.postgres_type if connection.vendor == "postgresql" else "text"


class TsVectorField(_PostgresOnlyType):
    postgres_type = "tsvector"


class IntegerArrayField(_PostgresOnlyType):
    postgres_type = "integer[]"


class IndexedTranscript(models.Model):
    """The PostgreSQL backend's index (search.backends.postgres): one row per indexed transcript.
    These tables are derived from the archive and rebuilt by `manage.py reindex`."""

    transcript_id = models.IntegerField(_("transcript"), primary_key=True)
    talk_id = models.IntegerField(_("talk"))
    language = models.CharField(_("language"), max_length=35)
    language_base = models.CharField(_("primary language"), max_length=8, help_text=_("The primary subtag, e.g. zh."))
    analysis = models.CharField(_("analysis"), max_length=20, help_text=_("Snowball language, chinese or simple."))
    speakers = IntegerArrayField(_("speakers"), help_text=_("The talk's speakers and every passage's speaker."))
    event_id = models.IntegerField(_("event"), null=True)
    year = models.IntegerField(_("year"), null=True)
    date_ordinal = models.IntegerField(_("date"), help_text=_("Proleptic Gregorian ordinal; 0 when unknown."))
    passages = models.IntegerField(_("passages"))

    class Meta:
        db_table = "search_pg_transcript"
        verbose_name = _("indexed transcript")


class IndexedPassage(models.Model):
    """A passage of consecutive cues (search.passages) with its text search vector."""

    pk = models.CompositePrimaryKey("transcript_id", "position")
    transcript_id = models.IntegerField(_("transcript"))
    position = models.IntegerField(_("position"), help_text=_("The position of the passage's first cue."))
    talk_id = models.IntegerField(_("talk"))
    language = models.CharField(_("language"), max_length=35)
    language_base = models.CharField(_("primary language"), max_length=8)
    analysis = models.CharField(_("analysis"), max_length=20)
    speakers = IntegerArrayField(_("speakers"))
    event_id = models.IntegerField(_("event"), null=True)
    year = models.IntegerField(_("year"), null=True)
    date_ordinal = models.IntegerField(_("date"))
    fraction = models.IntegerField(_("where in the transcript"), help_text=_("0 to 10000."))
    text = models.TextField(_("text"))
    cues = models.JSONField(_("cues"), help_text=_("[segment id, offset in text, start ms, end ms, estimated] per cue."))
    document = TsVectorField(_("text search vector"))

    class Meta:
        db_table = "search_pg_passage"
        verbose_name = _("indexed passage")


class IndexedTerm(models.Model):
    """How many passages of a transcript hold a word: talks are ranked from here for common words,
    without reading every matching passage."""

    pk = models.CompositePrimaryKey("term", "transcript_id")
    term = models.TextField(_("term"))
    transcript_id = models.IntegerField(_("transcript"))
    talk_id = models.IntegerField(_("talk"))
    passages = models.IntegerField(_("passages"))

    class Meta:
        db_table = "search_pg_term"
        verbose_name = _("indexed term")


class IndexedWord(models.Model):
    """Every word of an analysis, for prefixes and did-you-mean. Words whose last passage went are
    left until the next full reindex; readers check IndexedTerm."""

    pk = models.CompositePrimaryKey("analysis", "term")
    analysis = models.CharField(_("analysis"), max_length=20)
    term = models.TextField(_("term"))

    class Meta:
        db_table = "search_pg_word"
        verbose_name = _("indexed word")


class IndexServer(models.Model):
    """A server (an app server or a worker) that keeps a search index on its own disk (SEARCH_BACKEND=whoosh),
    seen through this database. Two of them at once cannot work: an upload through one is indexed on that
    server's disk only (search.servers; /healthz and `manage.py check` say so)."""

    server_id = models.CharField(_("server id"), max_length=36, primary_key=True,
                                 help_text=_("Kept in a file beside the server's index directory."))
    host = models.CharField(_("host name"), max_length=255)
    index_path = models.CharField(_("index directory"), max_length=1000)
    last_seen = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("server with a local index")
        verbose_name_plural = _("servers with a local index")

    def __str__(self) -> str:
        return f"{self.host}:{self.index_path}"
