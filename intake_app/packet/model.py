"""The packet's paragraph files as loaded: documents made of sections, blocks and sentences."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_app.analysis.model import Placeholder

# A text in each of the file's languages: {"en": "…", "es": "…"}.
Text = Mapping[str, str]
Condition = Mapping[str, Any]

BLOCK_STYLES = ("paragraph", "list", "numbered", "plain", "lines")
NAME_STYLES = ("formal", "given")


def pick(text: Text, lang: str) -> str:
    """The text in `lang`, else in English."""
    return text.get(lang) or text.get("en", "")


@dataclass(frozen=True)
class Sentence:
    """Templates filled from the answers; left out whole when one placeholder has no answer.

    With `ask`, a missing answer prints as a visible point for counsel ("[counsel: date of the
    ticket]") instead of dropping the sentence; with `counsel`, the whole sentence is such a
    point (a choice or an argument only counsel can write)."""

    texts: tuple[Text, ...]
    when: Condition | None = None
    for_each: str | None = None
    where: Condition | None = None
    cite: tuple[str, ...] = ()
    ask: bool = False
    counsel: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph (or list) of sentences: the unit an attorney can edit for one case."""

    id: str
    style: str = "paragraph"
    when: Condition | None = None
    sentences: tuple[Sentence, ...] = ()
    slot: str | None = None
    for_each: str | None = None
    where: Condition | None = None
    line: int | None = None


@dataclass(frozen=True)
class Section:
    """Blocks under one heading; the heading prints only when a block below it does.

    `headings` are alternatives with conditions: the first that holds is printed ("No Risk of
    Flight" only while no missed hearing stands unanswered, else "Ties to the Community")."""

    id: str
    blocks: tuple[Block, ...]
    heading: Text | None = None
    numbered: bool = False
    when: Condition | None = None
    line: int | None = None
    headings: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class Voice:
    """Whom the document speaks of: by formal or given name, and when in the first person."""

    name: str = "formal"
    first_person_when: Condition | None = None


@dataclass(frozen=True)
class Exhibit:
    """A tab of the packet: the documents it holds and whether Amparo drafts one of them."""

    id: str
    title: Text
    short: Text
    description: Text | None = None
    when: Condition | None = None
    evidence: tuple[str, ...] = ()
    generated: str | None = None
    always: bool = False
    line: int | None = None


OUTPUT_FRAMES = ("court_motion", "letter", "sheet")


@dataclass(frozen=True)
class OutputSpec:
    """A road counsel may take for a case, as its own document: for whom (`audience`), how it
    is framed, when it fits the case (`when`: the custody posture it serves), why not otherwise
    (`unavailable`), and the packet tabs it encloses as its own lettered exhibits."""

    title: Text
    audience: Text
    frame: str
    unavailable: Text
    when: Condition | None = None
    exhibits: tuple[str, ...] = ()


@dataclass(frozen=True)
class BlockDoc:
    """One paragraph file: `forms/packet/<id>.yaml`."""

    id: str
    path: Path
    version: int
    languages: tuple[str, ...]
    placeholders: Mapping[str, Placeholder]
    texts: Mapping[str, Text]
    sections: tuple[Section, ...]
    voice: Voice = Voice()
    exhibits: tuple[Exhibit, ...] = ()
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    for_each: str | None = None
    where: Condition | None = None
    output: OutputSpec | None = None

    def text(self, key: str, lang: str) -> str:
        return pick(self.texts[key], lang)

    def blocks(self) -> list[Block]:
        return [block for section in self.sections for block in section.blocks]
