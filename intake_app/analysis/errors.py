"""The one error the rules loader raises: a problem in the rules file, with its path and line."""

from __future__ import annotations

from pathlib import Path

from intake_app.domain.errors import N_, AmparoError


class RulesError(AmparoError):
    """`forms/analysis.yaml:42: unknown operator 'equal'`, the way editors and CI link to it."""

    user_message = N_("The analysis rules file has an error; the analysis cannot run.")

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {message}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RulesError) and (self.path, self.line, self.message) == (
            other.path,
            other.line,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))
