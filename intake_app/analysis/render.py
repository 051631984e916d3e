"""Plain-text rendering of an Analysis for `intake analyze CASE`, in English or Spanish."""

from __future__ import annotations

from intake_app.analysis.model import Analysis, Entry

# Rendered in the language asked for, not the UI language: a volunteer may print the Spanish
# summary for the family from an English screen.
_WORDS = {
    "en": {
        "title": "Case analysis (rules version {version})",
        "disclaimer": "Draft for attorney review; not legal advice.",
        "factors": "Humanitarian factors",
        "findings": "Arrest and detainer findings",
        "red_flags": "Red flags for attorney review",
        "legal_bases": "Suggested legal bases",
        "missing_evidence": "Evidence still missing",
        "none": "Nothing found.",
        "needed_for": "needed for",
    },
    "es": {
        "title": "Análisis del caso (versión de las reglas {version})",
        "disclaimer": "Borrador para revisión del abogado; no es asesoría legal.",
        "factors": "Factores humanitarios",
        "findings": "Hallazgos sobre el arresto y la orden de retención migratoria",
        "red_flags": "Alertas para revisión del abogado",
        "legal_bases": "Bases legales sugeridas",
        "missing_evidence": "Pruebas que aún faltan",
        "none": "No se encontró nada.",
        "needed_for": "se necesita para",
    },
}


def _entries(entries: tuple[Entry, ...], lang: str, words: dict[str, str]) -> list[str]:
    if not entries:
        return [f"  {words['none']}"]
    lines = []
    for entry in entries:
        citation = f" [{entry.citation}]" if entry.citation else ""
        lines.append(f"  * {entry.title_in(lang)}{citation}")
        lines.append(f"    {entry.explanation_in(lang)}")
        lines.extend(f"    - {fact}" for fact in entry.facts_in(lang))
    return lines


def render_analysis(analysis: Analysis, lang: str = "en") -> str:
    """The analysis as text under five headings; Spanish headings and texts for `lang="es"`."""
    words = _WORDS.get(lang, _WORDS["en"])
    titles = {e.id: e.title_in(lang) for e in analysis.entries()}
    lines = [words["title"].format(version=analysis.rules_version), words["disclaimer"]]
    for part in ("factors", "findings", "red_flags", "legal_bases"):
        lines += ["", words[part], *_entries(getattr(analysis, part), lang, words)]
    lines += ["", words["missing_evidence"]]
    if not analysis.missing_evidence:
        lines.append(f"  {words['none']}")
    for need in analysis.missing_evidence:
        needed_for = "; ".join(titles.get(rule_id, rule_id) for rule_id in need.needed_for)
        lines.append(f"  * {need.name_in(lang)} ({words['needed_for']}: {needed_for})")
    return "\n".join(lines) + "\n"
