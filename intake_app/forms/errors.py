"""`FormError`: a problem in a form file, located as `path:line` so an editor can jump to it."""

from __future__ import annotations

from os import PathLike

from intake_app.domain.errors import N_, AmparoError


class FormError(AmparoError):
    """One problem in a form file; `line` is 1-based (0 when the whole file is at fault).

    `more` holds the other problems found in the same check, so a caller that shows only
    one error can still report how many there were.
    """

    user_message = N_("The questionnaire file has a problem; the application cannot use it.")

    def __init__(self, path: str | PathLike[str], line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        # Keep the three parts as args so the exception pickles and compares sensibly.
        self.args = (str(path), line, message)
        self.path = str(path)
        self.line = line
        self.message = message
        self.more: tuple[FormError, ...] = ()

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def __repr__(self) -> str:
        return f"FormError({self.path!r}, {self.line}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FormError):
            return NotImplemented
        return self.args == other.args

    def __hash__(self) -> int:
        return hash(self.args)
