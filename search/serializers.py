"""Search results as the JSON the API publishes: the field names are a contract."""

from __future__ import annotations

from typing import Any

from talks.serializers import speaker_dicts

from .service import ArchiveResults


def results_dict(results: ArchiveResults, request) -> dict[str, Any]:
    return {
        "query": results.query,
        "total_hits": results.total_hits,
        "total_talks": results.total_talks,
        "total_exact": results.total_exact,
        "page": results.page,
        "pages": results.pages,
        "sort": results.sort,
        "suggestion": results.suggestion,
        "talks": [
            {
                "slug": found.talk.slug,
                "title": found.talk.title,
                "url": request.build_absolute_uri(found.talk.get_absolute_url()),
                "speakers": speaker_dicts(found.talk),
                "date": found.talk.date.isoformat() if found.talk.date else None,
                "event": found.talk.event.name if found.talk.event else None,
                "hit_count": found.hit_count,
                "moments": found.moments,
                "hits": [
                    {
                        "segment_id": hit.segment_id,
                        "language": hit.language,
                        "start_seconds": hit.start_seconds,
                        "end_seconds": hit.end_seconds,
                        "estimated": hit.estimated,
                        "text": hit.text,
                        "snippet_html": hit.snippet_html,
                        "url": request.build_absolute_uri(hit.url),
                        "video_url": hit.video_url,
                        "speaker": hit.speaker,
                    }
                    for hit in found.hits
                ],
            }
            for found in results.talks
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
    }
