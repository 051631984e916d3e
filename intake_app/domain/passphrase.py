"""Passphrase policy (NIST SP 800-63B): long, not common, not guessable; paste allowed, no rules."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from intake_app.paths import resources_dir

MIN_LENGTH = 15
MIN_SCORE = 3  # zxcvbn's "safely unguessable" band

# zxcvbn knows the big password lists; these are the phrases people reach for in this app.
_LOCAL_BLOCKLIST = frozenset(
    {
        "amparo",
        "amparo amparo",
        "legal clinic",
        "immigration",
        "inmigracion",
        "inmigración",
        "correct horse battery staple",
        "contraseña segura",
        "password password",
    }
)


@dataclass(frozen=True)
class PassphraseCheck:
    """Codes, not sentences: `too_short`, `common`, `guessable`; empty means acceptable."""

    problems: tuple[str, ...]
    score: int
    length: int

    @property
    def acceptable(self) -> bool:
        return not self.problems


def check_passphrase(passphrase: str, context: tuple[str, ...] = ()) -> PassphraseCheck:
    """Judge a new passphrase; `context` holds words a guesser would try (the person's name)."""
    length = len(passphrase)
    problems: list[str] = []
    if length < MIN_LENGTH:
        problems.append("too_short")
    normalised = " ".join(passphrase.lower().split())
    if normalised in _LOCAL_BLOCKLIST:
        problems.append("common")
    # zxcvbn slows down sharply on very long input and a long phrase is not the risk.
    # Imported on first use: its word lists cost start-up time the unlock screen does not need.
    from zxcvbn import zxcvbn

    score = zxcvbn(passphrase[:100], user_inputs=list(context))["score"] if passphrase else 0
    if score < MIN_SCORE and "common" not in problems:
        problems.append("guessable")
    return PassphraseCheck(problems=tuple(problems), score=score, length=length)


# --- one-time passphrases (case bundles) ---------------------------------------------------

ONE_TIME_WORDS = 6  # 6 words of the EFF long list: about 77 bits


@cache
def _wordlist() -> tuple[str, ...]:
    path = resources_dir() / "wordlists" / "eff_large_wordlist.txt"
    words = tuple(line.strip() for line in path.read_text("utf-8").splitlines() if line.strip())
    if len(set(words)) != 7776:
        raise RuntimeError("the bundled word list is damaged")
    return words


def one_time_passphrase(words: int = ONE_TIME_WORDS) -> str:
    """Random words from the EFF long list, chosen with `secrets`: read aloud, typed once."""
    import secrets  # loaded when a passphrase is generated, not on the unlock screen

    wordlist = _wordlist()
    return " ".join(secrets.choice(wordlist) for _ in range(words))


def normalize_one_time(passphrase: str) -> str:
    """How a typed one-time passphrase is compared: case, extra spaces and hyphens do not count."""
    text = unicodedata.normalize("NFKC", passphrase).casefold().replace("-", " ")
    return " ".join(text.split())
