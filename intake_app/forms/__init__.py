"""The questionnaire: form model, strict loader, conditions and the engine that runs them."""

from intake_app.forms.engine import (
    Evaluation,
    Issue,
    Progress,
    evaluate,
    is_visible,
    progress,
    validate,
    validate_value,
    visible_answers,
    visible_sections,
)
from intake_app.forms.errors import FormError
from intake_app.forms.loader import check_form, check_forms, load_form, load_forms
from intake_app.forms.model import (
    QUESTION_TYPES,
    TODAY,
    Choice,
    FieldBound,
    Form,
    Help,
    Question,
    Section,
    Text,
)
from intake_app.forms.values import (
    ANSWER_WORDS,
    DISPLAY_WORDS,
    ValueProblem,
    display_value,
    normalize,
)

__all__ = [
    "ANSWER_WORDS",
    "DISPLAY_WORDS",
    "QUESTION_TYPES",
    "TODAY",
    "Choice",
    "Evaluation",
    "FieldBound",
    "Form",
    "FormError",
    "Help",
    "Issue",
    "Progress",
    "Question",
    "Section",
    "Text",
    "ValueProblem",
    "check_form",
    "check_forms",
    "display_value",
    "evaluate",
    "is_visible",
    "load_form",
    "load_forms",
    "normalize",
    "progress",
    "validate",
    "validate_value",
    "visible_answers",
    "visible_sections",
]
