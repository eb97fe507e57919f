"""The audit pack as a markdown report (for the lawyer to read) and JSON (for a record or a tool).

Formatting only: every figure, date, version and sentence comes from `ballotcalc.audit`.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ballotcalc._version import __version__
from ballotcalc.audit import Audit
from ballotcalc.bank_holidays import show
from ballotcalc.render import NOT_LEGAL_ADVICE


def _day(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _cell(text: object) -> str:
    """Text safe in a markdown table cell: no pipes, no line breaks."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_json(a: Audit) -> str:
    record: dict[str, Any] = {
        "file": a.file,
        "title": a.title,
        "union": a.union,
        "jurisdiction": a.jurisdiction,
        "opened": _day(a.opened),
        "closed": _day(a.closed),
        "regime": None if a.regime is None else {"id": a.regime.id, "name": a.regime.name},
        "regime_notes": list(a.regime_notes),
        "inputs": [{"role": i.role, "file": i.file, "sha256": i.sha256} for i in a.inputs],
        "versions": [
            {
                "notice": v.notice,
                "employer": v.employer,
                "deciding_day": _day(v.day),
                "why": v.why,
                "decided_by": v.decided_by,
                "regime": v.regime,
                "version": None
                if v.version is None
                else {
                    "id": v.version.id,
                    "basis": v.version.basis,
                    "received_from": _day(v.version.received_from),
                    "items": [f"{i.cite}: {i.words}" for i in v.version.items],
                    "source": v.version.source,
                    "caution": v.version.caution,
                },
            }
            for v in a.versions
        ],
        "employers": [
            {
                "employer": e.employer,
                "workforce_total": e.total,
                "eligible": e.eligible,
                "difference": e.difference,
                "reconciliation": e.says,
                "figures_explanation": e.explanation,
                "workplaces": [{"workplace": w, "number": n} for w, n in e.workplaces],
                "categories": [{"category": c, "number": n} for c, n in e.categories],
            }
            for e in a.employers
        ],
        "deadlines": [
            {
                "what": d.what,
                "day": _day(d.day),
                "rule": d.cited,
                "words": d.words,
                "source": d.source,
                "counted": d.counted,
            }
            for d in a.deadlines
        ],
        "recorded_notices": [
            {
                "employer": r.employer,
                "kind": r.notice.kind,
                "received": _day(r.notice.received),
                "status": r.status,
                "says": r.says,
            }
            for r in a.recorded
        ],
        "warnings": list(a.warnings),
        "notes": list(a.notes),
    }
    document = {"ballotcalc": __version__, "disclaimer": NOT_LEGAL_ADVICE, "audit": record}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_markdown(a: Audit) -> str:
    out: list[str] = [f"# Audit: {_cell(a.title)}", ""]
    facts = [
        ("Ballot file", a.file),
        ("Union", a.union or "not given"),
        ("Jurisdiction", "Northern Ireland" if a.jurisdiction == "ni" else "Great Britain"),
        ("Opened", show(a.opened) if a.opened else "not given"),
        ("Closed (date of the ballot)", show(a.closed) if a.closed else "not given"),
        ("Regime", f"{a.regime.id}: {a.regime.name}" if a.regime else "none could be chosen"),
    ]
    out += [f"- **{k}:** {_cell(v)}" for k, v in facts]
    out += [f"- {_cell(n)}" for n in a.regime_notes]
    out += ["", "## Inputs", "", "| role | file | sha256 |", "|---|---|---|"]
    out += [f"| {i.role} | {_cell(i.file)} | `{i.sha256}` |" for i in a.inputs]
    out += ["", "## Version of each notice, and why", ""]
    for v in a.versions:
        who = f" to {v.employer}" if v.employer else ""
        out.append(f"### {v.notice}{who}")
        out.append("")
        out.append(f"- **Deciding day:** {show(v.day) if v.day else 'none'} ({_cell(v.why)})")
        out.append(f"- **Decided by:** {_cell(v.decided_by)}")
        if v.version is None:
            out.append("- **Version:** none chosen")
        else:
            out.append(f"- **Version:** {v.version.id} ({v.regime}): {_cell(v.version.basis)}")
            items = "; ".join(f"{i.cite} {_cell(i.words)}" for i in v.version.items)
            out.append(f"- **Items, in order:** {items}")
            out.append(f"- **Source:** {_cell(v.version.source)}")
            if v.version.caution:
                out.append(f"- **Caution:** {_cell(v.version.caution)}")
        out.append("")
    out += ["## Deadlines", ""]
    if a.deadlines:
        out += ["| day | what | rule | counted |", "|---|---|---|---|"]
        for d in a.deadlines:
            day = show(d.day) if d.day else "not known"
            out.append(f"| {day} | {_cell(d.what)} | {_cell(d.cited)} | {_cell(d.counted)} |")
        out += ["", "The rules, in the statutory words:", ""]
        for words, source in dict.fromkeys((d.words, d.source) for d in a.deadlines):
            out.append(f'- "{_cell(words)}" ({_cell(source)})')
    else:
        out.append(
            "No deadline can be worked out: the opening date and told_employer are not given."
        )
    out += ["", "## Notices recorded", ""]
    if a.recorded:
        out += ["| employer | notice | received | status | decision |", "|---|---|---|---|---|"]
        for r in a.recorded:
            out.append(
                f"| {_cell(r.employer)} | {r.notice.kind} | {show(r.notice.received)} | "
                f"{r.status} | {_cell(r.says)} |"
            )
    else:
        out.append("None recorded (`notices:` in the ballot file).")
    out += ["", "## Workforce and the ballot", ""]
    if a.employers:
        out += ["| employer | workforce total | entitled to vote | reconciliation |"]
        out += ["|---|---:|---:|---|"]
        for e in a.employers:
            eligible = "not given" if e.eligible is None else f"{e.eligible:,}"
            out.append(f"| {_cell(e.employer)} | {e.total:,} | {eligible} | {_cell(e.says)} |")
        for e in a.employers:
            out += ["", f"### {_cell(e.employer)}", ""]
            out.append(f"- **Explanation of the figures:** {_cell(e.explanation or 'none given')}")
            workplaces = "; ".join(f"{_cell(w)} {n:,}" for w, n in e.workplaces)
            categories = "; ".join(f"{_cell(c)} {n:,}" for c, n in e.categories)
            out.append(f"- **Workplaces:** {workplaces}")
            out.append(f"- **Categories:** {categories}")
    else:
        out.append("No workforce CSV was given.")
    if a.warnings:
        out += ["", "## Warnings", ""]
        out += [f"- {_cell(w)}" for w in a.warnings]
    if a.notes:
        out += ["", "## Notes", ""]
        out += [f"- {_cell(n)}" for n in a.notes]
    out += ["", "---", "", f"ballotcalc {__version__}. {NOT_LEGAL_ADVICE}", ""]
    return "\n".join(out)
