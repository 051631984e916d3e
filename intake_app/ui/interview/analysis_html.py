"""The analysis panel: factors with their facts, findings, red flags, bases, evidence."""

from __future__ import annotations

import html
from typing import Any

from intake_app.i18n import _


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _entries(entries: Any, lang: str, none: str) -> str:
    if not entries:
        return f"<p><i>{_esc(none)}</i></p>"
    items = []
    for entry in entries:
        citation = f" <small>({_esc(entry.citation)})</small>" if entry.citation else ""
        facts = "".join(f"<li>{_esc(fact)}</li>" for fact in entry.facts_in(lang))
        items.append(
            f"<li><b>{_esc(entry.title_in(lang))}</b>{citation}"
            f"<br>{_esc(entry.explanation_in(lang))}"
            + (f"<ul>{facts}</ul>" if facts else "")
            + "</li>"
        )
    return "<ul>" + "".join(items) + "</ul>"


def analysis_html(analysis: Any, lang: str) -> str:
    """`analysis` is what `session.cases.analysis()` returns (see intake_app/analysis/model.py)."""
    none = _("None.")
    titles = {entry.id: entry.title_in(lang) for entry in analysis.entries()}
    # Strings stay outside the f-strings: the catalog extractor does not look inside them.
    analysis_title = _("Analysis")
    draft_note = _("Draft for attorney review; not legal advice.")
    parts = [
        f"<h2>{_esc(analysis_title)}</h2>",
        f"<p><i>{_esc(draft_note)}</i></p>",
    ]
    # The custody posture decides the road: it comes first, with the facts that led to it
    # (for "unknown", the answers that would decide it).
    heading = _("Custody posture")
    parts.append(f"<h3>{_esc(heading)}</h3>")
    parts.append(_entries((analysis.posture,) if analysis.posture else (), lang, none))
    headed = (
        (_("Humanitarian factors"), analysis.factors),
        (_("Arrest and detainer findings"), analysis.findings),
        (_("Red flags for attorney review"), analysis.red_flags),
        (_("Suggested legal bases"), analysis.legal_bases),
    )
    for title, entries in headed:
        parts.append(f"<h3>{_esc(title)}</h3>")
        parts.append(_entries(entries, lang, none))
    evidence_title = _("Evidence still missing")
    parts.append(f"<h3>{_esc(evidence_title)}</h3>")
    if not analysis.missing_evidence:
        parts.append(f"<p><i>{_esc(none)}</i></p>")
    else:
        items = []
        for need in analysis.missing_evidence:
            needed_for = "; ".join(titles.get(rule_id, rule_id) for rule_id in need.needed_for)
            note = _("needed for: {reasons}").format(reasons=needed_for)
            items.append(f"<li>{_esc(need.name_in(lang))}<br><small>{_esc(note)}</small></li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)
