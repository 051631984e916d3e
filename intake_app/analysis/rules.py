"""Reading `forms/analysis.yaml` strictly (YAML 1.2, no duplicate keys) and caching the default."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from intake_app.analysis.crosscheck import check_against_form
from intake_app.analysis.errors import RulesError
from intake_app.analysis.model import Rules
from intake_app.analysis.schema import Checker
from intake_app.forms import FormError, load_form
from intake_app.paths import forms_dir

RULES_FILENAME = "analysis.yaml"


def default_rules_path() -> Path:
    return forms_dir() / RULES_FILENAME


def _parse(path: Path) -> tuple[object, list[RulesError]]:
    yaml = YAML(typ="rt")
    # Quotes are kept so the checker can insist on them; duplicate keys raise (ruamel default).
    yaml.preserve_quotes = True
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [RulesError(path, None, "no such file")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [RulesError(path, None, f"cannot be read ({exc})")]
    try:
        return yaml.load(text), []
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        return None, [RulesError(path, line, problem)]
    except YAMLError as exc:
        return None, [RulesError(path, None, str(exc).strip())]


def _load(path: Path) -> tuple[Rules | None, list[RulesError]]:
    doc, errors = _parse(path)
    if errors:
        return None, errors
    checker = Checker(path)
    rules = checker.document(doc)
    return rules, sorted(checker.errors, key=lambda e: (e.line or 0, e.message))


def check_rules(path: str | Path | None = None) -> list[RulesError]:
    """Every problem in the rules file, in line order; empty when it is sound.

    When the form the rules read lies beside them (`forms/<id>.yaml`), the rules are also
    checked against it: unknown ids, wrong types and impossible choices are errors too.
    """
    rules, errors = _load(Path(path) if path else default_rules_path())
    if errors or rules is None:
        return errors
    form_path = rules.path.parent / f"{rules.form_id}.yaml"
    if not form_path.exists():
        return []
    try:
        form = load_form(form_path)
    except FormError:
        # The form's own problems are reported by the form check; judge the rules alone.
        return []
    return check_against_form(rules, form)


def load_rules(path: str | Path | None = None) -> Rules:
    """The checked rules; raises the first RulesError (by line) when the file is not sound."""
    rules, errors = _load(Path(path) if path else default_rules_path())
    if errors or rules is None:
        raise errors[0] if errors else RulesError(path or default_rules_path(), None, "empty")
    return rules


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The bundled rules, read once per process (they do not change while the app runs), and
    reused from the definitions cache while the file is unchanged."""
    from intake_app.compiled import cached

    path = default_rules_path().resolve()
    return cached("rules", [path], lambda: load_rules(path), extra=str(path))
