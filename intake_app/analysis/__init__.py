"""From visible answers to humanitarian factors, findings, red flags, legal bases and evidence."""

from intake_app.analysis.engine import analyze
from intake_app.analysis.errors import RulesError
from intake_app.analysis.model import (
    RULE_KINDS,
    Analysis,
    Entry,
    Evidence,
    EvidenceNeed,
    Fact,
    Placeholder,
    Rule,
    Rules,
)
from intake_app.analysis.render import render_analysis
from intake_app.analysis.rules import check_rules, default_rules, default_rules_path, load_rules

__all__ = [
    "RULE_KINDS",
    "Analysis",
    "Entry",
    "Evidence",
    "EvidenceNeed",
    "Fact",
    "Placeholder",
    "Rule",
    "Rules",
    "RulesError",
    "analyze",
    "check_rules",
    "default_rules",
    "default_rules_path",
    "load_rules",
    "render_analysis",
]
