"""Every PySide6 widget and window; the only package (with app.py) that imports Qt."""
