"""Every definition file checked at once (forms, analysis rules, packet paragraphs, and the question
ids Amparo's own Python names), and the questionnaire's outline: what `intake forms` and the
self-test run."""

from __future__ import annotations

from intake_app import paths
from intake_app.forms import conditions as c
from intake_app.forms.loader import check_forms, load_forms
from intake_app.forms.model import Form, Question
from intake_app.i18n import _, ngettext


def check_all() -> tuple[list[str], str]:
    """Every form, the analysis rules and the packet's paragraphs, in every language:
    (errors as file:line, summary). The verdict is reused from the definitions cache while the
    definitions, the translations and Amparo's code are unchanged."""
    from intake_app.compiled import cached
    from intake_app.i18n import current_language

    folder = paths.forms_dir().resolve()
    sources = [
        *folder.glob("*.yaml"),
        *folder.glob("packet/*.yaml"),
        *paths.translations_dir().glob("*/LC_MESSAGES/messages.po"),
    ]
    return cached("check", sources, _check_all_now, extra=f"{folder}|{current_language()}")


def _check_all_now() -> tuple[list[str], str]:
    from intake_app.analysis import check_rules
    from intake_app.packet import check_packet_blocks

    errors = [str(e) for e in check_forms(paths.forms_dir())]
    errors += [str(e) for e in check_rules()]
    errors += [str(e) for e in check_packet_blocks()]
    errors += _code_errors()
    if errors:
        return errors, ngettext("{n} error found.", "{n} errors found.", len(errors)).format(
            n=len(errors)
        )
    forms = load_forms(paths.forms_dir())
    parts = []
    for form in forms.values():
        count = len(list(form.questions()))
        parts.append(
            _("{form} v{version}: {count} questions in {languages}").format(
                form=form.id,
                version=form.version,
                count=count,
                languages=", ".join(form.languages),
            )
        )
    return [], "\n".join([*parts, _("All forms, analysis rules and packet paragraphs are valid.")])


def _code_errors() -> list[str]:
    """Question ids Amparo's own Python names that no questionnaire has (skipped in a frozen
    bundle, which carries no source to read)."""
    from pathlib import Path

    from intake_app.forms import FormError
    from intake_app.forms.code_refs import unknown_question_refs

    package = Path(__file__).resolve().parent
    if paths.is_frozen() or not any(package.glob("*.py")):
        return []
    try:
        forms = load_forms(paths.forms_dir())
    except FormError:  # the forms' own errors are reported above
        return []
    known = {q.id for form in forms.values() for q in form.questions()}
    return unknown_question_refs(package, known)


def outline(form_id: str | None, lang: str) -> str:
    forms = load_forms(paths.forms_dir())
    form = forms[form_id] if form_id else next(iter(forms.values()))
    lines = [f"{form.title.get(lang)}  ({form.id} v{form.version})", ""]
    for number, section in enumerate(form.sections, 1):
        cond = _shown_if(section.show_if)
        lines.append(f"{number}. {section.title.get(lang)}  <{section.id}>{cond}")
        for question in section.questions:
            lines.extend(_question_lines(question, lang, "   "))
        lines.append("")
    return "\n".join(lines)


def _question_lines(question: Question, lang: str, indent: str) -> list[str]:
    required = "*" if question.required else " "
    cond = _shown_if(question.show_if)
    lines = [
        f"{indent}{required} {question.id} ({question.type}): {question.label.get(lang)}{cond}"
    ]
    for child in question.questions:
        lines.extend(_question_lines(child, lang, indent + "    "))
    return lines


def _shown_if(condition: c.Condition | None) -> str:
    if condition is None:
        return ""
    return "   [" + _("shown if {condition}").format(condition=describe(condition)) + "]"


def describe(condition: c.Condition) -> str:
    """The condition as a reader would write it: `arrest_setting = vehicle_stop and …`."""
    if isinstance(condition, c.Equals):
        return f"{condition.field} = {condition.value}"
    if isinstance(condition, c.In):
        return f"{condition.field} in ({', '.join(sorted(map(str, condition.values)))})"
    if isinstance(condition, c.Answered):
        return f"{condition.field} {'answered' if condition.expected else 'not answered'}"
    if isinstance(condition, c.All):
        return " and ".join(_wrapped(part) for part in condition.conditions)
    if isinstance(condition, c.AnyOf):
        return " or ".join(_wrapped(part) for part in condition.conditions)
    return f"not {_wrapped(condition.condition)}"


def _wrapped(condition: c.Condition) -> str:
    text = describe(condition)
    return f"({text})" if isinstance(condition, c.All | c.AnyOf) else text


__all__ = ["Form", "check_all", "outline"]
