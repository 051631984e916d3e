"""The cover letter's frame around its composed sections: letterhead, addressee, RE, signature."""

from __future__ import annotations

from intake_app.packet import compose, fonts, render
from intake_app.packet.content import Block, Header, Para, Rule, Together
from intake_app.packet.context import Env, clean_lines, clean_text

INCH = 72.0


def _line(env: Env, key: str) -> str | None:
    filled = compose.text(env, key)
    return filled[0] if filled else None


def letterhead(env: Env) -> list[Block]:
    """The clinic's name and contact lines, centered, over a rule."""
    clinic = env.facts.inputs.clinic
    name = clean_text(clinic.get("name"))
    if not name:
        return []
    out: list[Block] = [Para("letterhead", fonts.markup(name))]
    address = clean_lines(clinic.get("address"))
    if address:
        out.append(Para("letterhead_line", fonts.markup(" · ".join(address))))
    contact = [env.scope.get(k) for k in ("clinic_phone", "clinic_email", "clinic_website")]
    contact = [c for c in contact if c]
    if contact:
        out.append(Para("letterhead_line", fonts.markup(" · ".join(contact))))
    out.append(Rule())
    return out


def _pro_se_head(env: Env) -> list[Block]:
    lines = [
        env.scope.get("client_full"),
        _line(env, "pro_se_a_number"),
        _line(env, "pro_se_facility"),
    ]
    out: list[Block] = [
        Para("tight", line if i else fonts.markup(line)) for i, line in enumerate(lines) if line
    ]
    return [*out, render.gap(14)]


def addressee(env: Env) -> list[Block]:
    facts = env.facts
    keys = ["addressee_officer", "addressee_director", "addressee_agency", "addressee_ero"]
    if env.scope.get("office_name"):
        keys.append("addressee_office")
    lines = [line for key in keys if (line := _line(env, key))]
    if facts.office is not None:
        lines += [fonts.markup(a) for a in facts.office.address]
    out: list[Block] = [Para("tight", line) for line in lines]
    draft = not facts.inputs.reviewed
    if draft and "office_needs_verification" in facts.flags:
        out.append(Para("note", _line(env, "verify_address") or ""))
    elif draft and facts.office is None:
        out.append(Para("note", _line(env, "unknown_office") or ""))
    return [*out, render.gap(14)]


def re_block(env: Env) -> list[Block]:
    keys = ("re_title", "re_name", "re_a_number", "re_birth", "re_facility")
    lines = [line for key in keys if (line := _line(env, key))]
    label = _line(env, "re_label") or "Re:"
    out: list[Block] = []
    for i, line in enumerate(lines):
        out.append(Para("re", line, bullet=label if i == 0 else None))
    return [Together(tuple(out)), render.gap(14)]


def signature(env: Env) -> list[Block]:
    facts = env.facts
    out: list[Block] = [Para("signature", _line(env, "closing") or "")]
    out.append(render.gap(0.55 * INCH))
    out.append(Para("signature", "_" * 34))
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
            *(fonts.markup(a) for a in clean_lines(facts.inputs.clinic.get("address"))),
            fonts.markup(env.scope.get("clinic_phone") or ""),
            fonts.markup(env.scope.get("clinic_email") or ""),
        ]
    out += [Para("signature", n) for n in names if n]
    return out


def cover_letter(env: Env) -> list[Block]:
    """The whole letter, first page letterhead to enclosures line."""
    facts = env.facts
    story: list[Block] = []
    story += _pro_se_head(env) if facts.inputs.pro_se else letterhead(env)
    header = compose.text(env, "running_header")
    story.append(Header(header[1] if header else None))
    story.append(Para("left", fonts.markup(env.scope["today"])))
    delivery = _line(env, "delivery") or _line(env, "delivery_default")
    if delivery:
        story.append(Para("left", f"<b>{delivery}</b>"))
    story.append(render.gap(6))
    story += addressee(env)
    story += re_block(env)
    salutation = _line(env, "salutation_officer") or _line(env, "salutation")
    story.append(Para("left", salutation or ""))
    body = render.parts(compose.compose(env))
    story += body[:-1]
    # The closing never stands alone on the last page: the last paragraph goes with it.
    story.append(Together((*body[-1:], render.gap(6), *signature(env))))
    enclosures = _line(env, "enclosures")
    if enclosures and facts.letters:
        story += [render.gap(18), Para("small", enclosures)]
    return story
