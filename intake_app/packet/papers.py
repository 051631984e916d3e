"""The other papers: exhibit index and covers, declaration, letters, certificate, summary."""

from __future__ import annotations

from intake_app.packet import compose, fonts, render
from intake_app.packet.content import Block, Header, Para, signed
from intake_app.packet.context import Env, clean_lines
from intake_app.packet.inputs import ExhibitDocument
from intake_app.packet.plan import (
    ATTACHED,
    GENERATED,
    IN_HAND,
    MISSING,
    PARTIAL,
    PlannedExhibit,
)

INCH = 72.0
_STATUS_KEY = {
    GENERATED: "status_generated",
    IN_HAND: "status_in_hand",
    MISSING: "status_missing",
    PARTIAL: "status_partial",
    ATTACHED: "status_attached",
}


def line(env: Env, key: str) -> str | None:
    filled = compose.text(env, key)
    return filled[0] if filled else None


def _status(env: Env, status: str) -> str:
    return line(env, _STATUS_KEY.get(status, "status_to_collect")) or status


def _header(env: Env, skip: bool = False) -> Header:
    header = compose.text(env, "running_header")
    return Header(header[1] if header else None, skip=skip)


def title_block(env: Env) -> list[Block]:
    out: list[Block] = []
    if title := line(env, "title"):
        out.append(Para("title", title.upper() if env.lang == "en" else title))
    if subtitle := line(env, "subtitle"):
        out.append(Para("center", subtitle))
        out.append(render.gap(8))
    return out


def exhibit_index(env: Env, planned: list[PlannedExhibit]) -> list[Block]:
    """The index of exhibits: tab, title and (on drafts) what each still lacks."""
    draft = not env.facts.inputs.reviewed
    out: list[Block] = [_header(env)]
    out.append(Para("title", (line(env, "index_title") or "").upper()))
    if intro := line(env, "index_intro"):
        out += [Para("center", intro), render.gap(12)]
    for ex in planned:
        title = _exhibit_title(env, ex)
        text = f"<b>{ex.letter}</b>&nbsp;&nbsp;&nbsp;&nbsp;{title}"
        if draft:
            text += f'<br/><font size="9" color="#8a1c1c">{_index_status(env, ex)}</font>'
        out.append(Para("index", text))
        out += [
            Para("index_document", document_line(env, ex, n, draft))
            for n in range(len(ex.documents))
        ]
    return out


def document_scope(env: Env, ex: PlannedExhibit, n: int, page: int = 0) -> Env:
    """The exhibits file seen from one attached document (its ref, title, language, pages)."""
    from intake_app.evidence.model import language_name

    doc = ex.documents[n]
    return env.for_item(
        {
            "document_ref": ex.ref(n),
            "document_title": doc.title,
            "document_language": language_name(doc.language, "en"),
            "document_pages": doc.pages,
            "document_page": page,
        }
    )


def document_line(env: Env, ex: PlannedExhibit, n: int, draft: bool) -> str:
    """ "C-2  Birth certificate of …, 1 page, in Spanish, followed by a certificate …"."""
    doc: ExhibitDocument = ex.documents[n]
    scoped = document_scope(env, ex, n)
    pages = line(scoped, "document_pages_one" if doc.pages == 1 else "document_pages_many")
    parts = [fonts.markup(doc.title or ex.spec.id)]
    if pages:
        parts.append(pages)
    if doc.language != "en":
        key = "document_translated" if doc.translation == "attached" else "document_in_language"
        if said := line(scoped, key):
            parts.append(said)
    text = f"{ex.ref(n)}&nbsp;&nbsp;&nbsp;{', '.join(parts)}"
    if draft and doc.translation == "needed":
        note = line(scoped, "document_translation_needed") or ""
        text += f'<br/><font size="9" color="#8a1c1c">{note}</font>'
    return text


def document_stamp(env: Env, ex: PlannedExhibit, n: int, page: int) -> str:
    """What the top of each of the document's pages says: "Exhibit C-2 — page 1 of 3"."""
    filled = compose.text(document_scope(env, ex, n, page), "document_stamp")
    return filled[1] if filled else ex.ref(n)


TITLE_VALUE_LIMIT = 120  # characters of one answer inside an exhibit's title


def _title_scope(env: Env) -> dict:
    """The scope for exhibit titles, each answer cut to TITLE_VALUE_LIMIT characters: a title
    is a label on a cover page, an index line and a bookmark, and an answer of thousands of
    characters there sent ReportLab's page layout into a loop without end."""
    return {
        key: (value[:TITLE_VALUE_LIMIT] + "…")
        if isinstance(value, str) and len(value) > TITLE_VALUE_LIMIT
        else value
        for key, value in env.scope.items()
    }


def _exhibit_title(env: Env, ex: PlannedExhibit) -> str:
    scope = _title_scope(env)
    filled = compose.fill(_pick(ex.spec.title, env.lang), scope, env)
    if filled is None:
        filled = compose.fill(_pick(ex.spec.short, env.lang), scope, env)
    return filled[0] if filled else ex.spec.id


def _exhibit_title_plain(env: Env, ex: PlannedExhibit) -> str:
    scope = _title_scope(env)
    filled = compose.fill(_pick(ex.spec.title, env.lang), scope, env)
    if filled is None:
        filled = compose.fill(_pick(ex.spec.short, env.lang), scope, env)
    return filled[1] if filled else ex.spec.id


def _pick(text, lang: str) -> str:
    return text.get(lang) or text.get("en", "")


def _index_status(env: Env, ex: PlannedExhibit) -> str:
    status = _status(env, ex.status)
    missing = [i for i in ex.items if i.status == MISSING]
    if ex.status == GENERATED and missing:
        status += "; " + (line(env, "status_partial") or "")
    return status


def exhibit_cover(env: Env, ex: PlannedExhibit) -> list[Block]:
    """A tab's cover sheet: the letter, the title, and on drafts the status of each document."""
    word = line(env, "exhibit_word") or "Exhibit"
    out: list[Block] = [
        _header(env),
        render.gap(2.2 * INCH),
        Para("exhibit", f"{word.upper()} {ex.letter}"),
    ]
    out.append(Para("exhibit_title", _exhibit_title(env, ex)))
    if ex.spec.description:
        filled = compose.fill(_pick(ex.spec.description, env.lang), env.scope, env)
        if filled:
            out.append(Para("center", filled[0]))
    if ex.documents:
        out.append(render.gap(0.35 * INCH))
        out.append(Para("left", f"<b>{line(env, 'cover_contents') or ''}</b>"))
        draft = not env.facts.inputs.reviewed
        out += [
            Para("index_document", document_line(env, ex, n, draft))
            for n in range(len(ex.documents))
        ]
    if not env.facts.inputs.reviewed:
        out.append(render.gap(0.5 * INCH))
        out.append(Para("note", line(env, "cover_draft_note") or ""))
        out.append(Para("note", _status(env, ex.status)))
        for item in ex.items:
            marker = "✓" if item.status in (IN_HAND, ATTACHED) else "✗"
            text = f"{fonts.markup(marker)} {fonts.markup(item.name)}: {_status(env, item.status)}"
            out.append(Para("note", text))
    return out


def declaration(env: Env) -> list[Block]:
    """The declarant's numbered declaration, with the § 1746 attestation and signature lines."""
    out: list[Block] = [_header(env), *title_block(env)]
    out += render.parts(compose.compose(env))
    sign = [
        Para("body", line(env, "attestation") or ""),
        render.gap(6),
        Para("left", line(env, "executed") or ""),
        render.gap(0.45 * INCH),
        Para("signature", "_" * 34),
        Para("signature", line(env, "signature_name") or ""),
    ]
    return signed(out, sign)


def interpreter_certificate(env: Env) -> list[Block]:
    """The interpreter's certificate of the read-back, then the declarant's acknowledgment,
    each with its own signature lines."""
    out: list[Block] = [*title_block(env)]
    for part in compose.compose(env):
        body = render.parts([part])
        who = "interpreter" if part.id == "interpreter" else "declarant"
        sign = [
            render.gap(0.4 * INCH),
            Para("signature", "_" * 34),
            *[
                Para("signature", text)
                for key in (f"{who}_signature", f"{who}_address")
                if (text := line(env, key))
            ],
            render.gap(8),
            Para("signature", line(env, "date_line") or ""),
            render.gap(14),
        ]
        out += signed(body, sign)
    return out


def certificate(env: Env) -> list[Block]:
    out: list[Block] = [*title_block(env)]
    out += render.parts(compose.compose(env))
    sign = [
        render.gap(0.45 * INCH),
        Para("signature", "_" * 34),
        Para("signature", line(env, "signature_name") or ""),
        Para("signature", line(env, "signature_address") or ""),
        render.gap(10),
        Para("signature", line(env, "date_line") or ""),
    ]
    return signed(out, sign)


def sponsor_letter(env: Env) -> list[Block]:
    out: list[Block] = [_header(env), *title_block(env)]
    for key in ("date_line", "to_line", "re_line"):
        if text := line(env, key):
            out.append(Para("tight", text))
    out += [render.gap(12), Para("left", line(env, "salutation") or "")]
    out += render.parts(compose.compose(env))
    sign = [
        Para("signature", line(env, "closing") or ""),
        render.gap(0.5 * INCH),
        Para("signature", "_" * 34),
        Para("signature", line(env, "signature_name") or ""),
    ]
    return signed(out, sign)


def physician_letter(env: Env, translation: bool = False) -> list[Block]:
    """The clinic's request to a child's physician; `translation` marks the family's copy."""
    out: list[Block] = []
    clinic = env.facts.inputs.clinic
    if name := env.scope.get("clinic_name"):
        out.append(Para("letterhead", fonts.markup(name, env.font)))
        if address := clean_lines(clinic.get("address")):
            out.append(Para("letterhead_line", fonts.markup(" · ".join(address), env.font)))
        out.append(render.gap(14))
    if translation and (note := line(env, "translation_note")):
        out.append(Para("note", note))
    out += title_block(env)
    out.append(Para("left", fonts.markup(env.scope["today"], env.font)))
    for key in ("to_name", "to_place"):
        if text := line(env, key):
            out.append(Para("tight", text))
    out.append(render.gap(10))
    if text := line(env, "re_line"):
        out.append(Para("left", f"<b>{text}</b>"))
    out.append(Para("left", line(env, "salutation") or ""))
    out += render.parts(compose.compose(env))
    sign = [
        Para("signature", line(env, "closing") or ""),
        render.gap(0.3 * INCH),
        Para("signature", "_" * 34),
    ]
    sign += [
        Para("signature", text)
        for key in ("signature_name", "signature_clinic")
        if (text := line(env, key))
    ]
    return signed(out, sign)


def review_summary(env: Env) -> list[Block]:
    out: list[Block] = [_header(env), *title_block(env)]
    return out + render.parts(compose.compose(env), heading_style="subheading")
