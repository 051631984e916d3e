"""The cover letter's frame around its composed sections: letterhead, addressee, RE, signature."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph

from intake_app.packet import compose, fonts, render
from intake_app.packet.context import Env, _lines, _text
from intake_app.packet.layout import RunningHeader


def _line(env: Env, key: str) -> str | None:
    filled = compose.text(env, key)
    return filled[0] if filled else None


def letterhead(env: Env, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The clinic's name and contact lines, centered, over a rule."""
    clinic = env.facts.inputs.clinic
    name = _text(clinic.get("name"))
    if not name:
        return []
    out: list[Flowable] = [Paragraph(fonts.markup(name), styles["letterhead"])]
    address = _lines(clinic.get("address"))
    if address:
        out.append(Paragraph(fonts.markup(" · ".join(address)), styles["letterhead_line"]))
    contact = [env.scope.get(k) for k in ("clinic_phone", "clinic_email", "clinic_website")]
    contact = [c for c in contact if c]
    if contact:
        out.append(Paragraph(fonts.markup(" · ".join(contact)), styles["letterhead_line"]))
    out.append(
        HRFlowable(width="100%", thickness=0.8, color="#333333", spaceBefore=6, spaceAfter=14)
    )
    return out


def _pro_se_head(env: Env, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    lines = [
        env.scope.get("client_full"),
        _line(env, "pro_se_a_number"),
        _line(env, "pro_se_facility"),
    ]
    out: list[Flowable] = [
        Paragraph(line if i else fonts.markup(line), styles["tight"])
        for i, line in enumerate(lines)
        if line
    ]
    return [*out, render.gap(14)]


def addressee(env: Env, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    facts = env.facts
    keys = ["addressee_officer", "addressee_director", "addressee_agency", "addressee_ero"]
    if env.scope.get("office_name"):
        keys.append("addressee_office")
    lines = [line for key in keys if (line := _line(env, key))]
    if facts.office is not None:
        lines += [fonts.markup(a) for a in facts.office.address]
    out: list[Flowable] = [Paragraph(line, styles["tight"]) for line in lines]
    draft = not facts.inputs.reviewed
    if draft and "office_needs_verification" in facts.flags:
        out.append(Paragraph(_line(env, "verify_address") or "", styles["note"]))
    elif draft and facts.office is None:
        out.append(Paragraph(_line(env, "unknown_office") or "", styles["note"]))
    return [*out, render.gap(14)]


def re_block(env: Env, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    keys = ("re_title", "re_name", "re_a_number", "re_birth", "re_facility")
    lines = [line for key in keys if (line := _line(env, key))]
    label = _line(env, "re_label") or "Re:"
    out: list[Flowable] = []
    for i, line in enumerate(lines):
        out.append(Paragraph(line, styles["re"], bulletText=label if i == 0 else None))
    return [KeepTogether(out), render.gap(14)]


def signature(env: Env, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    facts = env.facts
    out: list[Flowable] = [Paragraph(_line(env, "closing") or "", styles["signature"])]
    out.append(render.gap(0.55 * inch))
    out.append(Paragraph("_" * 34, styles["signature"]))
    if facts.inputs.pro_se:
        names = [fonts.markup(env.scope.get("client_full") or ""), _line(env, "pro_se_a_number")]
    else:
        role_key = (
            "signer_for_accredited"
            if "accredited_representative" in facts.flags
            else "signer_for_attorney"
        )
        names = [
            fonts.markup(env.scope.get("signer_name") or ""),
            _line(env, role_key),
            fonts.markup(env.scope.get("clinic_name") or ""),
            *(fonts.markup(a) for a in _lines(facts.inputs.clinic.get("address"))),
            fonts.markup(env.scope.get("clinic_phone") or ""),
            fonts.markup(env.scope.get("clinic_email") or ""),
        ]
    out += [Paragraph(n, styles["signature"]) for n in names if n]
    return out


def cover_letter(env: Env, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The whole letter, first page letterhead to enclosures line."""
    facts = env.facts
    story: list[Flowable] = []
    story += _pro_se_head(env, styles) if facts.inputs.pro_se else letterhead(env, styles)
    header = compose.text(env, "running_header")
    story.append(RunningHeader(header[1] if header else None))
    story.append(Paragraph(fonts.markup(env.scope["today"]), styles["left"]))
    delivery = _line(env, "delivery") or _line(env, "delivery_default")
    if delivery:
        story.append(Paragraph(f"<b>{delivery}</b>", styles["left"]))
    story.append(render.gap(6))
    story += addressee(env, styles)
    story += re_block(env, styles)
    salutation = _line(env, "salutation_officer") or _line(env, "salutation")
    story.append(Paragraph(salutation or "", styles["left"]))
    body = render.parts(compose.compose(env), styles)
    story += body[:-1]
    # The closing never stands alone on the last page: the last paragraph goes with it.
    story.append(KeepTogether([*body[-1:], render.gap(6), *signature(env, styles)]))
    enclosures = _line(env, "enclosures")
    if enclosures and facts.letters:
        story += [render.gap(18), Paragraph(enclosures, styles["small"])]
    return story
