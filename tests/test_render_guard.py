"""Guard: no module under `src/ballotcalc/render/` computes a decision, a date or a notice item.

Renderers only format what the core decided (issue 17: "Legal decisions live in renderers" was how
a consultative ballot came to be called a mandate in one place and not another). The check reads
each module's syntax tree (AST), so it sees code, not words in strings or comments, and flags:

1. Imports of the core's calculators: `ballotcalc.dates` (statutory date arithmetic), the tally's
   and the units summary's functions (`tally_unit`, `needed`, `aggregate`, `share`, `summarise`,
   `margin`), judging and choosing a regime (`judge`, `tests_for`, `choose`, `choose_regime`,
   `in_force`), the mandate and notice periods (`mandate_period`, `notice_period`: a renderer reads
   `BallotOutcome.mandate` and `.notice_period`), and `dateutil`. A renderer may call the core's
   queries that hand it finished data (`notices.result_items`, `result_notice`,
   `mandate_questions`) and the units table's `select` (which only orders and filters rows).
   A calculator is flagged where it is imported, called by its bare name, or reached through an
   imported module (`notices.mandate_period`); an outcome's field of the same name
   (`outcome.notice_period`) is data, not a call.
2. Date arithmetic: any use of `timedelta` or `relativedelta`. One use is allowed, by function:
   `render/timeline.py:calendar_ics`, where RFC 5545 makes an all-day event's DTEND the day after
   its DTSTART (a calendar convention, not a statutory date).
3. Comparing figures: an ordering or equality comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`) with
   two or more operands that are not literals, one of which names a vote count, an electorate or a
   threshold (`yes`, `no`, `votes_cast`, `turnout_threshold`, ...). That is what a statutory test
   is (`Y > N`, `V >= t*E`); comparing a figure with a literal (`n == 1` to choose "vote" or
   "votes") is grammar, and `is None` is not a comparison of figures. One function is allowed:
   `render/machine.py:_all_alike`, which checks that every unit shares the first one's thresholds
   before the JSON writes them once (a layout choice that decides nothing).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

RENDER = Path(__file__).resolve().parent.parent / "src" / "ballotcalc" / "render"

FORBIDDEN_MODULES = ("ballotcalc.dates", "dateutil")
FORBIDDEN_NAMES = frozenset(
    {
        "tally_unit", "tally_units", "needed", "aggregate", "share", "summarise", "margin", "judge", "tests_for",
        "choose", "choose_regime", "in_force", "mandate_period", "notice_period",
        "months_beginning_with", "weeks_beginning_with", "nth_day_before", "add_months",
    }
)  # fmt: skip
DATE_ARITHMETIC = frozenset({"timedelta", "relativedelta"})
ALLOWED_DATE_ARITHMETIC = {("timeline.py", "calendar_ics")}
ALLOWED_COMPARISONS = {("machine.py", "_all_alike")}
FIGURES = frozenset(
    {
        "yes", "no", "spoiled", "votes_cast", "eligible", "turnout", "turnout_threshold",
        "support_threshold", "threshold", "yes_share", "yes_share_of_eligible", "votes_short",
        "yes_short", "votes_spare", "returned", "still_needed",
    }
)  # fmt: skip
ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)


def modules() -> list[Path]:
    return sorted(RENDER.glob("*.py"))


def _names(node: ast.AST) -> set[str]:
    """Every identifier and attribute name inside `node`."""
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            found.add(sub.attr)
    return found


def problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    out: list[str] = []
    # which function each node is in, for the one allowed use of date arithmetic
    enclosing: dict[ast.AST, str] = {}
    for func in ast.walk(tree):  # outer functions first, so an inner one's name wins
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            for sub in ast.walk(func):
                enclosing[sub] = func.name
    modules_imported = set()  # names bound to ballotcalc modules: `notices`, `out`, ...
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules_imported |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ballotcalc"):
            modules_imported |= {a.asname or a.name for a in node.names if a.name.islower()}
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            targets = [module] if module else [a.name for a in node.names]
            for target in targets:
                if target and target.startswith(FORBIDDEN_MODULES):
                    out.append(f"{where}: imports {target}")
            for alias in node.names:
                if alias.name in FORBIDDEN_NAMES:
                    out.append(f"{where}: imports the calculator {alias.name}")
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            called = isinstance(node, ast.Name) or (
                isinstance(node.value, ast.Name) and node.value.id in modules_imported
            )
            if name in FORBIDDEN_NAMES and called:
                out.append(f"{where}: uses the calculator {name}")
            if name in DATE_ARITHMETIC and (path.name, enclosing.get(node)) not in (
                ALLOWED_DATE_ARITHMETIC
            ):
                out.append(f"{where}: date arithmetic ({name})")
        elif isinstance(node, ast.Compare) and any(isinstance(op, ORDERING) for op in node.ops):
            operands = [node.left, *node.comparators]
            live = [o for o in operands if not isinstance(o, ast.Constant)]
            allowed = (path.name, enclosing.get(node)) in ALLOWED_COMPARISONS
            if len(live) >= 2 and any(_names(o) & FIGURES for o in live) and not allowed:
                out.append(f"{where}: compares figures ({ast.unparse(node)})")
    return out


def test_the_guard_sees_every_renderer() -> None:
    names = {p.name for p in modules()}
    assert {"table.py", "machine.py", "documents.py", "timeline.py", "target.py"} <= names


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.name)
def test_no_renderer_computes_a_decision_a_date_or_a_notice_item(path: Path) -> None:
    assert problems(path) == []


@pytest.mark.parametrize(
    "code",
    [
        "from ballotcalc.dates import months_beginning_with",
        "import ballotcalc.dates",
        "from ballotcalc.tally import tally_unit",
        "def f(q):\n    return q.yes > q.no",
        "def f(u):\n    return u.turnout >= u.turnout_threshold",
        "def f(d):\n    import datetime\n    return d + datetime.timedelta(days=1)",
        "def f(o):\n    return mandate_period(o.regime, o.ballot.closed)",
        "from ballotcalc import notices\ndef f(o):\n    return notices.notice_period(o.regime)",
    ],
)
def test_the_guard_catches_each_kind_of_computation(tmp_path: Path, code: str) -> None:
    """Each rule above, shown failing on a one-line renderer that breaks it."""
    path = tmp_path / "bad.py"
    path.write_text(code + "\n", encoding="utf-8")
    assert problems(path), code


@pytest.mark.parametrize(
    "code",
    [
        "def f(n):\n    return 'vote' if n.votes_short == 1 else 'votes'",
        "def f(u):\n    return u.turnout is None",
        "from ballotcalc.tally import Decision, QuestionOutcome",
        "def f(outcome):\n    return outcome.notice_period",
        "# q.yes > q.no in a comment\nx = 'timedelta in a string'",
    ],
)
def test_the_guard_lets_formatting_through(tmp_path: Path, code: str) -> None:
    path = tmp_path / "fine.py"
    path.write_text(code + "\n", encoding="utf-8")
    assert problems(path) == [], code
