"""Every hit lands: for every hit of these queries over the demo archive (all hits of every talk, not just
the three a result row shows), the URL the search gives opens a page that contains the hit's segment."""

from urllib.parse import parse_qs, urlsplit

from django.http import QueryDict

from search.service import Filters, search_archive
from talks.models import Segment, Talk
from talks.pages import build_talk_page

QUERIES = [
    "scaling",              # English: timed lecture, timed subtitles, untimed ASR of the same talk
    "训练",                  # Chinese, untimed
    "Organisatoren",        # German translation
    "yakıt",                # Turkish translation (stemmed)
    '"neural network"',     # a phrase, possibly across cues
    "intelligence",         # the fireside chat: estimated times
    "pre-training",
]


def every_hit(query):
    for found in search_archive(q=query, per_page=50).talks:
        talk_hits = search_archive(q=query, filters=Filters(talks=[found.talk.slug]), all_hits_in_talk=True)
        yield from talk_hits.talks[0].hits


def test_every_hit_opens_a_page_that_contains_its_segment(client, demo):
    rendered = {}
    for query in QUERIES:
        hits = list(every_hit(query))
        assert len(hits) >= 1, query
        for hit in hits:
            address = urlsplit(hit.url)
            params = parse_qs(address.query)
            segment = Segment.objects.select_related("transcript__talk").get(pk=hit.segment_id)
            assert address.fragment == f"seg-{hit.segment_id}"
            assert params["transcript"] == [str(segment.transcript_id)] and params["lang"] == [segment.transcript.language]
            assert params["q"] == [query]
            assert params.get("t") == (None if segment.start_ms is None else [str(segment.start_ms // 1000)])
            # The page the URL opens shows this transcript: rendered once per transcript and part (a long
            # transcript comes in parts), the others are checked through the same function the view calls.
            talk = Talk.objects.for_detail().get(pk=segment.transcript.talk_id)
            page = build_talk_page(talk, QueryDict(address.query))
            assert hit.segment_id in {s.pk for s in page.segments}, hit.url
            shown = (segment.transcript_id, page.window.number)
            if shown not in rendered:
                response = client.get(f"{address.path}?{address.query}")
                assert response.status_code == 200
                rendered[shown] = response.content.decode()
            assert f'id="seg-{hit.segment_id}"' in rendered[shown], hit.url
    # The lecture, the fireside chat, and NeurIPS in en (twice), zh-Hans, de, tr.
    assert len({transcript for transcript, _ in rendered}) == 7
    # The reported bug: `scaling` → the NeurIPS talk's untimed English ASR linked to ?lang=en#seg-269,
    # which opened the timed English subtitles instead.
    untimed = next(h for h in every_hit("scaling") if h.start_seconds is None and h.language == "en")
    transcript_id = Segment.objects.get(pk=untimed.segment_id).transcript_id
    assert 'class="paragraphs"' in rendered[(transcript_id, 1)]
