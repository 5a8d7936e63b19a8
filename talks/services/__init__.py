"""Every write to the archive goes through these functions; views, admin and commands stay thin."""

from .errors import ImportRefused
from .files import import_paths
from .importing import ImportResult, import_transcript
from .metadata import ImportMetadata, load_metadata

__all__ = ["ImportMetadata", "ImportRefused", "ImportResult", "import_paths", "import_transcript", "load_metadata"]
