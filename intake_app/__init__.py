"""Amparo: offline, encrypted, bilingual intake for humanitarian-release requests."""

__version__ = "0.1.0"
