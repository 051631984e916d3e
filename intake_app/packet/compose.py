"""Paragraph files → filled text: sections, blocks and sentences whose conditions hold."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from intake_app.analysis.conditions import Context, evaluate
from intake_app.analysis.model import AUTH_PREFIX
from intake_app.analysis.templates import fit_date_preposition, placeholders_in, raw_value
from intake_app.packet import fonts
from intake_app.packet.context import Env
from intake_app.packet.model import Block, Section, Sentence, pick

_TOKEN = re.compile(r"(\{[a-z][a-z0-9_]*\}|\*)")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_ITALIC = "\ue000"  # stands for a `*` until the sentence is whole
_END = re.compile(r"([.:;])$")
_DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
_POINT = "\ue001"  # stands for a counsel point's text until the sentence is whole
# How a point for counsel looks in the draft: bold, dark red, in square brackets.
POINT_MARKUP = '<font color="#8a1c1c"><b>[{text}]</b></font>'
COUNSEL_WORD = "counsel"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class Piece:
    """One printed block: a paragraph (one item) or a list; markup for ReportLab, plain text."""

    key: str
    style: str
    items: tuple[str, ...]
    plain: tuple[str, ...]
    edited: bool = False


@dataclass(frozen=True)
class Part:
    """A printed section: its heading (if any) and its pieces."""

    id: str
    heading: str | None
    heading_plain: str | None
    pieces: tuple[Piece, ...]
    number: int | None = None


def fill(
    template: str, scope: Mapping[str, Any], env: Env, ask: bool = False
) -> tuple[str, str] | None:
    """(markup, plain) for a template, or None when a placeholder has no answer.

    A `[bracketed part]` is left out alone when one of its placeholders has no answer;
    `*words*` are italic (case names); answers are printed as typed, escaped. With `ask`, a
    missing answer outside brackets prints as a point for counsel instead of dropping the
    sentence: "[counsel: date of the ticket]".
    """
    markup: list[str] = []
    plain: list[str] = []
    for name in placeholders_in(template):
        spec = env.doc.placeholders.get(name)
        if spec is not None and spec.format == "date":
            template = fit_date_preposition(template, name, spec, raw_value(spec, scope), env.lang)
    for i, segment in enumerate(_OPTIONAL.split(template)):
        filled = _segment(segment, scope, env, ask and i % 2 == 0)
        if filled is None:
            if i % 2 == 0:
                return None  # a required part: the whole sentence goes
            continue
        markup.append(filled[0])
        plain.append(filled[1])
    # An answer's own full stop meets the template's across a bracket: "address.." → ".".
    joined = _DOUBLED_STOP.sub(".", "".join(markup))
    plain = [_DOUBLED_STOP.sub(".", "".join(plain))]
    if _ITALIC in joined:
        parts = joined.split(_ITALIC)
        joined = "".join(p + ("<i>" if n % 2 == 0 else "</i>") for n, p in enumerate(parts[:-1]))
        joined += parts[-1] + ("</i>" if len(parts) % 2 == 0 else "")
    return joined, "".join(plain)


_ARTICLES = frozenset({"A", "An", "The", "His", "Her", "Their", "My", "Our", "Your"})


def _lower_article(value: str) -> str:
    """ "lives with Her mother" → "lives with her mother" (an answer typed as a sentence)."""
    head, _, rest = value.partition(" ")
    # "Our Lady of Fatima Parish", "The Home Depot": a name, not a sentence; left alone.
    return head.lower() + " " + rest if head in _ARTICLES and rest[:1].islower() else value


def ask_label(name: str, env: Env) -> str:
    """What a missing answer's point for counsel names: the file's `ask`, or the name."""
    spec = env.doc.placeholders.get(name)
    if spec is not None and spec.ask:
        return pick(spec.ask, env.lang)
    words = name.removeprefix("detainee_").replace("_", " ")
    return words


def _segment(
    template: str, scope: Mapping[str, Any], env: Env, ask: bool = False
) -> tuple[str, str] | None:
    values: list[tuple[bool, str]] = []  # (is an answer, text)
    for token in _TOKEN.split(template):
        if not token:
            continue
        if token == "*":
            values.append((False, _ITALIC))
        elif token.startswith("{" + AUTH_PREFIX):
            cite = env.citation(token[1 + len(AUTH_PREFIX) : -1])
            if cite is None:
                return None  # superseded, rescinded or vacated: it never prints
            for n, part in enumerate(cite.split("*")):
                if n:
                    values.append((False, _ITALIC))
                values.append((False, part))
        elif token[0] == "{":
            value = env.value(token[1:-1], scope)
            if value is None:
                if not ask:
                    return None
                point = f"{COUNSEL_WORD}: {ask_label(token[1:-1], env)}"
                env.facts.note_point(point)
                values.append((False, _POINT + point + _POINT))
                continue
            values.append((True, value.replace(_ITALIC, "")))
        else:
            values.append((False, token))
    for i, (answer, value) in enumerate(values):
        if not answer:
            continue
        after = values[i + 1][1] if i + 1 < len(values) else ""
        if value.endswith(".") and after[:1] in (".", ",", ";", ":", ")"):
            # "…at Lakeshore." + ", are enclosed": the answer's own period gives way.
            value = value[:-1]
        if value == "1" and after.startswith((" years", " days", " hours")):
            # "for 1 years" → "for 1 year".
            noun = after.split()[0]
            values[i + 1] = (False, after.replace(noun, noun[:-1], 1))
        before = values[i - 1][1] if i else ""
        if before[-1:].isalpha() or (
            before.endswith((" ", "(")) and not before.rstrip().endswith((".", ":", "?", "!"))
        ):
            value = _lower_article(value)
        values[i] = (True, value)
    markup = "".join(_markup(answer, v, env) for answer, v in values)
    plain = "".join(
        f"[{v.strip(_POINT)}]" if v.startswith(_POINT) else v for _, v in values if v != _ITALIC
    )
    return markup, plain


def _markup(answer: bool, value: str, env: Env) -> str:
    if value == _ITALIC:
        return value
    if value.startswith(_POINT):
        return POINT_MARKUP.format(text=fonts.literal(value.strip(_POINT), env.font))
    return fonts.markup(value, env.font) if answer else fonts.literal(value, env.font)


def text(env: Env, key: str, scope: Mapping[str, Any] | None = None) -> tuple[str, str] | None:
    """One of the file's fixed `texts`, filled; None when it is not defined or lacks a value."""
    template = env.doc.texts.get(key)
    if template is None:
        return None
    return fill(pick(template, env.lang), env.scope if scope is None else scope, env)


def _items(group: str, where: Any, ctx: Context) -> Iterator[Context]:
    items = ctx.scope.get(group)
    for item in items if isinstance(items, list | tuple) else ():
        if not isinstance(item, Mapping):
            continue
        item_ctx = ctx.for_item(item)
        if where is None or evaluate(where, item_ctx):
            yield item_ctx


def _cite(filled: tuple[str, str], sentence: Sentence, env: Env) -> tuple[str, str]:
    """ "(Exhibit F)" after a sentence whose exhibits are in the packet; on a draft, an exhibit
    whose documents are still missing reads "(Exhibit F, to be obtained)"."""
    facts = env.facts
    cited = list(dict.fromkeys(e for e in sentence.cite if e in facts.letters))
    letters = list(dict.fromkeys(facts.letters[e] for e in cited))
    if not letters:
        return filled
    word = text(env, "cite_plural" if len(letters) > 1 else "cite")
    label = f"{word[1] if word else 'Exhibit'} {', '.join(letters)}"
    if any(e not in facts.enclosed for e in cited):
        pending = text(env, "cite_pending")
        label += f", {pending[1]}" if pending else ""
    label = f" ({label})"
    markup, plain = filled
    if _END.search(plain):
        return _END.sub(lambda m: escape(label) + m.group(1), markup), _END.sub(
            lambda m: label + m.group(1), plain
        )
    return markup + escape(label), plain + label


def _closed(filled: tuple[str, str]) -> tuple[str, str]:
    """A sentence ending in an answer typed without a final period gets one."""
    markup, plain = filled
    if plain and plain.rstrip()[-1:] not in '.!?:;"”’)]»…':
        return markup.rstrip() + ".", plain.rstrip() + "."
    return filled


def sentences(
    sentence: Sentence, env: Env, base: Context, close: bool = True
) -> list[tuple[str, str]]:
    """Every filled text of a sentence (once per matching item with for_each)."""
    out = []
    scopes = (
        [base] if sentence.for_each is None else _items(sentence.for_each, sentence.where, base)
    )
    for ctx in scopes:
        if sentence.when is not None and not evaluate(sentence.when, ctx):
            continue
        for template in sentence.texts:
            filled = fill(pick(template, env.lang), ctx.scope, env, sentence.ask)
            if filled is None:
                continue
            filled = _cite(_closed(filled) if close else filled, sentence, env)
            out.append(_as_point(filled, env) if sentence.counsel else filled)
    return out


def _as_point(filled: tuple[str, str], env: Env) -> tuple[str, str]:
    """A sentence only counsel can finish, shown as one point: "[Counsel: choose …]"."""
    markup, plain = filled
    env.facts.note_point(plain)
    label = COUNSEL_WORD.capitalize()
    return (
        f'<font color="#8a1c1c"><b>[{label}: </b>{markup}<b>]</b></font>',
        f"[{label}: {plain}]",
    )


def block_key(env: Env, block: Block) -> str:
    return f"{env.doc.id}.{block.id}"


def compose_block(block: Block, env: Env, use_overrides: bool = True) -> list[Piece]:
    """The block as printed (once per matching item with for_each); [] when nothing prints."""
    if block.when is not None and not evaluate(block.when, env.ctx):
        return []
    key = block_key(env, block)
    if block.for_each is None:
        piece = _piece(block, env, env.ctx, key, use_overrides)
        return [piece] if piece is not None else []
    pieces = []
    for n, ctx in enumerate(_items(block.for_each, block.where, env.ctx), 1):
        piece = _piece(block, env, ctx, f"{key}.{n}", use_overrides)
        if piece is not None:
            pieces.append(piece)
    return pieces


def _piece(block: Block, env: Env, ctx: Context, key: str, use_overrides: bool) -> Piece | None:
    overrides = env.facts.inputs.overrides
    if use_overrides and key in overrides:
        return _written(block, key, overrides[key])
    if block.slot is not None:
        items = env.facts.slot(block.slot, env.lang)
        if not items:
            return None
        return Piece(key, "list", tuple(fonts.markup(i, env.font) for i in items), tuple(items))
    close = block.style != "lines"
    filled = [f for s in block.sentences for f in sentences(s, env, ctx, close)]
    if not filled:
        return None
    if block.style in ("list", "lines"):
        return Piece(key, block.style, tuple(m for m, _ in filled), tuple(p for _, p in filled))
    return Piece(
        key, block.style, (" ".join(m for m, _ in filled),), (" ".join(p for _, p in filled),)
    )


def _written(block: Block, key: str, written: str) -> Piece | None:
    """An attorney's own text for a block: paragraphs split on blank lines (lines for lists)."""
    written = written.strip()
    if not written:
        return None
    splitter = "\n" if block.style in ("list", "lines") else "\n\n"
    parts = tuple(" ".join(p.split()) for p in written.split(splitter) if p.strip())
    return Piece(key, block.style, tuple(fonts.markup(p) for p in parts), parts, edited=True)


def compose_section(section: Section, env: Env, use_overrides: bool = True) -> Part | None:
    if section.when is not None and not evaluate(section.when, env.ctx):
        return None
    kept = _without_dangling_leads(
        [p for b in section.blocks for p in compose_block(b, env, use_overrides)]
    )
    if not kept:
        return None
    heading = fill(pick(section.heading, env.lang), env.scope, env) if section.heading else None
    for choice in section.headings:
        filled = sentences(choice, env, env.ctx, close=False)
        if filled:
            heading = filled[0]
            break
    return Part(
        section.id,
        heading[0] if heading else None,
        heading[1] if heading else None,
        kept,
    )


def _without_dangling_leads(pieces: list[Piece]) -> tuple[Piece, ...]:
    """A paragraph that ends in a colon introduces the list after it; with no list, it goes."""
    kept = []
    for n, piece in enumerate(pieces):
        following = pieces[n + 1] if n + 1 < len(pieces) else None
        leads = piece.style != "list" and piece.plain and piece.plain[-1].rstrip().endswith(":")
        if leads and not (following is not None and following.style == "list" and following.items):
            continue
        kept.append(piece)
    return tuple(kept)


def compose(env: Env, use_overrides: bool = True) -> list[Part]:
    """Every section of the document that has something to print, numbered where asked."""
    parts = []
    number = 0
    for section in env.doc.sections:
        part = compose_section(section, env, use_overrides)
        if part is None:
            continue
        if section.numbered:
            number += 1
            part = Part(part.id, part.heading, part.heading_plain, part.pieces, number)
        parts.append(part)
    return parts
