import logging

from .backends import SearchRequest, SearchUnavailable, get_backend
from .query import Word

logger = logging.getLogger(__name__)


def warm_up() -> None:
    """Open the index and answer one small query; a missing index is not an error here."""
    try:
        get_backend().search(SearchRequest(query=Word("warmup"), per_page=1))
    except SearchUnavailable as error:
        logger.warning("search index not warmed up: %s", error)
    except Exception:  # noqa: BLE001 - a worker must start even if warming fails
        logger.exception("search index warm-up failed")
