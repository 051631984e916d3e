"""Reading `forms/packet/*.yaml` strictly: every problem is a PacketError with its file and line."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from intake_app.analysis import default_rules
from intake_app.analysis.model import AUTH_PREFIX, Placeholder
from intake_app.analysis.schema import ID, Checker, line_of, plain
from intake_app.analysis.templates import placeholders_in
from intake_app.packet.errors import PacketError
from intake_app.packet.model import (
    BLOCK_STYLES,
    NAME_STYLES,
    OUTPUT_FRAMES,
    Block,
    BlockDoc,
    Exhibit,
    OutputSpec,
    Section,
    Sentence,
    Voice,
)
from intake_app.packet.vocabulary import (
    DERIVED,
    ENCLOSED_PREFIX,
    EXHIBIT_PREFIX,
    FLAGS,
    SLOTS,
    TAKING_PREFIX,
    WRITTEN_PREFIX,
)
from intake_app.paths import forms_dir

TOP_KEYS = (
    "packet",
    "version",
    "languages",
    "voice",
    "placeholders",
    "texts",
    "sections",
    "exhibits",
    "lists",
    "for_each",
    "where",
    "output",
)
OUTPUT_KEYS = ("title", "audience", "frame", "when", "unavailable", "exhibits")
OUTPUT_LANGUAGES = ("en", "es")  # the window names each road in both languages
SECTION_KEYS = ("id", "heading", "numbered", "when", "blocks")
BLOCK_KEYS = ("id", "style", "when", "sentences", "slot", "for_each", "where")
SENTENCE_KEYS = ("text", "when", "for_each", "where", "cite", "ask", "counsel")
EXHIBIT_KEYS = ("id", "title", "short", "description", "when", "evidence", "generated", "always")
VOICE_KEYS = ("name", "first_person_when")


def packet_dir() -> Path:
    return forms_dir() / "packet"


class _Checker(Checker):
    """The analysis rules' checker (texts, conditions, placeholders), raising PacketErrors."""

    def __init__(self, path: Path, earlier: set[str]) -> None:
        super().__init__(path)
        self.earlier = earlier
        self.authorities = default_rules().authorities
        self.enclosed_refs: list[tuple[str, int | None]] = []
        self.declared: dict[str, Placeholder] = {}
        self.block_ids: set[str] = set()
        self.exhibit_ids: set[str] = set()
        self.sentences: list[tuple[Sentence, int | None, str | None]] = []
        self.group: str | None = None
        self.doc_group: str | None = None
        self.used: set[str] = set()
        self.exhibit_refs: list[tuple[str, int | None]] = []
        self.output_exhibits: list[tuple[str, int | None]] = []
        self.road_refs: list[tuple[str, int | None]] = []

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(PacketError(self.path, line, message))  # type: ignore[arg-type]

    def ptext(self, node: Any, line: int | None, what: str) -> dict[str, str] | None:
        """A text whose placeholders are declared, computed, or an exhibit's letter.

        In a file with one language, a quoted string stands for the text in that language.
        """
        if isinstance(node, str) and len(self.languages) == 1:
            node = {self.languages[0]: node}
        text = self.text(node, line, what)
        self.no_inline_citation(text, line, what)
        for name in sorted({n for t in (text or {}).values() for n in placeholders_in(t)}):
            self.used.add(name)
            if name.startswith(EXHIBIT_PREFIX):
                self.exhibit_refs.append((name[len(EXHIBIT_PREFIX) :], line))
            elif name.startswith(AUTH_PREFIX):
                continue  # checked by `text` against the authorities
            elif name not in self.declared and name not in DERIVED:
                self.error(line, f"{what}: placeholder {{{name}}} is not declared")
        return text

    # --- parts ----------------------------------------------------------------------------

    def cond(self, node: Mapping, key: str, in_item: bool = False) -> tuple[bool, Any]:
        if key not in node:
            return True, None
        self._note_enclosed(node[key], line_of(node, key))
        ok = self.condition(node[key], line_of(node, key), self.earlier, in_item)
        return ok, plain(node[key]) if ok else None

    def _note_enclosed(self, cond: Any, line: int | None) -> None:
        """`{rule: enclosed_<exhibit>}` is accepted here; the exhibit is checked across files."""
        if isinstance(cond, Mapping):
            rule = cond.get("rule")
            if isinstance(rule, str) and rule.startswith(ENCLOSED_PREFIX):
                self.enclosed_refs.append((rule[len(ENCLOSED_PREFIX) :], line))
                self.earlier.add(str(rule))
            if isinstance(rule, str) and rule.startswith(TAKING_PREFIX):
                self.road_refs.append((rule[len(TAKING_PREFIX) :], line))
                self.earlier.add(str(rule))
            for value in cond.values():
                self._note_enclosed(value, line)
        elif isinstance(cond, list):
            for value in cond:
                self._note_enclosed(value, line)

    def sentence(self, node: Any, line: int | None, what: str) -> Sentence | None:
        if isinstance(node, str) or (
            isinstance(node, Mapping) and "text" not in node and "en" in node
        ):
            node = {"text": node}  # a bare text is a sentence with no conditions
        if not self.keys(node, line, SENTENCE_KEYS, what):
            return None
        if not self.required(node, line, ("text",), what):
            return None
        raw = node["text"]
        many = raw if isinstance(raw, list) else [raw]
        texts = [
            self.ptext(t, (line_of(raw, i) if raw is not t else None) or line, what)
            for i, t in enumerate(many)
        ]
        for_each = None
        if "for_each" in node:
            for_each = self.ident(node["for_each"], line_of(node, "for_each") or line, what)
        if "where" in node and "for_each" not in node:
            self.error(line_of(node, "where") or line, f"{what}: 'where' needs 'for_each'")
            return None
        if "for_each" in node and self.group is not None:
            self.error(line_of(node, "for_each") or line, f"{what}: its block already has for_each")
            return None
        in_item = "for_each" in node or self.group is not None
        ok_when, when = self.cond(node, "when", in_item)
        ok_where, where = self.cond(node, "where", True)
        cite = self.id_list(node, "cite", line, what)
        marks = {}
        for key in ("ask", "counsel"):
            marks[key] = node.get(key, False)
            if not isinstance(marks[key], bool):
                self.error(line_of(node, key) or line, f"{what}: {key} is true or false")
                return None
        if None in texts or not (ok_when and ok_where) or cite is None:
            return None
        if "for_each" in node and for_each is None:
            return None
        sentence = Sentence(
            tuple(texts),  # type: ignore[arg-type]
            when,
            for_each,
            where,
            cite,
            marks["ask"],
            marks["counsel"],
        )
        self.sentences.append((sentence, line, for_each or self.group))
        return sentence

    def id_list(self, node: Mapping, key: str, line: int | None, what: str) -> tuple | None:
        raw = node.get(key, [])
        if not isinstance(raw, list):
            self.error(line_of(node, key) or line, f"{what}: '{key}' is a list of ids")
            return None
        ids = [self.ident(v, line_of(raw, i) or line, f"{what} {key}") for i, v in enumerate(raw)]
        return None if None in ids else tuple(ids)

    def block(self, node: Any, line: int | None) -> Block | None:
        if not self.keys(node, line, BLOCK_KEYS, "block"):
            return None
        if not self.required(node, line, ("id",), "block"):
            return None
        block_id = self.ident(node["id"], line_of(node, "id") or line, "block id")
        what = f"block '{block_id}'"
        style = "paragraph"
        if "style" in node:
            style = self.string(node["style"], line_of(node, "style") or line, what) or ""
            if style not in BLOCK_STYLES:
                self.error(
                    line_of(node, "style") or line, f"{what}: style is one of {BLOCK_STYLES}"
                )
                return None
        slot = None
        if "slot" in node:
            slot = self.ident(node["slot"], line_of(node, "slot") or line, what)
            if slot is not None and slot not in SLOTS:
                self.error(line_of(node, "slot"), f"{what}: unknown slot '{slot}'")
                return None
        if ("slot" in node) == ("sentences" in node):
            self.error(line, f"{what}: give either 'sentences' or 'slot'")
            return None
        ok, when = self.cond(node, "when")
        for_each = None
        if "for_each" in node:
            for_each = self.ident(node["for_each"], line_of(node, "for_each") or line, what)
            if for_each is None:
                return None
            if self.doc_group is not None:
                self.error(line_of(node, "for_each") or line, f"{what}: the file has for_each")
                return None
        elif "where" in node:
            self.error(line_of(node, "where") or line, f"{what}: 'where' needs 'for_each'")
            return None
        ok_where, where = self.cond(node, "where", True)
        sentences: list[Sentence | None] = []
        raw = node.get("sentences", [])
        if not isinstance(raw, list) or ("sentences" in node and not raw):
            self.error(line_of(node, "sentences") or line, f"{what}: sentences is a list")
            return None
        self.group = for_each or self.doc_group
        for i, item in enumerate(raw):
            sentences.append(self.sentence(item, line_of(raw, i) or line, f"{what} sentence"))
        self.group = self.doc_group
        if block_id is not None:
            if block_id in self.block_ids:
                self.error(line_of(node, "id") or line, f"duplicate block id '{block_id}'")
                return None
            self.block_ids.add(block_id)
        if block_id is None or not (ok and ok_where) or None in sentences:
            return None
        return Block(block_id, style, when, tuple(sentences), slot, for_each, where, line)  # type: ignore[arg-type]

    def section(self, node: Any, line: int | None) -> Section | None:
        if not self.keys(node, line, SECTION_KEYS, "section"):
            return None
        if not self.required(node, line, ("id", "blocks"), "section"):
            return None
        section_id = self.ident(node["id"], line_of(node, "id") or line, "section id")
        heading = None
        headings: list[Sentence | None] = []
        if "heading" in node and isinstance(node["heading"], list):
            # Alternatives: {text, when}; the first that holds is the heading.
            raw_headings = node["heading"]
            headings = [
                self.sentence(h, line_of(raw_headings, i), f"section '{section_id}' heading")
                for i, h in enumerate(raw_headings)
            ]
        elif "heading" in node:
            heading = self.ptext(
                node["heading"], line_of(node, "heading"), f"section '{section_id}'"
            )
        numbered = node.get("numbered", False)
        if not isinstance(numbered, bool):
            self.error(line_of(node, "numbered"), "numbered: true or false")
        ok, when = self.cond(node, "when")
        raw = node["blocks"]
        if not isinstance(raw, list) or not raw:
            self.error(line_of(node, "blocks") or line, "blocks: a non-empty list")
            return None
        blocks = [self.block(b, line_of(raw, i) or line) for i, b in enumerate(raw)]
        if section_id is None or not ok or None in blocks:
            return None
        if "heading" in node and heading is None and (not headings or None in headings):
            return None
        return Section(
            section_id,
            tuple(blocks),  # type: ignore[arg-type]
            heading,
            bool(numbered),
            when,
            line,
            tuple(headings),  # type: ignore[arg-type]
        )

    def exhibit(self, node: Any, line: int | None) -> Exhibit | None:
        if not self.keys(node, line, EXHIBIT_KEYS, "exhibit"):
            return None
        if not self.required(node, line, ("id", "title", "short"), "exhibit"):
            return None
        ex_id = self.ident(node["id"], line_of(node, "id") or line, "exhibit id")
        what = f"exhibit '{ex_id}'"
        texts = {
            key: self.ptext(node[key], line_of(node, key) or line, f"{what} {key}")
            for key in ("title", "short", "description")
            if key in node
        }
        ok, when = self.cond(node, "when")
        evidence = self.id_list(node, "evidence", line, what)
        generated = None
        if "generated" in node:
            generated = self.ident(node["generated"], line_of(node, "generated") or line, what)
        always = node.get("always", False)
        if not isinstance(always, bool):
            self.error(line_of(node, "always"), f"{what}: always is true or false")
            return None
        if ex_id in self.exhibit_ids:
            self.error(line_of(node, "id"), f"duplicate exhibit id '{ex_id}'")
            return None
        if ex_id is None or None in texts.values() or not ok or evidence is None:
            return None
        self.exhibit_ids.add(ex_id)
        return Exhibit(
            ex_id,
            texts["title"],  # type: ignore[arg-type]
            texts["short"],  # type: ignore[arg-type]
            texts.get("description"),
            when,
            evidence,
            generated,
            always,
            line,
        )

    def output(self, node: Any, line: int | None) -> OutputSpec | None:
        """`output:` makes the file a road counsel can choose for a case (packet/roads.py)."""
        if not self.keys(node, line, OUTPUT_KEYS, "output"):
            return None
        required = ("title", "audience", "frame", "unavailable")
        if not self.required(node, line, required, "output"):
            return None
        texts = {}
        for key in ("title", "audience", "unavailable"):
            value = node[key]
            where = line_of(node, key) or line
            if not isinstance(value, Mapping) or set(value) != set(OUTPUT_LANGUAGES):
                self.error(where, f"output {key}: a text in each of {OUTPUT_LANGUAGES}")
                return None
            texts[key] = {
                lang: self.string(value[lang], line_of(value, lang) or where, f"output {key}")
                for lang in OUTPUT_LANGUAGES
            }
        frame = self.string(node["frame"], line_of(node, "frame") or line, "output frame")
        if frame not in OUTPUT_FRAMES:
            self.error(line_of(node, "frame") or line, f"output frame is one of {OUTPUT_FRAMES}")
            return None
        ok, when = self.cond(node, "when")
        exhibits = self.id_list(node, "exhibits", line, "output")
        if not ok or exhibits is None or any(None in t.values() for t in texts.values()):
            return None
        self.output_exhibits = [(e, line_of(node, "exhibits") or line) for e in exhibits]
        return OutputSpec(
            texts["title"],  # type: ignore[arg-type]
            texts["audience"],  # type: ignore[arg-type]
            frame,
            texts["unavailable"],  # type: ignore[arg-type]
            when,
            exhibits,
        )

    def voice(self, node: Any, line: int | None) -> Voice:
        if not self.keys(node, line, VOICE_KEYS, "voice"):
            return Voice()
        name = "formal"
        if "name" in node:
            name = self.string(node["name"], line_of(node, "name") or line, "voice name") or ""
            if name not in NAME_STYLES:
                self.error(line_of(node, "name") or line, f"voice name is one of {NAME_STYLES}")
        _, when = self.cond(node, "first_person_when")
        return Voice(name, when)

    def texts(self, node: Any, line: int | None) -> dict[str, dict[str, str]]:
        result: dict[str, dict[str, str]] = {}
        if not isinstance(node, Mapping):
            self.error(line, "texts: a mapping of id to text")
            return result
        for key, value in node.items():
            if not ID.match(str(key)):
                self.error(line_of(node, key), f"texts: '{key}' is not a snake_case id")
                continue
            checked = self.ptext(value, line_of(node, key) or line, f"text '{key}'")
            if checked is not None:
                result[str(key)] = checked
        return result

    def lists(self, node: Any, line: int | None) -> dict[str, tuple[str, ...]]:
        if not isinstance(node, Mapping):
            self.error(line, "lists: a mapping of name to a list of ids")
            return {}
        result = {}
        for key in node:
            ids = self.id_list(node, key, line_of(node, key) or line, f"list '{key}'")
            if ids is not None:
                result[str(key)] = ids
        return result

    def document(self, doc: Any) -> BlockDoc | None:  # type: ignore[override]
        if not isinstance(doc, Mapping) or "packet" not in doc:
            self.error(1, "a packet paragraph file is a mapping with a 'packet:' key")
            return None
        self.keys(doc, 1, TOP_KEYS, "packet file")
        if not self.required(doc, 1, ("packet", "version", "languages"), "packet file"):
            return None
        doc_id = self.ident(doc["packet"], line_of(doc, "packet"), "packet")
        # `{rule: counsel_wrote_<block>}` may name any block of this file.
        for section in doc.get("sections", []) if isinstance(doc.get("sections"), list) else []:
            blocks = section.get("blocks", []) if isinstance(section, Mapping) else []
            for block in blocks if isinstance(blocks, list) else []:
                if isinstance(block, Mapping) and isinstance(block.get("id"), str):
                    self.earlier.add(WRITTEN_PREFIX + str(block["id"]))
        if doc_id is not None and doc_id != self.path.stem:
            self.error(line_of(doc, "packet"), f"packet '{doc_id}' must live in {doc_id}.yaml")
        version = self.version_and_languages(doc, "a whole number from 1")
        self.declared = self.placeholders(doc.get("placeholders", {}), line_of(doc, "placeholders"))
        for name in sorted(set(self.declared) & DERIVED):
            self.error(line_of(doc, "placeholders"), f"'{name}' is computed; do not declare it")
        voice = self.voice(doc["voice"], line_of(doc, "voice")) if "voice" in doc else Voice()
        # A document printed once per group item (one physician letter per sick child).
        for_each = None
        if "for_each" in doc:
            for_each = self.ident(doc["for_each"], line_of(doc, "for_each"), "for_each")
        elif "where" in doc:
            self.error(line_of(doc, "where"), "'where' needs 'for_each'")
        _, where = self.cond(doc, "where", True)
        self.doc_group = for_each
        texts = self.texts(doc.get("texts", {}), line_of(doc, "texts"))
        sections = self._items(doc, "sections", self.section)
        exhibits = self._items(doc, "exhibits", self.exhibit)
        lists = self.lists(doc.get("lists", {}), line_of(doc, "lists"))
        output = self.output(doc["output"], line_of(doc, "output")) if "output" in doc else None
        if self.errors or doc_id is None:
            return None
        return BlockDoc(
            doc_id,
            self.path,
            int(version),
            self.languages,
            self.declared,
            texts,
            tuple(sections),
            voice,
            tuple(exhibits),
            lists,
            for_each,
            where,
            output,
        )

    def _items(self, doc: Mapping, key: str, parse) -> list:
        raw = doc.get(key, [])
        if not isinstance(raw, list):
            self.error(line_of(doc, key), f"{key}: expected a list")
            return []
        items = [parse(node, line_of(raw, i)) for i, node in enumerate(raw)]
        return [item for item in items if item is not None]


def _parse(path: Path) -> tuple[Any, list[PacketError]]:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True  # so the checker can insist on quoted strings
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [PacketError(path, None, f"cannot be read ({exc})")]
    try:
        return yaml.load(text), []
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        return None, [PacketError(path, line, (exc.problem or "invalid YAML").strip())]
    except YAMLError as exc:
        return None, [PacketError(path, None, str(exc).strip())]


def _earlier() -> set[str]:
    return {rule.id for rule in default_rules().rules} | set(FLAGS)


def load_file(path: Path) -> tuple[BlockDoc | None, list[PacketError], _Checker | None]:
    """One paragraph file, its problems in line order, and the checker (for cross-checks)."""
    doc, errors = _parse(path)
    if errors:
        return None, errors, None
    checker = _Checker(path, _earlier())
    result = checker.document(doc)
    return result, sorted(checker.errors, key=lambda e: (e.line or 0, e.message)), checker


@lru_cache(maxsize=4)
def load_packet_blocks(directory: str | None = None) -> dict[str, BlockDoc]:
    """Every paragraph file by id; raises the first PacketError when one is not sound. Reused
    from the definitions cache while the files and the rules they cite are unchanged."""
    from intake_app.analysis.rules import default_rules_path
    from intake_app.compiled import cached

    folder = (Path(directory) if directory else packet_dir()).resolve()
    sources = [*folder.glob("*.yaml"), default_rules_path()]
    return cached("packet", sources, lambda: _load_blocks_now(folder), extra=str(folder))


def _load_blocks_now(folder: Path) -> dict[str, BlockDoc]:
    docs: dict[str, BlockDoc] = {}
    for path in sorted(folder.glob("*.yaml")):
        doc, errors, _checker = load_file(path)
        if errors or doc is None:
            raise errors[0] if errors else PacketError(path, None, "empty")
        docs[doc.id] = doc
    return docs
