"""Write a story out as JSON, CSV or a Markdown brief; the command line's ``export``."""

from crisis_tui.export.formats import EXPORT_FORMATS, export_story

__all__ = ["EXPORT_FORMATS", "export_story"]
