"""Plain value types and typed errors shared by every layer (no I/O, no Qt)."""
