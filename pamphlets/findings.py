"""What `pamphlets check` reports: findings with stable codes, printed like a compiler or as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .errors import Loc, Problem, printable

# Stable codes: the first letter is the severity (E error, W warning). Documented in the README.
CODES = {
    "E101": "invalid file: YAML syntax, schema, types, missing or unknown keys",
    "E102": "unknown topic, format, size or language, or no labels for a language",
    "E103": "a placeholder uses a local detail the profile does not set",
    "E104": "text or a QR code does not fit its region even at the smallest allowed size",
    "E105": "a character the font cannot draw",
    "E106": "unbalanced ** or * markup",
    "E107": "a placeholder detail in the profile (a fictional 555 number, an example.org link) that would print",
    "E108": "a picture or logo that cannot be used: not found, outside the project, not SVG, PNG or JPEG, unreadable, "
            "or under 150 ppi where it prints",
    "W201": "reading grade above 8",
    "W202": "sentence longer than 20 words",
    "W203": "ALL-CAPS words",
    "W301": "stigmatising word, with the person-first alternative",
    "E401": "a known out-of-date claim",
    "W402": "facts reviewed longer ago than the allowed age",
    "W501": "translation is behind its source language file",
    "W502": "machine translation not yet reviewed by a fluent speaker",
    "W601": "a style's smallest size is below the legible floor",
    "W602": "text colour against its background below 4.5:1 contrast",
    "W603": "QR link is not https:, tel: or sms:",
    "W604": "QR code would print too small to scan reliably",
    "W605": "a bitmap picture or logo under 300 ppi where it prints",
    "W606": "a page, panel or column filled less than the fill threshold",
    "W607": "a heading as the last line of a page, panel or column",
    "W608": "text under 10 pt in a colour printed from more than one plate",
    "W609": "white text under 10 pt on a background printed from more than one plate",
    "W701": "a state law entry was checked longer ago than the allowed age",
    "E702": "a state law entry is past its sunset (repeal) date",
    "W703": "a state law entry reaches its sunset date within 6 months",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One thing `check` found, at a place in a file."""

    loc: Loc
    code: str
    message: str

    @property
    def severity(self) -> str:
        """'error' or 'warning', from the code's first letter."""
        return "error" if self.code.startswith("E") else "warning"

    def __str__(self) -> str:
        where = f"{self.loc.path}:{self.loc.line}:{self.loc.col}" if self.loc.line else self.loc.path
        key = f"{self.loc.key}: " if self.loc.key else ""
        return printable(f"{where}: {self.severity}: {self.code}: {key}{self.message}")

    def as_json(self) -> dict[str, object]:
        """The finding as a JSON object (see README, 'pamphlets check --format json')."""
        return {"path": self.loc.path, "line": self.loc.line, "col": self.loc.col, "key": self.loc.key,
                "severity": self.severity, "code": self.code, "message": self.message}


def from_problem(problem: Problem) -> Finding:
    """A build problem as a finding."""
    return Finding(problem.loc, problem.code, problem.message)


def report_json(findings: list[Finding], grades: list[dict[str, object]], documents: int) -> str:
    """The machine-readable report."""
    errors = sum(f.severity == "error" for f in findings)
    return json.dumps({
        "version": 1,
        "findings": [f.as_json() for f in findings],
        "summary": {"errors": errors, "warnings": len(findings) - errors, "documents": documents},
        "reading_grades": grades,
    }, indent=2, ensure_ascii=False) + "\n"
