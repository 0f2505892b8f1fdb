"""Fixtures of the view's browser tests (defined in view_support.py): one headless Chromium
per module (``browser``) and ``open_view(graph, **options)``, which writes the view and opens it."""
from view_support import browser, open_view

__all__ = ["browser", "open_view"]
