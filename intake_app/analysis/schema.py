"""Strict checking of the parsed rules file: every problem becomes a RulesError with its line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from intake_app.analysis.checks import ID, BaseChecker, line_of, plain
from intake_app.analysis.conditions import BETWEEN, SINCE
from intake_app.analysis.model import (
    AUTHORITY_STATUSES,
    RULE_KINDS,
    Authority,
    Evidence,
    Fact,
    Placeholder,
    Rule,
    Rules,
)
from intake_app.analysis.templates import FORMATS

REQUIRED_TOP_KEYS = ("analysis", "version", "languages", "placeholders", "authorities")
REQUIRED_TOP_KEYS += ("evidence", "rules")
TOP_KEYS = (*REQUIRED_TOP_KEYS, "verify_after_days")
RULE_KEYS = ("id", "kind", "title", "explanation", "when", "facts", "evidence", "authorities")
AUTHORITY_KEYS = ("id", "cite", "about", "source", "verified", "status", "verify")
AUTHORITY_KEYS += ("superseded_by", "aliases", "note")
AUTHORITY_REQUIRED = ("id", "cite", "about", "source", "verified", "status")
FACT_KEYS = ("text", "when", "for_each", "where")
EVIDENCE_KEYS = ("id", "name", "obtained_if")
PLACEHOLDER_KEYS = ("field", "format", "labels", "ask", *SINCE, *BETWEEN)


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
        ask = None
        if "ask" in spec:
            # What a counsel placeholder says when this answer is missing: "[date of the ticket]".
            ask = self.text(spec["ask"], line_of(spec, "ask") or line, f"{what} ask")
            if ask is None:
                return None
        derived = [k for k in (*SINCE, *BETWEEN) if k in spec]
        if derived:
            kind = derived[0]
            if len(set(spec) - {"ask"}) != 1:
                self.error(line, f"{what}: '{kind}' stands alone")
                return None
            if kind in SINCE:
                field = self.ident(spec[kind], line, what)
                if field is None:
                    return None
                return Placeholder(name, field, "number", since=kind, line=line, ask=ask)
            if not self.between_operands(spec[kind], line, kind):
                return None
            operands = tuple(str(o) for o in spec[kind])
            ids = [o for o in operands if ID.match(o)]
            if not ids:
                self.error(line, f"{what}: '{kind}' needs at least one question id")
                return None
            return Placeholder(
                name, ids[0], "number", since=kind, line=line, between=operands, ask=ask
            )
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
        return Placeholder(name, field, fmt, labels, line=line, ask=ask)

    def authorities_list(self, node: Any, line: int | None) -> dict[str, Authority]:
        """Every authority with its source, the date it was last checked and its status."""
        result: dict[str, Authority] = {}
        if not isinstance(node, list):
            self.error(line, "authorities: expected a list")
            return result
        for i, item in enumerate(node):
            checked = self._authority(item, line_of(node, i))
            if checked is None:
                continue
            if checked.id in result:
                self.error(checked.line, f"duplicate authority '{checked.id}'")
                continue
            result[checked.id] = checked
        for authority in result.values():
            later = authority.superseded_by
            if later is not None and later not in result:
                self.error(authority.line, f"authority '{authority.id}': unknown '{later}'")
            if authority.status == "superseded" and later is None:
                self.error(authority.line, f"authority '{authority.id}': superseded by what?")
        return result

    def _authority(self, item: Any, line: int | None) -> Authority | None:
        if not self.keys(item, line, AUTHORITY_KEYS, "authority"):
            return None
        if not self.required(item, line, AUTHORITY_REQUIRED, "authority"):
            return None
        auth_id = self.ident(item["id"], line_of(item, "id") or line, "authority id")
        what = f"authority '{auth_id}'"
        cite = self.string(item["cite"], line_of(item, "cite") or line, f"{what} cite")
        source = self.string(item["source"], line_of(item, "source") or line, f"{what} source")
        about = self.text(item["about"], line_of(item, "about") or line, f"{what} about")
        note = None
        if "note" in item:
            note = self.text(item["note"], line_of(item, "note") or line, f"{what} note")
        verified = self._date(item["verified"], line_of(item, "verified") or line, what)
        status = self.string(item["status"], line_of(item, "status") or line, f"{what} status")
        if status is not None and status not in AUTHORITY_STATUSES:
            self.error(line_of(item, "status"), f"{what}: status is one of {AUTHORITY_STATUSES}")
            status = None
        verify = item.get("verify", False)
        if not isinstance(verify, bool):
            self.error(line_of(item, "verify"), f"{what}: verify is true or false")
            verify = None
        later = None
        if "superseded_by" in item:
            later = self.ident(item["superseded_by"], line_of(item, "superseded_by"), what)
        raw = item.get("aliases", [])
        if not isinstance(raw, list):
            self.error(line_of(item, "aliases"), f"{what}: aliases is a list of strings")
            raw = []
        aliases = [
            self.string(alias, line_of(raw, n) or line, f"{what} alias")
            for n, alias in enumerate(raw)
        ]
        if source is not None and not source.strip():
            self.error(line_of(item, "source"), f"{what}: say where it was checked")
            source = None
        values = (auth_id, cite, source, about, verified, status, verify)
        if None in values or None in aliases or ("note" in item and note is None):
            return None
        return Authority(
            auth_id,  # type: ignore[arg-type]
            cite,  # type: ignore[arg-type]
            about,  # type: ignore[arg-type]
            source,  # type: ignore[arg-type]
            verified,  # type: ignore[arg-type]
            status,  # type: ignore[arg-type]
            bool(verify),
            later,
            tuple(aliases),  # type: ignore[arg-type]
            note,
            line,
        )

    def _date(self, value: Any, line: int | None, what: str) -> dt.date | None:
        text = self.string(value, line, f"{what} verified")
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(line, f"{what}: verified is a date, YYYY-MM-DD (found '{text}')")
            return None

    def _rule_authorities(self, node: Mapping, label: str) -> tuple[str, ...] | None:
        raw = node.get("authorities", [])
        line = line_of(node, "authorities")
        if not isinstance(raw, list):
            self.error(line, f"{label} authorities: expected a list of authority ids")
            return None
        ids = []
        for i, value in enumerate(raw):
            auth_id = self.ident(value, line_of(raw, i) or line, f"{label} authority")
            if auth_id is not None:
                self.cited(auth_id, line_of(raw, i) or line, label)
            ids.append(auth_id)
        return None if None in ids else tuple(ids)  # type: ignore[return-value]

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
        for i, text in enumerate(texts):
            self.no_inline_citation(text, line_of(raw, i) if raw is not many[i] else line, what)
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
        authorities = self._rule_authorities(node, label)
        self.no_inline_citation(title, line_of(node, "title"), f"{label} title")
        self.no_inline_citation(explanation, line_of(node, "explanation"), f"{label} text")
        if rule_id is not None and rule_id in ctx["ids"]:
            self.error(line_of(node, "id"), f"duplicate id '{rule_id}'")
            return None
        if rule_id is not None:
            # Later rules may still refer to it; one mistake should not cascade into many.
            ctx["ids"].add(rule_id)
            ctx["earlier"].add(rule_id)
        if None in (rule_id, kind, title, explanation, facts, evidence, authorities) or not when_ok:
            return None
        return Rule(
            rule_id,
            kind,
            title,
            explanation,
            plain(node["when"]),
            facts,
            evidence,
            authorities,
            line,
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
        if not self.required(doc, 1, REQUIRED_TOP_KEYS, "rules file"):
            return None
        form_id = self.ident(doc["analysis"], line_of(doc, "analysis"), "analysis")
        version = self.version_and_languages(doc)
        self.authorities = self.authorities_list(doc["authorities"], line_of(doc, "authorities"))
        verify_after = doc.get("verify_after_days", 120)
        if not isinstance(verify_after, int) or isinstance(verify_after, bool) or verify_after < 1:
            self.error(
                line_of(doc, "verify_after_days"), "verify_after_days: a whole number of days"
            )
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
            self.authorities,
            int(verify_after),
        )
