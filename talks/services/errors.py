class ImportRefused(ValueError):
    """An import was refused before anything was written; the message names the file and the reason."""
