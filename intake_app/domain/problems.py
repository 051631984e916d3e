"""The one error a typed value raises when it cannot be stored."""

from __future__ import annotations

from typing import Any


class ValueProblem(ValueError):
    """Input that cannot be stored; `code` and `params` are what the engine reports."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params
