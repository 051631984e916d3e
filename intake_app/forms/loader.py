"""The strict form loader: `forms/*.yaml` → Form objects, or FormErrors located as file:line."""

from __future__ import annotations

import hashlib
import re
from os import PathLike
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from intake_app.forms.conditions import Condition
from intake_app.forms.errors import FormError
from intake_app.forms.model import Form, Help, Question, Section, Text
from intake_app.forms.references import ReferenceChecker
from intake_app.forms.structure import Draft, Skeleton, StructureChecker
from intake_app.forms.yamlsource import YamlProblem, check_unquoted_booleans, parse

# A form declares itself with a top-level `form:` key; files without one are not parsed at all.
_LOOKS_LIKE_FORM = re.compile(r"^form\s*:", re.MULTILINE)


def load_form(path: str | PathLike[str]) -> Form:
    """Load one form file; raise its first FormError (the others in `.more`) if it has problems."""
    form, errors = _check_file(Path(path), must_be_form=True)
    _raise_first(errors)
    assert form is not None
    return form


def load_forms(directory: str | PathLike[str]) -> dict[str, Form]:
    """Every form in `directory` by id; other YAML files there (rules, paragraphs) are skipped.
    Compiled forms are reused from the definitions cache while the files are unchanged."""
    from intake_app.compiled import cached

    folder = Path(directory).resolve()
    return cached("forms", folder.glob("*.yaml"), lambda: _load_now(folder), extra=str(folder))


def _load_now(folder: Path) -> dict[str, Form]:
    forms, errors = _check_directory(folder)
    _raise_first(errors)
    return forms


def check_form(path: str | PathLike[str]) -> list[FormError]:
    """Every problem found in one form file (empty when it loads)."""
    return _check_file(Path(path), must_be_form=True)[1]


def check_forms(directory: str | PathLike[str]) -> list[FormError]:
    """Every problem found in the forms of `directory` (empty when they all load)."""
    return _check_directory(Path(directory))[1]


def _raise_first(errors: list[FormError]) -> None:
    if errors:
        first = errors[0]
        first.more = tuple(errors[1:])
        raise first


def _check_directory(directory: Path) -> tuple[dict[str, Form], list[FormError]]:
    forms: dict[str, Form] = {}
    errors: list[FormError] = []
    for path in sorted(directory.glob("*.yaml")):
        form, file_errors = _check_file(path, must_be_form=False)
        errors.extend(file_errors)
        if form is None:
            continue
        if form.id in forms:
            errors.append(
                FormError(path, 1, f"form id '{form.id}' is also used by {forms[form.id].path}")
            )
            continue
        forms[form.id] = form
    return forms, errors


# Parsing is slow (ruamel's round-trip parser is pure Python: about half a second for the whole
# questionnaire), and `intake forms check` followed by a load would parse twice. Forms are frozen,
# so results are shared, keyed by content rather than by a timestamp that may not change.
_CACHE: dict[tuple[str, bytes], tuple[Form | None, tuple[FormError, ...]]] = {}
_CACHE_SIZE = 16


def _check_file(path: Path, must_be_form: bool) -> tuple[Form | None, list[FormError]]:
    """(form or None, errors); a YAML file that is not a form gives (None, []) unless required."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except OSError as exc:
        return None, [FormError(path, 0, f"cannot read the file: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return None, [FormError(path, 0, "the file is not UTF-8 text")]
    if not must_be_form and not _LOOKS_LIKE_FORM.search(text):
        return None, []  # rules, packet paragraphs…: some other loader's business
    key = (str(path), hashlib.sha256(data).digest())
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[key] = _check_text(path, text)
    form, errors = _CACHE[key]
    return form, [FormError(e.path, e.line, e.message) for e in errors]


def _check_text(path: Path, text: str) -> tuple[Form | None, tuple[FormError, ...]]:
    errors: list[FormError] = []

    def report(line: int, message: str) -> None:
        errors.append(FormError(path, line, message))

    try:
        root = parse(text)
    except YamlProblem as exc:
        return None, tuple(FormError(path, line, message) for line, message in exc.problems)
    if not isinstance(root, CommentedMap) or "form" not in root:
        return None, (FormError(path, 1, "not a form: the file has no top-level 'form' key"),)
    check_unquoted_booleans(root, report)
    skeleton = StructureChecker(report).check(root)
    conditions = ReferenceChecker(skeleton, report).check()
    if errors:
        return None, tuple(sorted(errors, key=lambda e: e.line))
    return _build(skeleton, conditions, path), ()


def _build(skeleton: Skeleton, conditions: dict[str, Condition], path: Path) -> Form:
    assert isinstance(skeleton.title, Text)
    sections = tuple(
        Section(
            id=draft.id,
            title=draft.attrs["title"],
            intro=draft.attrs.get("intro"),
            show_if=conditions.get(draft.id),
            questions=tuple(_question(q, conditions) for q in draft.children),
            line=draft.line,
        )
        for draft in skeleton.sections
    )
    return Form(
        id=skeleton.form_id,
        version=skeleton.version,
        languages=skeleton.languages,
        title=skeleton.title,
        sections=sections,
        path=str(path),
    )


def _question(draft: Draft, conditions: dict[str, Condition]) -> Question:
    attrs: dict[str, Any] = draft.attrs
    help_ = attrs["help"]
    assert isinstance(help_, Help)
    return Question(
        id=draft.id,
        type=draft.type,
        label=attrs["label"],
        help=help_,
        required=attrs.get("required", False),
        show_if=conditions.get(draft.id),
        choices=attrs.get("choices", ()),
        min=attrs.get("min", _literal(draft, "min")),
        max=attrs.get("max", _literal(draft, "max")),
        allow_unknown=attrs.get("allow_unknown", False),
        proper_name=attrs.get("proper_name", False),
        item_label=attrs.get("item_label"),
        add_label=attrs.get("add_label"),
        max_items=attrs.get("max_items"),
        questions=tuple(_question(child, conditions) for child in draft.children),
        group=draft.group,
        section=draft.section,
        line=draft.line,
    )


def _literal(draft: Draft, key: str) -> Any:
    bound = draft.bounds.get(key)
    return None if bound is None else bound.value
