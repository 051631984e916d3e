"""Every PySide6 widget and window; the only package (with app.py) that imports Qt."""

from intake_app.ui import refcount_guard as _refcount_guard  # noqa: F401 (applied on import)
