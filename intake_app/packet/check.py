"""`check_packet_blocks()`: every paragraph file, alone and against the form, rules and exhibits."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from intake_app.analysis import default_rules
from intake_app.analysis.crosscheck import FormCheck
from intake_app.analysis.errors import RulesError
from intake_app.forms import FormError, load_form
from intake_app.forms.model import Form
from intake_app.packet.errors import PacketError
from intake_app.packet.loader import load_file, packet_dir
from intake_app.packet.model import BlockDoc
from intake_app.packet.vocabulary import DERIVED, EXHIBIT_PREFIX
from intake_app.paths import forms_dir

FORM_ID = "humanitarian_release"
EXHIBITS_DOC = "exhibits"
# Lists a file may declare, and what their ids must name.
_LIST_KINDS = {"letter_bases": "legal_basis", "family_documents": "evidence"}


def check_packet_blocks(directory: str | Path | None = None) -> list[PacketError]:
    """Every problem in the packet paragraph files, in file and line order; empty when sound."""
    folder = Path(directory) if directory else packet_dir()
    if not folder.is_dir():
        return [PacketError(folder, None, "the packet paragraph folder is missing")]
    errors: list[PacketError] = []
    docs: dict[str, BlockDoc] = {}
    checkers = {}
    for path in sorted(folder.glob("*.yaml")):
        doc, file_errors, checker = load_file(path)
        errors += file_errors
        if doc is not None:
            docs[doc.id] = doc
            checkers[doc.id] = checker
    if errors:
        return errors
    form = _form()
    exhibits = {e.id for e in docs[EXHIBITS_DOC].exhibits} if EXHIBITS_DOC in docs else set()
    roads = {doc_id for doc_id, doc in docs.items() if doc.output is not None}
    for doc_id, doc in docs.items():
        errors += _cross(doc, checkers[doc_id], exhibits, set(docs), roads)
        if form is not None:
            errors += _against_form(doc, checkers[doc_id], form)
    return sorted(set(errors), key=lambda e: (str(e.path), e.line or 0, e.message))


def _form() -> Form | None:
    try:
        return load_form(forms_dir() / f"{FORM_ID}.yaml")
    except FormError:
        return None  # the form check reports the form's own problems


def _cross(
    doc: BlockDoc, checker, exhibits: set[str], doc_ids: set[str], roads: set[str]
) -> list[PacketError]:
    rules = default_rules()
    bases = {r.id for r in rules.rules if r.kind == "legal_basis"}
    errors = []

    def error(line: int | None, message: str) -> None:
        errors.append(PacketError(doc.path, line, message))

    for ex_id, line in checker.exhibit_refs:
        if ex_id not in exhibits:
            error(line, f"{{{EXHIBIT_PREFIX}{ex_id}}} names no exhibit of {EXHIBITS_DOC}.yaml")
    for ex_id, line in checker.enclosed_refs:
        if ex_id not in exhibits:
            error(line, f"enclosed_{ex_id} names no exhibit of {EXHIBITS_DOC}.yaml")
    for sentence, line, _group in checker.sentences:
        for ex_id in sentence.cite:
            if ex_id not in exhibits:
                error(line, f"cite '{ex_id}' names no exhibit of {EXHIBITS_DOC}.yaml")
    for road, line in checker.road_refs:
        if road not in roads:
            error(line, f"taking_{road} names no road (a paragraph file with `output:`)")
    for ex_id, line in checker.output_exhibits:
        if ex_id not in exhibits:
            error(line, f"output exhibit '{ex_id}' names no exhibit of {EXHIBITS_DOC}.yaml")
    for exhibit in doc.exhibits:
        for ev_id in exhibit.evidence:
            if ev_id not in rules.evidence:
                error(exhibit.line, f"exhibit '{exhibit.id}': unknown evidence '{ev_id}'")
        if exhibit.generated is not None and exhibit.generated not in doc_ids:
            error(exhibit.line, f"exhibit '{exhibit.id}': no paragraph file '{exhibit.generated}'")
    for name, ids in doc.lists.items():
        kind = _LIST_KINDS.get(name)
        if kind is None:
            error(None, f"unknown list '{name}' (known: {', '.join(sorted(_LIST_KINDS))})")
            continue
        known = bases if kind == "legal_basis" else set(rules.evidence)
        for value in ids:
            if value not in known:
                error(None, f"list '{name}': '{value}' is not a known {kind.replace('_', ' ')}")
    return errors


def _against_form(doc: BlockDoc, checker, form: Form) -> list[PacketError]:
    """Conditions and placeholders read real questions, with possible values and types."""
    stub = SimpleNamespace(path=doc.path, form_id=form.id, placeholders=doc.placeholders)
    check = FormCheck(stub, form)  # type: ignore[arg-type]
    for spec in doc.placeholders.values():
        check.placeholder(spec)
    conditions = []
    for section in doc.sections:
        conditions.append((section.when, section.line, None))
        conditions += [(block.when, block.line, None) for block in section.blocks]
    conditions += [(e.when, e.line, None) for e in doc.exhibits]
    conditions.append((doc.voice.first_person_when, None, None))
    if doc.for_each is not None:
        conditions.append((doc.where, None, doc.for_each))
        conditions = [(c, line, group or doc.for_each) for c, line, group in conditions]
    for section in doc.sections:
        for block in section.blocks:
            if block.for_each is not None:
                conditions.append((block.where, block.line, block.for_each))
    for sentence, line, group in checker.sentences:
        if group is not None:
            question = check.question(group, None, line)
            if question is None:
                continue
            if not question.is_group:
                check.error(line, f"for_each names '{group}', which is not a group")
                continue
        conditions += [(sentence.when, line, group), (sentence.where, line, group)]
        for text in sentence.texts:
            for name in _names(text):
                spec = doc.placeholders.get(name)
                if spec is None or not form.has_question(spec.field):
                    continue
                owner = form.group_of(spec.field)
                if owner is not None and owner.id != group:
                    check.error(line, f"{{{name}}} reads group '{owner.id}': use for_each")
    for condition, line, group in conditions:
        if condition is not None:
            check.condition(_without_rules(condition), line, group)
    return [_packet_error(e) for e in check.errors]


def _names(text) -> set[str]:
    from intake_app.analysis.templates import placeholders_in

    return {
        n
        for t in text.values()
        for n in placeholders_in(t)
        if n not in DERIVED and not n.startswith(EXHIBIT_PREFIX)
    }


def _without_rules(condition):
    """The condition with `{rule: …}` leaves dropped; the loader already checked those."""
    if "rule" in condition:
        return {}
    result = dict(condition)
    for key in ("all", "any"):
        if key in result:
            result[key] = [_without_rules(c) for c in result[key]]
    for key in ("not", "where"):
        if key in result:
            result[key] = _without_rules(result[key])
    return result


def _packet_error(error: RulesError) -> PacketError:
    return PacketError(error.path, error.line, error.message)
