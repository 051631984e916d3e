"""Strict checking of the parsed rules file: every problem becomes a RulesError with its line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from intake_app.analysis.checks import ID, BaseChecker, line_of, plain
from intake_app.analysis.conditions import SINCE
from intake_app.analysis.model import RULE_KINDS, Evidence, Fact, Placeholder, Rule, Rules
from intake_app.analysis.templates import FORMATS

TOP_KEYS = ("analysis", "version", "languages", "placeholders", "evidence", "rules")
RULE_KEYS = ("id", "kind", "title", "explanation", "when", "facts", "evidence", "citation")
FACT_KEYS = ("text", "when", "for_each", "where")
EVIDENCE_KEYS = ("id", "name", "obtained_if")
PLACEHOLDER_KEYS = ("field", "format", "labels", *SINCE)


class Checker(BaseChecker):
    """Walks the parsed YAML once, section by section, and builds the Rules if all is sound."""

    # Sections ------------------------------------------------------------------------------

    def version_and_languages(self, doc: Any, version_hint: str = "expected a whole number from 1"):
        """Check a data file's `version` and `languages` (which must include "en"); keep the
        languages; return the version as written."""
        version = doc["version"]
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.error(line_of(doc, "version"), f"version: {version_hint}")
        langs = doc["languages"]
        if not isinstance(langs, list) or not langs or "en" not in langs:
            self.error(line_of(doc, "languages"), 'languages: a list that includes "en"')
        else:
            self.languages = tuple(
                str(v) for i, v in enumerate(langs) if self.string(v, line_of(langs, i), "language")
            )
        return version

    def placeholders(self, node: Any, line: int | None) -> dict[str, Placeholder]:
        result: dict[str, Placeholder] = {}
        if not isinstance(node, Mapping):
            self.error(line, "placeholders: expected a mapping of name to format")
            return result
        for name, spec in node.items():
            spec_line = line_of(node, name)
            if not ID.match(str(name)):
                self.error(spec_line, f"placeholder '{name}' is not a snake_case id")
                continue
            if not isinstance(spec, Mapping):
                fmt = self.string(spec, spec_line, f"placeholder '{name}'")
                if fmt is not None and fmt not in FORMATS:
                    self.error(spec_line, f"placeholder '{name}': unknown format '{fmt}'")
                elif fmt in ("choice", "choices"):
                    self.error(spec_line, f"placeholder '{name}': a {fmt} needs labels")
                elif fmt is not None:
                    result[name] = Placeholder(name, name, fmt, line=spec_line)
                continue
            checked = self._placeholder_mapping(name, spec, spec_line)
            if checked is not None:
                result[name] = checked
        return result

    def _placeholder_mapping(
        self, name: str, spec: Mapping, line: int | None
    ) -> Placeholder | None:
        what = f"placeholder '{name}'"
        if not self.keys(spec, line, PLACEHOLDER_KEYS, what):
            return None
        since = [k for k in SINCE if k in spec]
        if since:
            if len(spec) != 1:
                self.error(line, f"{what}: '{since[0]}' stands alone")
                return None
            field = self.ident(spec[since[0]], line, what)
            return Placeholder(name, field, "number", since=since[0], line=line) if field else None
        field = self.ident(spec["field"], line, what) if "field" in spec else name
        fmt = self.string(spec.get("format", DoubleQuotedScalarString("text")), line, what)
        if field is None or fmt is None:
            return None
        if fmt not in FORMATS:
            self.error(line, f"{what}: unknown format '{fmt}'")
            return None
        if (fmt in ("choice", "choices")) != ("labels" in spec):
            self.error(line, f"{what}: labels go with the formats choice and choices, and only")
            return None
        labels: dict[str, dict[str, str]] | None = None
        if "labels" in spec:
            raw = spec["labels"]
            if not isinstance(raw, Mapping) or not raw:
                self.error(line, f"{what}: labels must map choice ids to texts")
                return None
            labels = {}
            for choice, text in raw.items():
                checked = self.text(text, line_of(raw, choice), f"{what} label '{choice}'")
                if checked is not None:
                    labels[str(choice)] = checked
        return Placeholder(name, field, fmt, labels, line=line)

    def evidence(self, node: Any, line: int | None, ids: set[str]) -> dict[str, Evidence]:
        result: dict[str, Evidence] = {}
        if not isinstance(node, list):
            self.error(line, "evidence: expected a list")
            return result
        for i, item in enumerate(node):
            item_line = line_of(node, i)
            if not self.keys(item, item_line, EVIDENCE_KEYS, "evidence"):
                continue
            if not self.required(item, item_line, ("id", "name"), "evidence"):
                continue
            ev_id = self.ident(item["id"], line_of(item, "id"), "evidence id")
            name = self.text(item["name"], line_of(item, "name"), f"evidence '{ev_id}' name")
            cond = item.get("obtained_if")
            if cond is not None and not self.condition(
                cond, line_of(item, "obtained_if"), set(), False
            ):
                cond = None
            if ev_id is None or name is None:
                continue
            if ev_id in ids:
                self.error(item_line, f"duplicate id '{ev_id}'")
                continue
            ids.add(ev_id)
            obtained_if = plain(cond) if cond is not None else None
            result[ev_id] = Evidence(ev_id, name, obtained_if, item_line)
        return result

    def fact(self, node: Any, line: int | None, rule_id: str, ctx: dict[str, Any]) -> Fact | None:
        what = f"rule '{rule_id}' fact"
        if not self.keys(node, line, FACT_KEYS, what) or not self.required(
            node, line, ("text",), what
        ):
            return None
        texts = self._fact_texts(node, what, ctx)
        for_each = node.get("for_each")
        if for_each is not None:
            for_each = self.ident(for_each, line_of(node, "for_each"), f"{what} for_each")
        if "where" in node and "for_each" not in node:
            self.error(line_of(node, "where"), f"{what}: 'where' needs 'for_each'")
            return None
        in_item = "for_each" in node
        conds = {}
        for key in ("when", "where"):
            if key in node:
                if not self.condition(node[key], line_of(node, key), ctx["earlier"], in_item):
                    return None
                conds[key] = plain(node[key])
        if texts is None or ("for_each" in node and for_each is None):
            return None
        return Fact(texts, conds.get("when"), for_each, conds.get("where"))

    def _fact_texts(self, node: Mapping, what: str, ctx: dict[str, Any]) -> tuple | None:
        raw = node["text"]
        line = line_of(node, "text")
        # One text, or a list of sentences sharing the fact's when/for_each/where.
        many = raw if isinstance(raw, list) else [raw]
        if not many:
            self.error(line, f"{what}: 'text' is an empty list")
            return None
        texts = [
            self.text(t, line_of(raw, i) if raw is not t else line, what, ctx["placeholders"])
            for i, t in enumerate(many)
        ]
        return None if None in texts else tuple(texts)

    def rule(self, node: Any, line: int | None, ctx: dict[str, Any]) -> Rule | None:
        if not self.keys(node, line, RULE_KEYS, "rule"):
            return None
        if not self.required(node, line, ("id", "kind", "title", "explanation", "when"), "rule"):
            return None
        rule_id = self.ident(node["id"], line_of(node, "id"), "rule id")
        kind = self.string(node["kind"], line_of(node, "kind"), "rule kind")
        if kind is not None and kind not in RULE_KINDS:
            self.error(line_of(node, "kind"), f"unknown rule kind '{kind}': use {list(RULE_KINDS)}")
            kind = None
        label = f"rule '{rule_id}'"
        title = self.text(node["title"], line_of(node, "title"), f"{label} title")
        explanation = self.text(node["explanation"], line_of(node, "explanation"), f"{label} text")
        when_ok = self.condition(node["when"], line_of(node, "when"), ctx["earlier"], False)
        facts = self._facts(node, rule_id or "?", ctx)
        evidence = self._rule_evidence(node, label, ctx["evidence"])
        citation = None
        if "citation" in node:
            citation = self.string(node["citation"], line_of(node, "citation"), f"{label} citation")
        if rule_id is not None and rule_id in ctx["ids"]:
            self.error(line_of(node, "id"), f"duplicate id '{rule_id}'")
            return None
        if rule_id is not None:
            # Later rules may still refer to it; one mistake should not cascade into many.
            ctx["ids"].add(rule_id)
            ctx["earlier"].add(rule_id)
        if None in (rule_id, kind, title, explanation, facts, evidence) or not when_ok:
            return None
        return Rule(
            rule_id, kind, title, explanation, plain(node["when"]), facts, evidence, citation, line
        )

    def _facts(self, node: Mapping, rule_id: str, ctx: dict[str, Any]) -> tuple[Fact, ...] | None:
        raw = node.get("facts", [])
        if not isinstance(raw, list):
            self.error(line_of(node, "facts"), f"rule '{rule_id}' facts: expected a list")
            return None
        facts = [self.fact(f, line_of(raw, i), rule_id, ctx) for i, f in enumerate(raw)]
        return None if None in facts else tuple(facts)

    def _rule_evidence(
        self, node: Mapping, label: str, known: Mapping[str, Evidence]
    ) -> tuple[str, ...] | None:
        raw = node.get("evidence", [])
        line = line_of(node, "evidence")
        if not isinstance(raw, list):
            self.error(line, f"{label} evidence: expected a list of evidence ids")
            return None
        ids = []
        for i, value in enumerate(raw):
            ev_id = self.ident(value, line_of(raw, i) or line, f"{label} evidence")
            if ev_id is not None and ev_id not in known:
                self.error(line_of(raw, i) or line, f"{label}: unknown evidence '{ev_id}'")
                ev_id = None
            ids.append(ev_id)
        return None if None in ids else tuple(ids)

    def document(self, doc: Any) -> Rules | None:
        if not isinstance(doc, Mapping):
            self.error(1, "the rules file must be a mapping with an 'analysis:' key")
            return None
        self.keys(doc, 1, TOP_KEYS, "rules file")
        if not self.required(doc, 1, TOP_KEYS, "rules file"):
            return None
        form_id = self.ident(doc["analysis"], line_of(doc, "analysis"), "analysis")
        version = self.version_and_languages(doc)
        ctx: dict[str, Any] = {"ids": set(), "earlier": set()}
        ctx["placeholders"] = self.placeholders(doc["placeholders"], line_of(doc, "placeholders"))
        ctx["evidence"] = self.evidence(doc["evidence"], line_of(doc, "evidence"), ctx["ids"])
        rules = []
        raw_rules = doc["rules"]
        if not isinstance(raw_rules, list):
            self.error(line_of(doc, "rules"), "rules: expected a list")
            raw_rules = []
        for i, node in enumerate(raw_rules):
            rule = self.rule(node, line_of(raw_rules, i), ctx)
            if rule is not None:
                rules.append(rule)
        if self.errors or form_id is None:
            return None
        return Rules(
            self.path,
            int(version),
            form_id,
            self.languages,
            tuple(rules),
            ctx["evidence"],
            ctx["placeholders"],
        )
