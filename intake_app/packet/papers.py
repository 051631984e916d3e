"""The other papers: exhibit index and covers, declaration, letters, certificate, summary."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, KeepTogether, Paragraph

from intake_app.packet import compose, fonts, render
from intake_app.packet.context import Env, _lines
from intake_app.packet.inputs import ExhibitDocument
from intake_app.packet.layout import RunningHeader
from intake_app.packet.plan import (
    ATTACHED,
    GENERATED,
    IN_HAND,
    MISSING,
    PARTIAL,
    PlannedExhibit,
)

Styles = dict[str, ParagraphStyle]
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


def _header(env: Env, skip: bool = False) -> RunningHeader:
    header = compose.text(env, "running_header")
    return RunningHeader(header[1] if header else None, skip_this_page=skip)


def title_block(env: Env, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    if title := line(env, "title"):
        out.append(Paragraph(title.upper() if env.lang == "en" else title, styles["title"]))
    if subtitle := line(env, "subtitle"):
        out.append(Paragraph(subtitle, styles["center"]))
        out.append(render.gap(8))
    return out


def exhibit_index(env: Env, planned: list[PlannedExhibit], styles: Styles) -> list[Flowable]:
    """The index of exhibits: tab, title and (on drafts) what each still lacks."""
    draft = not env.facts.inputs.reviewed
    out: list[Flowable] = [_header(env)]
    out.append(Paragraph((line(env, "index_title") or "").upper(), styles["title"]))
    if intro := line(env, "index_intro"):
        out += [Paragraph(intro, styles["center"]), render.gap(12)]
    for ex in planned:
        title = _exhibit_title(env, ex)
        text = f"<b>{ex.letter}</b>&nbsp;&nbsp;&nbsp;&nbsp;{title}"
        if draft:
            text += f'<br/><font size="9" color="#8a1c1c">{_index_status(env, ex)}</font>'
        out.append(Paragraph(text, styles["index"], bulletText=None))
        out += [
            Paragraph(document_line(env, ex, n, draft), styles["index_document"])
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
    if doc.language != "en" and (translated := line(scoped, "document_translated")):
        parts.append(translated)
    text = f"{ex.ref(n)}&nbsp;&nbsp;&nbsp;{', '.join(parts)}"
    if draft and doc.translation == "needed":
        note = line(scoped, "document_translation_needed") or ""
        text += f'<br/><font size="9" color="#8a1c1c">{note}</font>'
    return text


def document_stamp(env: Env, ex: PlannedExhibit, n: int, page: int) -> str:
    """What the top of each of the document's pages says: "Exhibit C-2 — page 1 of 3"."""
    filled = compose.text(document_scope(env, ex, n, page), "document_stamp")
    return filled[1] if filled else ex.ref(n)


def _exhibit_title(env: Env, ex: PlannedExhibit) -> str:
    filled = compose.fill(_pick(ex.spec.title, env.lang), env.scope, env)
    if filled is None:
        filled = compose.fill(_pick(ex.spec.short, env.lang), env.scope, env)
    return filled[0] if filled else ex.spec.id


def _pick(text, lang: str) -> str:
    return text.get(lang) or text.get("en", "")


def _index_status(env: Env, ex: PlannedExhibit) -> str:
    status = _status(env, ex.status)
    missing = [i for i in ex.items if i.status == MISSING]
    if ex.status == GENERATED and missing:
        status += "; " + (line(env, "status_partial") or "")
    return status


def exhibit_cover(env: Env, ex: PlannedExhibit, styles: Styles) -> list[Flowable]:
    """A tab's cover sheet: the letter, the title, and on drafts the status of each document."""
    word = line(env, "exhibit_word") or "Exhibit"
    out: list[Flowable] = [
        _header(env),
        render.gap(2.2 * inch),
        Paragraph(f"{word.upper()} {ex.letter}", styles["exhibit"]),
    ]
    out.append(Paragraph(_exhibit_title(env, ex), styles["exhibit_title"]))
    if ex.spec.description:
        filled = compose.fill(_pick(ex.spec.description, env.lang), env.scope, env)
        if filled:
            out.append(Paragraph(filled[0], styles["center"]))
    if ex.documents:
        out.append(render.gap(0.35 * inch))
        out.append(Paragraph(f"<b>{line(env, 'cover_contents') or ''}</b>", styles["left"]))
        draft = not env.facts.inputs.reviewed
        out += [
            Paragraph(document_line(env, ex, n, draft), styles["index_document"])
            for n in range(len(ex.documents))
        ]
    if not env.facts.inputs.reviewed:
        out.append(render.gap(0.5 * inch))
        out.append(Paragraph(line(env, "cover_draft_note") or "", styles["note"]))
        out.append(Paragraph(_status(env, ex.status), styles["note"]))
        for item in ex.items:
            marker = "✓" if item.status in (IN_HAND, ATTACHED) else "✗"
            text = f"{fonts.markup(marker)} {fonts.markup(item.name)}: {_status(env, item.status)}"
            out.append(Paragraph(text, styles["note"]))
    return out


def signed(body: list[Flowable], sign: list[Flowable]) -> list[Flowable]:
    """The body with its last paragraph kept on the page of the signature that follows it."""
    if not body:
        return [KeepTogether(sign)]
    return [*body[:-1], KeepTogether([body[-1], *sign])]


def declaration(env: Env, styles: Styles) -> list[Flowable]:
    """The declarant's numbered declaration, with the § 1746 attestation and signature lines."""
    out: list[Flowable] = [_header(env), *title_block(env, styles)]
    out += render.parts(compose.compose(env), styles)
    sign = [
        Paragraph(line(env, "attestation") or "", styles["body"]),
        render.gap(6),
        Paragraph(line(env, "executed") or "", styles["left"]),
        render.gap(0.45 * inch),
        Paragraph("_" * 34, styles["signature"]),
        Paragraph(line(env, "signature_name") or "", styles["signature"]),
    ]
    return signed(out, sign)


def interpreter_certificate(env: Env, styles: Styles) -> list[Flowable]:
    """The interpreter's certificate of the read-back, then the declarant's acknowledgment,
    each with its own signature lines."""
    out: list[Flowable] = [*title_block(env, styles)]
    for part in compose.compose(env):
        body = render.parts([part], styles)
        who = "interpreter" if part.id == "interpreter" else "declarant"
        sign = [
            render.gap(0.4 * inch),
            Paragraph("_" * 34, styles["signature"]),
            *[
                Paragraph(text, styles["signature"])
                for key in (f"{who}_signature", f"{who}_address")
                if (text := line(env, key))
            ],
            render.gap(8),
            Paragraph(line(env, "date_line") or "", styles["signature"]),
            render.gap(14),
        ]
        out += signed(body, sign)
    return out


def certificate(env: Env, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [*title_block(env, styles)]
    out += render.parts(compose.compose(env), styles)
    sign = [
        render.gap(0.45 * inch),
        Paragraph("_" * 34, styles["signature"]),
        Paragraph(line(env, "signature_name") or "", styles["signature"]),
        Paragraph(line(env, "signature_address") or "", styles["signature"]),
        render.gap(10),
        Paragraph(line(env, "date_line") or "", styles["signature"]),
    ]
    return signed(out, sign)


def sponsor_letter(env: Env, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [_header(env), *title_block(env, styles)]
    for key in ("date_line", "to_line", "re_line"):
        if text := line(env, key):
            out.append(Paragraph(text, styles["tight"]))
    out += [render.gap(12), Paragraph(line(env, "salutation") or "", styles["left"])]
    out += render.parts(compose.compose(env), styles)
    sign = [
        Paragraph(line(env, "closing") or "", styles["signature"]),
        render.gap(0.5 * inch),
        Paragraph("_" * 34, styles["signature"]),
        Paragraph(line(env, "signature_name") or "", styles["signature"]),
    ]
    return signed(out, sign)


def physician_letter(env: Env, styles: Styles, translation: bool = False) -> list[Flowable]:
    """The clinic's request to a child's physician; `translation` marks the family's copy."""
    out: list[Flowable] = []
    clinic = env.facts.inputs.clinic
    if name := env.scope.get("clinic_name"):
        out.append(Paragraph(fonts.markup(name, env.font), styles["letterhead"]))
        if address := _lines(clinic.get("address")):
            out.append(
                Paragraph(fonts.markup(" · ".join(address), env.font), styles["letterhead_line"])
            )
        out.append(render.gap(14))
    if translation and (note := line(env, "translation_note")):
        out.append(Paragraph(note, styles["note"]))
    out += title_block(env, styles)
    out.append(Paragraph(fonts.markup(env.scope["today"], env.font), styles["left"]))
    for key in ("to_name", "to_place"):
        if text := line(env, key):
            out.append(Paragraph(text, styles["tight"]))
    out.append(render.gap(10))
    if text := line(env, "re_line"):
        out.append(Paragraph(f"<b>{text}</b>", styles["left"]))
    out.append(Paragraph(line(env, "salutation") or "", styles["left"]))
    out += render.parts(compose.compose(env), styles)
    sign = [
        Paragraph(line(env, "closing") or "", styles["signature"]),
        render.gap(0.3 * inch),
        Paragraph("_" * 34, styles["signature"]),
    ]
    sign += [
        Paragraph(text, styles["signature"])
        for key in ("signature_name", "signature_clinic")
        if (text := line(env, key))
    ]
    return signed(out, sign)


def review_summary(env: Env, styles: Styles) -> list[Flowable]:
    out: list[Flowable] = [_header(env), *title_block(env, styles)]
    return out + render.parts(compose.compose(env), styles, heading_style="subheading")
