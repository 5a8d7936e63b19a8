"""One search: compile per language field, filter, group passages by talk, count facets, build hits."""

from __future__ import annotations

from collections import Counter, defaultdict

from whoosh import collectors
from whoosh import query as wq
from whoosh.searching import TimeLimit

from search.backends.base import Hit, SearchRequest, SearchResults, TalkHits
from search.budget import Deadline
from search.highlight import StoredCue, StoredPassage, match_spans, passage_hits, substring_spans
from search.query import query_words
from search.spelling import Candidate, allowed_distance, best_correction, is_spellable
from search.tokens import Token
from talks.parsing.language import is_primary_only, primary_subtag

from .analysis import LANGUAGE_GROUPS, OTHER, field_name, language_group
from .compiler import FieldTerms, LazyOr, analyse, compile_field

MAX_MOMENTS = 200
MAX_SCORED = 1000
_FACET_COLUMNS = {"language": "language", "event": "event_id", "year": "year"}


class DeadlineCollector(collectors.WrappingCollector):
    """Whoosh's TimeLimitCollector without SIGALRM, which only works in the main thread (gunicorn serves
    from others): the clock is read at every match (matches of a phrase or of words together can be far
    apart), and past the deadline collection stops with TimeLimit; the child keeps what it collected, so the
    results so far can still be shown."""

    def __init__(self, child, deadline: Deadline) -> None:
        super().__init__(child)
        self.deadline = deadline
        self.timed_out = False

    def matches(self):
        for sub_docnum in self.child.matches():
            if self.deadline.passed():
                self.timed_out = True
                raise TimeLimit
            yield sub_docnum

    def collect_matches(self):
        collect = self.child.collect
        for sub_docnum in self.matches():
            collect(sub_docnum)


def _collect(searcher, query, request: SearchRequest, deadline: Deadline):
    """The best MAX_SCORED matches, or those found before the deadline; and whether it passed."""
    timed = DeadlineCollector(searcher.collector(limit=MAX_SCORED), deadline)
    found = _filter(request)
    # The filter wraps the deadline, so that the deadline sees every match, filtered out or not.
    collector = collectors.FilterCollector(timed, allow=found) if found is not None else timed
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        pass
    return collector.results(), timed.timed_out


def run_search(searcher, request: SearchRequest, deadline: Deadline | None = None) -> SearchResults:
    deadline = deadline or Deadline.start()
    reader = searcher.reader()
    schema = searcher.schema
    present = [field_name(g) for g in (*LANGUAGE_GROUPS, OTHER) if reader.field_length(field_name(g))]
    terms_by_field: dict[str, FieldTerms] = {}
    parts = []
    for name in present:
        terms = FieldTerms()
        compiled = compile_field(request.query, name, schema[name].analyzer, reader, terms)
        if compiled is not None:
            parts.append(compiled)
            terms_by_field[name] = terms
    if not parts:
        return SearchResults(total_hits=0, total_talks=0, talks=[], corrections=_corrections(searcher, request, present, deadline))
    # Only the best MAX_SCORED passages are grouped and counted: past that the total is Whoosh's
    # estimate. Scoring and grouping every match of a common word took seconds at 100k segments.
    results, timed_out = _collect(searcher, LazyOr(parts), request, deadline)
    exact = results.scored_length() < MAX_SCORED and not timed_out
    columns = {key: reader.column_reader(column) for key, column in _FACET_COLUMNS.items()}
    talk_column = reader.column_reader("talk_id")
    speaker_column = reader.column_reader("speakers")
    by_talk: dict[str, list[tuple[float, int]]] = defaultdict(list)
    facets: dict[str, Counter] = {"speaker": Counter(), "language": Counter(), "event": Counter(), "year": Counter()}
    for score, docnum in results.top_n:
        by_talk[talk_column[docnum]].append((score, docnum))
        for key, column in columns.items():
            value = column[docnum]
            if value:
                facets[key][value] += 1
        for speaker in speaker_column[docnum].split():
            facets["speaker"][speaker] += 1
    ordered = _order_talks(by_talk, reader, request.sort)
    start = (request.page - 1) * request.per_page
    fraction_column = reader.column_reader("fraction")
    talks = []
    for talk_id in ordered[start : start + request.per_page]:
        docs = by_talk[talk_id]
        chosen = docs if request.all_hits_in_talk else docs[: request.hits_per_talk]
        hits = _hits(searcher, chosen, terms_by_field, every_cue=request.all_hits_in_talk)
        if request.all_hits_in_talk:
            hits.sort(key=lambda hit: (hit.transcript_id, hit.start_ms or 0, hit.segment_id))
        talks.append(
            TalkHits(
                talk_id=int(talk_id),
                hit_count=len(docs),
                score=docs[0][0],
                hits=hits,
                moments=sorted(fraction_column[d] / 10_000 for _, d in docs[:MAX_MOMENTS]),
            )
        )
    return SearchResults(
        total_hits=len(results.top_n) if exact else max(len(results.top_n), results.estimated_length()),
        total_exact=exact,
        total_talks=len(by_talk),
        talks=talks,
        facets={key: dict(counter.most_common()) for key, counter in facets.items()},
        corrections=_corrections(searcher, request, present, deadline) if len(results.top_n) < 3 else {},
    )


def _language_filter(tag: str):
    """talks.parsing.language.matches_language_range, on the index's fields."""
    if is_primary_only(tag):
        return wq.Term("language_base", primary_subtag(tag))
    return wq.Or([wq.Term("language", tag), wq.Prefix("language", f"{tag}-")])


def _filter(request: SearchRequest):
    groups = []
    if request.languages:
        groups.append(wq.Or([_language_filter(tag) for tag in request.languages]))
    if request.speaker_ids:
        groups.append(wq.Or([wq.Term("speakers", str(s)) for s in request.speaker_ids]))
    if request.talk_ids:
        groups.append(wq.Or([wq.Term("talk_id", str(t)) for t in request.talk_ids]))
    if request.years:
        groups.append(wq.Or([wq.Term("year", str(y)) for y in request.years]))
    if request.event_ids:
        groups.append(wq.Or([wq.Term("event_id", str(e)) for e in request.event_ids]))
    return wq.And(groups) if groups else None


def _order_talks(by_talk, reader, sort: str) -> list[str]:
    best = {talk: docs[0][0] for talk, docs in by_talk.items()}
    if sort == "date":
        date_column = reader.column_reader("date")
        dated = {talk: date_column[docs[0][1]] for talk, docs in by_talk.items()}
        return sorted(by_talk, key=lambda talk: (-dated[talk], -best[talk], talk))
    return sorted(by_talk, key=lambda talk: (-best[talk], talk))


def _hits(searcher, docs, terms_by_field, *, every_cue: bool = False) -> list[Hit]:
    """One hit per passage, at the cue where its first match starts (search.highlight.passage_hits)."""
    hits, seen = [], set()
    for score, docnum in docs:
        stored = searcher.stored_fields(docnum)
        name = field_name(language_group(stored["language"]))
        terms = terms_by_field.get(name)
        if not terms:
            spans = []
        elif name == field_name("zh"):
            spans = substring_spans(stored["text"], terms)
        else:
            spans = match_spans(_tokens(searcher.schema[name].analyzer, stored["text"]), terms)
        passage = StoredPassage(
            transcript_id=int(stored["transcript_id"]), language=stored["language"], text=stored["text"],
            cues=tuple(StoredCue(*cue) for cue in stored["cues"]),
        )
        hits.extend(passage_hits(passage, spans, score, every_cue=every_cue, seen=seen))
    return hits


def _tokens(analyzer, text: str):
    for token in analyzer(text, positions=True, chars=True, mode="index"):
        yield Token(token.text, token.pos, token.startchar, token.endchar)


def _corrections(searcher, request: SearchRequest, present: list[str], deadline: Deadline) -> dict[str, str]:
    """For each query word found in no field, the closest indexed word in any language, if close enough
    (those found before the deadline)."""
    corrections = {}
    for word in query_words(request.query):
        if deadline.passed():
            break
        typed = word.text.lower()
        if _indexed(searcher, present, word.text) or not is_spellable(typed):
            continue  # found, or Chinese or a number: nothing to correct
        best = best_correction(typed, _candidates(searcher, present, typed)) or best_correction(
            typed, _compounds(searcher, present, typed))
        if best:
            corrections[word.text] = best
    return corrections


def _indexed(searcher, present: list[str], word: str) -> bool:
    reader = searcher.reader()
    return any(reader.doc_frequency(name, token) for name in present
               for token in analyse(searcher.schema[name].analyzer, word))


def _candidates(searcher, present: list[str], typed: str) -> list[Candidate]:
    """Indexed words near the typed one. The word lists hold stems, so each stem found is shown as a word read
    from a passage that has it."""
    reader = searcher.reader()
    candidates = []
    for name in present:
        stems = analyse(searcher.schema[name].analyzer, typed)
        if len(stems) != 1 or name == field_name("zh"):
            continue
        # prefix=1: the first letter is kept, which prunes the Levenshtein automaton a great deal.
        for stem in reader.terms_within(name, stems[0], allowed_distance(typed), prefix=1):
            frequency = reader.doc_frequency(name, stem)
            candidates.extend(Candidate(surface, frequency) for surface in _surface_forms(searcher, name, stem))
    return candidates


def _compounds(searcher, present: list[str], typed: str) -> list[Candidate]:
    """A compound typed as one word (`pretraning` → `pre-training`): an indexed head, then a tail near an indexed word."""
    found = []
    for split in range(2, len(typed) - 2):
        head, tail = typed[:split], typed[split:]
        if not _indexed(searcher, present, head):
            continue
        tails = [Candidate(tail, 1)] if _indexed(searcher, present, tail) else _candidates(searcher, present, tail)
        found.extend(Candidate(f"{head}-{candidate.word}", candidate.frequency) for candidate in tails)
    return found


def _surface_forms(searcher, fieldname: str, stem: str, passages: int = 5) -> set[str]:
    """Words as written that the analyser turns into `stem`, read from a few passages holding it."""
    analyzer = searcher.schema[fieldname].analyzer
    forms = set()
    for number, docnum in enumerate(searcher.docs_for_query(wq.Term(fieldname, stem))):
        if number == passages:
            break
        text = searcher.stored_fields(docnum)["text"]
        forms.update(text[t.startchar:t.endchar].lower() for t in analyzer(text, chars=True, mode="index") if t.text == stem)
    return forms
