"""What paragraph files read: answers plus derived values, flags and matched rules, per voice."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from babel import Locale

from intake_app.analysis.conditions import Context, evaluate
from intake_app.analysis.model import Placeholder
from intake_app.analysis.templates import format_value, raw_value
from intake_app.domain.values import ValueProblem, format_phone
from intake_app.forms import english_key
from intake_app.i18n import format_date
from intake_app.packet.facilities import Facility, match_facility
from intake_app.packet.fonts import SERIF
from intake_app.packet.inputs import PacketInputs
from intake_app.packet.model import BlockDoc
from intake_app.packet.offices import FieldOffice
from intake_app.packet.vocabulary import (
    ENCLOSED_PREFIX,
    EXHIBIT_PREFIX,
    TAKING_PREFIX,
    WRITTEN_PREFIX,
)

_OFFICER_PREFIX = re.compile(r"^(?:deportation\s+officer|officer|d\.?o\.?|sdddo|sdo)\s+", re.I)
_PRONOUNS = {
    "en": {
        "male": ("Mr.", "he", "him", "his", "father"),
        "female": ("Ms.", "she", "her", "her", "mother"),
    },
    # Spanish: subject pronoun, object clitic ("que lo pongan en libertad"), possessive.
    "es": {
        "male": ("Sr.", "él", "lo", "su", "padre"),
        "female": ("Sra.", "ella", "la", "su", "madre"),
    },
}
_NOTHING = frozenset(
    {"none", "n/a", "na", "no", "nothing", "-", "—", "ninguno", "ninguna", "nada", "no aplica"}
    | {"unknown", "not known", "don't know", "dont know", "?", "desconocido", "desconocida"}
    | {"no sé", "no se", "no lo sé", "no lo se"}
)
_PARENT = {"en": "parent", "es": "padre o madre"}
# The interview's language as a choice of the language questions (the fallback when the
# declarant's own language was not asked).
_INTERVIEW_LANGUAGE_CHOICE = {"es": "spanish", "en": "english"}


def clean_text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _answer(value: Any) -> str | None:
    """A typed answer, or None when it says there is none ("Unknown", "N/A", "No sé")."""
    text = clean_text(value)
    return None if text and text.casefold().strip(".") in _NOTHING else text


def clean_lines(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [line for v in value if (line := clean_text(v))]
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _phone(value: Any) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    try:
        return format_phone(text)
    except (ValueProblem, ValueError):
        return text


def _lower_first(text: str | None) -> str | None:
    # "Brother" → "brother", but leave "LPR cousin" or "McDonald's manager" alone.
    if text and text[0].isupper() and (len(text) == 1 or text[1].islower()):
        return text[0].lower() + text[1:]
    return text


@dataclass
class CaseFacts:
    """The parts of a case every document shares, computed once per build."""

    inputs: PacketInputs
    office: FieldOffice | None
    chosen_bases: tuple[str, ...]
    extra_flags: frozenset[str] = frozenset()
    letters: Mapping[str, str] = field(default_factory=dict)
    slots: Mapping[str, Callable[[str], list[str]]] = field(default_factory=dict)
    base: dict[str, Any] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()
    # Exhibits whose documents are in the packet (attached, in hand, or drafted by Amparo).
    enclosed: frozenset[str] = frozenset()
    # What composing found: points left for counsel, and the authorities cited.
    points: list[str] = field(default_factory=list)
    cited: set[str] = field(default_factory=set)
    # The packet for ICE as composed (document id, parts), for the counsel review.
    filing: list = field(default_factory=list)
    # The detention facility, when the directory knows it (district and custodian, for habeas).
    facility: Facility | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        inputs = self.inputs
        answers = inputs.answers
        analysis = inputs.analysis
        interpreted = inputs.interview_language != "en" or answers.get("interpreter_used") == "yes"
        flags = {
            "pro_se" if inputs.pro_se else "represented",
            "reviewed" if inputs.reviewed else "draft",
        }
        if not inputs.pro_se and inputs.signer.role == "accredited_representative":
            flags.add("accredited_representative")
        if interpreted:
            flags.add("interpreted")
        if self.office is not None:
            flags.add("office_in_directory")
            if self.office.verify:
                flags.add("office_needs_verification")
        self.facility = match_facility(str(inputs.answers.get("facility_name") or ""))
        if self.facility is not None:
            flags.add("facility_in_directory")
            if self.facility.verify:
                flags.add("facility_needs_verification")
        if inputs.signer.name.strip():
            flags.add("has_signer")
        if clean_text(inputs.clinic.get("name")):
            flags.add("has_clinic_profile")
        if inputs.overrides:
            flags.add("edited")
        language = self._declarant_language_id()
        if language and language != "english":
            flags.add("declaration_read_back")
        self.flags = frozenset(flags | self.extra_flags)
        matched = {e.id for e in analysis.factors + analysis.findings + analysis.red_flags}
        if analysis.posture is not None:
            matched.add(analysis.posture.id)
        # Possible relief prints only when counsel chose it, like the legal bases.
        relief = {e.id for e in analysis.relief} & set(inputs.relief)
        # `counsel_wrote_<block>`: counsel has written that paragraph for this case.
        written = {
            WRITTEN_PREFIX + key.split(".", 1)[1].split(".")[0]
            for key, text in inputs.overrides.items()
            if "." in key and text.strip()
        }
        taking = {TAKING_PREFIX + road for road in inputs.roads}
        self.matched = frozenset(
            matched | set(self.chosen_bases) | relief | written | taking | self.flags
        )
        self.base = dict(answers)
        self.base.update(self._derived())

    def _declarant_language_id(self) -> str | None:
        """The choice id of the language the declarant speaks best (for the read-back); when
        the interview did not ask, the language it was held in."""
        answers = self.inputs.answers
        if answers.get("interviewee_relationship") == "self":
            value = answers.get("detainee_primary_language")
        else:
            value = answers.get("interviewee_language")
        if isinstance(value, str) and value:
            return value
        return _INTERVIEW_LANGUAGE_CHOICE.get(self.inputs.interview_language)

    def _declarant_language(self) -> str | None:
        """That language's English name, as the interpreter's certificate names it."""
        answers = self.inputs.answers
        self_declares = answers.get("interviewee_relationship") == "self"
        question_id = "detainee_primary_language" if self_declares else "interviewee_language"
        other_id = "detainee_language_other" if self_declares else "interviewee_language_other"
        choice_id = self._declarant_language_id()
        if choice_id is None:
            return None
        if choice_id == "other":
            return clean_text(answers.get(other_id))
        form = self.inputs.form
        question = form.question(question_id) if form.has_question(question_id) else None
        choice = question.choice(choice_id) if question is not None else None
        if choice is None:  # the interview's own language, when the question went unasked
            return _language_name(self.inputs.interview_language, "en")
        return choice.label.get("en")

    def set_plan(self, letters: Mapping[str, str], enclosed: frozenset[str]) -> None:
        """The exhibits' tab letters, and which hold their documents (`{rule: enclosed_…}`)."""
        self.letters = letters
        self.enclosed = enclosed
        # A road with its own exhibit list plans again: the earlier plan's flags go.
        kept = {m for m in self.matched if not m.startswith(ENCLOSED_PREFIX)}
        self.matched = frozenset(kept | {ENCLOSED_PREFIX + e for e in enclosed})

    def note_point(self, text: str) -> None:
        """A point the draft leaves for counsel (listed in the counsel review)."""
        if text not in self.points:
            self.points.append(text)

    def _derived(self) -> dict[str, Any]:
        inputs = self.inputs
        answers = inputs.answers
        clinic = inputs.clinic
        given = clean_text(answers.get("detainee_given_names"))
        family = clean_text(answers.get("detainee_family_names"))
        full = " ".join(p for p in (given, family) if p) or None
        office = self.office
        office_answer = clean_text(answers.get("field_office"))
        if office is not None:
            office_name = office.name
        elif office_answer:
            office_name = office_answer
            if "office" not in office_answer.casefold():
                office_name += " Field Office"
        else:
            office_name = None
        officer = _answer(answers.get("deportation_officer"))
        posture = inputs.analysis.posture
        relationship = answers.get("interviewee_relationship")
        declarant = full if relationship == "self" else clean_text(answers.get("interviewee_name"))
        return {
            "client_full": full,
            "client_last_first": f"{family.upper()}, {given}" if family and given else full,
            "case_id": inputs.case_id,
            "declarant": declarant,
            "sponsor_relation": _lower_first(clean_text(answers.get("sponsor_relationship"))),
            "translator_name": clean_text(answers.get("interpreter_name")),
            "translator_languages": clean_text(answers.get("interpreter_languages")),
            "office_name": office_name,
            "office_address": ", ".join(office.address) if office else None,
            "officer": _OFFICER_PREFIX.sub("", officer) if officer else None,
            "delivery_method": clean_text(clinic.get("delivery_method")),
            "clinic_name": clean_text(clinic.get("name")),
            "clinic_address": ", ".join(clean_lines(clinic.get("address"))) or None,
            "clinic_phone": _phone(clinic.get("phone")),
            "clinic_email": clean_text(clinic.get("email")),
            "clinic_website": clean_text(clinic.get("website")),
            "clinic_contact": clean_text(clinic.get("contact")),
            "clinic_hours": clean_text(clinic.get("hours")),
            "signer_name": clean_text(inputs.signer.name),
            "reviewed_by": clean_text(inputs.reviewed_by),
            "declarant_language": self._declarant_language(),
            "posture_title": posture.title_in("en") if posture is not None else None,
            **self._facility_values(),
        }

    def _facility_values(self) -> dict[str, Any]:
        facility = self.facility
        if facility is None:
            return dict.fromkeys(
                ("facility_district", "facility_circuit", "facility_custodian", "facility_city")
            )
        return {
            "facility_district": facility.district,
            "facility_circuit": facility.circuit,
            "facility_custodian": facility.custodian,
            "facility_city": facility.city,
        }

    def slot(self, name: str, lang: str) -> list[str]:
        """The items Python supplies for a `slot:` block, in `lang`."""
        make = self.slots.get(name)
        return make(lang) if make else []

    def voice(self, doc: BlockDoc, lang: str) -> dict[str, Any]:
        """Values that depend on the document: its language and whom it speaks of, how."""
        answers = self.inputs.answers
        values = dict(self.base)
        values["today"] = format_date(self.inputs.today, lang)
        values["interview_language_name"] = _language_name(self.inputs.interview_language, lang)
        signer_titles = {
            "attorney": "Attorney",
            "accredited_representative": "Accredited Representative",
        }
        values["signer_title"] = signer_titles.get(self.inputs.signer.role)
        first = doc.voice.first_person_when is not None and evaluate(
            doc.voice.first_person_when, Context(values, self.inputs.today, self.matched)
        )
        pronouns = _PRONOUNS.get(lang, _PRONOUNS["en"])
        honorific, he, him, his, parent = pronouns.get(
            str(answers.get("detainee_gender")), (None, None, None, None, _PARENT.get(lang))
        )
        if first:
            values.update(client="I", he="I", he_cap="I", him="me", his="my", his_cap="My")
            values.update(has="have", parent_word=parent)
            values["is"] = "am"
            return values
        family = clean_text(answers.get("detainee_family_names"))
        given = clean_text(answers.get("detainee_given_names"))
        if doc.voice.name == "given":
            name = given or values["client_full"]
        else:
            name = f"{honorific} {family}" if honorific and family else values["client_full"]
        values.update(client=name, has="has", parent_word=parent)
        values["is"] = "is"
        if name is None:
            return values
        values.update(
            he=he or name,
            he_cap=(he or name)[:1].upper() + (he or name)[1:],
            him=him or name,
            his=his or f"{name}’s",
            his_cap=(his or f"{name}’s")[:1].upper() + (his or f"{name}’s")[1:],
        )
        return values


def _labelled(value: Any, spec: Placeholder) -> Any:
    """Only choices the file has words for: a packet never prints a choice id."""
    labels = spec.labels
    if labels is None or spec.format not in ("choice", "choices"):
        return value
    if spec.format == "choice":
        return value if isinstance(value, str) and value in labels else None
    values = value if isinstance(value, list | tuple) else [value]
    kept = [v for v in values if isinstance(v, str) and v in labels]
    return kept or None


def _language_name(code: str, lang: str) -> str | None:
    try:
        name = Locale.parse(code).get_display_name(lang)
    except (ValueError, TypeError):
        return None
    # English capitalizes language names; Spanish does not.
    return name[:1].upper() + name[1:] if lang == "en" else name


@dataclass(frozen=True)
class Env:
    """One document's view of the case: the scope its conditions and placeholders read."""

    doc: BlockDoc
    lang: str
    scope: Mapping[str, Any]
    ctx: Context
    facts: CaseFacts
    font: str = SERIF

    @classmethod
    def make(cls, doc: BlockDoc, facts: CaseFacts, lang: str, font: str = SERIF) -> Env:
        scope = facts.voice(doc, lang)
        ctx = Context(scope, facts.inputs.today, facts.matched)
        return cls(doc, lang, scope, ctx, facts, font)

    def for_item(self, item: Mapping[str, Any]) -> Env:
        """The same document seen from one group item (one physician letter per child)."""
        ctx = self.ctx.for_item(item)
        return Env(self.doc, self.lang, ctx.scope, ctx, self.facts, self.font)

    def value(self, name: str, scope: Mapping[str, Any]) -> str | None:
        """A placeholder as it reads in this language, or None when there is nothing to say."""
        spec: Placeholder | None = self.doc.placeholders.get(name)
        if spec is not None:
            value = _labelled(self._in_document_language(spec, scope), spec)
            text = format_value(value, spec, self.lang, self.facts.inputs.today)
            if spec.format == "text":
                # "None" typed into a text box is no answer, not a church called None.
                return _answer(text)
            return text
        if name.startswith(EXHIBIT_PREFIX):
            return self.facts.letters.get(name[len(EXHIBIT_PREFIX) :])
        return clean_text(scope.get(name))

    def _in_document_language(self, spec: Placeholder, scope: Mapping[str, Any]) -> Any:
        """The answer as this document may print it. Free text in the family's words, from an
        interview held in another language, prints only as the English rendering written
        beside it (`<id>@en`); without one it is missing, never pasted in untranslated."""
        value = raw_value(spec, scope)
        inputs = self.facts.inputs
        if spec.format != "text" or self.lang == inputs.interview_language:
            return value
        form = inputs.form
        if not form.has_question(spec.field) or not form.question(spec.field).needs_english:
            return value
        return scope.get(english_key(spec.field))

    def citation(self, authority_id: str) -> str | None:
        """An authority's citation as printed (`*` marks italics), or None when it may no
        longer be cited; the build remembers what it cited for counsel's review."""
        from intake_app.analysis import default_rules

        authority = default_rules().authorities.get(authority_id)
        if authority is None or not authority.printable:
            return None
        self.facts.cited.add(authority_id)
        return authority.cite
