"""ballotcalc benchmarks: speed and memory as ratios against straight-line baselines, run side by side.

    .venv/bin/python benchmarks/run.py            # all targets, 11 interleaved runs each
    .venv/bin/python benchmarks/run.py --runs 5   # quicker, noisier

Absolute times on shared machines are noisy, so every target is a ratio of medians: ballotcalc and
its baseline run alternately (interleaved), in fresh processes, and peak memory is each child's own
maximum resident set (from wait4). This is a benchmark, not a test: it prints, it does not fail CI.

Targets (issue "Performance"):
  1. `result ballots/jcp-2011.yaml` (table to a pipe) / a script importing click, rich.console,
     rich.table and yaml and validating one one-field pydantic model: <= 1.25 (goal <= 1.0).
  2. `--version` and `--help` / the same baseline: <= 0.5.
  3. 20,000 units, `result --format json` via units_csv / a script reading the CSV with
     csv.DictReader, validating with one TypeAdapter(list[Row]), applying the integer tests and
     json.dumps-ing the units: time <= 2.0 and peak memory <= 2.0 (goal <= 1.25). The same units
     inline in the YAML file are reported, not targeted: units_csv is the path built for scale, and
     a ballot typed by hand has tens of units.
  4. 200,000 units via units_csv: time <= 11x the 20,000-unit time; memory growth and the inline
     form reported.
  5. 100,000 units via units_csv, `summary` in markdown, text and html / `result --format json` on
     the same file: time and peak memory <= 3.0 (issue 18). The summary of a large ballot is its
     national picture and the table of units; each unit's own section is left out above 20 units.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BALLOTCALC = [PY, "-m", "ballotcalc"]

BASELINE_STARTUP = """
import click, rich.console, rich.table, yaml
from pydantic import BaseModel
class M(BaseModel):
    x: int
M.model_validate({"x": 1})
"""

BASELINE_UNITS = """
import csv, json, sys
from pydantic import BaseModel, TypeAdapter
class Row(BaseModel):
    name: str
    eligible: int
    votes_cast: int
    strike_yes: int
    strike_no: int
    strike_spoiled: int
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = TypeAdapter(list[Row]).validate_python(list(csv.DictReader(handle)))
units = []
for r in rows:
    turnout = 2 * r.votes_cast >= r.eligible
    majority = r.strike_yes > r.strike_no
    units.append({"name": r.name, "eligible": r.eligible, "votes_cast": r.votes_cast,
                  "turnout_met": turnout, "majority_met": majority,
                  "verdict": "pass" if turnout and majority else "fail"})
sys.stdout.write(json.dumps({"units": units}))
"""


def measure(argv: Sequence[str]) -> tuple[float, int]:
    """Wall time (s) and peak RSS (KiB) of one run, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {err[-400:]}")
    return elapsed, usage.ru_maxrss


def interleaved(commands: dict[str, Sequence[str]], runs: int) -> dict[str, tuple[float, int]]:
    """Median time and median peak memory of each command, run alternately in shuffled order."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    memory: dict[str, list[int]] = {k: [] for k in commands}
    for argv in commands.values():  # warm the file cache once, unmeasured
        measure(argv)
    order = list(commands)
    for _ in range(runs):
        random.shuffle(order)
        for name in order:
            t, m = measure(commands[name])
            times[name].append(t)
            memory[name].append(m)
    return {k: (statistics.median(times[k]), int(statistics.median(memory[k]))) for k in commands}


def write_units(directory: Path, count: int) -> tuple[Path, Path, Path]:
    """A units CSV, a ballot that points at it, and the same ballot inline, with `count` units."""
    rng = random.Random(count)
    csv_path = directory / f"units-{count}.csv"
    rows = []
    for i in range(count):
        eligible = rng.randint(20, 400)
        cast = rng.randint(eligible // 4, eligible)
        spoiled = rng.randint(0, min(3, cast))
        yes = rng.randint(0, cast - spoiled)
        rows.append((f"Workplace {i:06d}", eligible, cast, yes, cast - spoiled - yes, spoiled))
    with csv_path.open("w", encoding="utf-8") as handle:
        handle.write("name,eligible,votes_cast,strike_yes,strike_no,strike_spoiled\n")
        handle.writelines(",".join(map(str, r)) + "\n" for r in rows)
    head = (
        "title: Benchmark ballot\nunion: Example\nopened: 2019-01-07\nclosed: 2019-02-04\n"
        "questions:\n  - id: strike\n    type: strike\n"
    )
    by_csv = directory / f"ballot-csv-{count}.yaml"
    by_csv.write_text(head + f"units_csv: {csv_path.name}\n", encoding="utf-8")
    inline = directory / f"ballot-inline-{count}.yaml"
    with inline.open("w", encoding="utf-8") as handle:
        handle.write(head + "units:\n")
        for name, eligible, cast, yes, no, spoiled in rows:
            handle.write(
                f"  - name: {name}\n    eligible: {eligible}\n    votes_cast: {cast}\n"
                f"    results: {{strike: {{yes: {yes}, no: {no}, spoiled: {spoiled}}}}}\n"
            )
    return csv_path, by_csv, inline


def row(
    label: str,
    ours: tuple[float, int],
    base: tuple[float, int],
    floor: float | None,
    memory_floor: float | None = None,
) -> str:
    """One line: times, peak memories, their ratios, and whether each ratio is within its floor."""
    ratio, memory = ours[0] / base[0], ours[1] / base[1]
    verdicts = [
        f"{what} {'within' if value <= limit else 'OVER'} {limit}"
        for what, value, limit in (("time", ratio, floor), ("memory", memory, memory_floor))
        if limit is not None
    ]
    return (
        f"{label:<44} {ours[0] * 1000:8.1f} ms {base[0] * 1000:8.1f} ms {ratio:6.2f}  "
        f"{ours[1] / 1024:7.1f} MiB {base[1] / 1024:7.1f} MiB {memory:5.2f}  {'; '.join(verdicts)}"
    )


def compile_package() -> None:
    """Byte-compile ballotcalc first, as installing a wheel does: an editable install run with
    PYTHONDONTWRITEBYTECODE set would otherwise compile every changed module on every run."""
    probe = subprocess.run(
        [PY, "-c", "import ballotcalc, os; print(os.path.dirname(ballotcalc.__file__))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    compileall.compile_dir(probe.stdout.strip(), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=11, help="interleaved runs per target (>= 10)")
    parser.add_argument("--no-scale", action="store_true", help="skip targets 3, 4 and 5")
    args = parser.parse_args()
    compile_package()
    env_note = f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs each"
    print(f"ballotcalc benchmarks ({env_note}); medians; ratio = ballotcalc / baseline")
    print(
        f"{'target':<44} {'ours':>11} {'baseline':>11} {'ratio':>6}  {'ours':>11} "
        f"{'baseline':>11} {'ratio':>5}"
    )

    base = [PY, "-c", BASELINE_STARTUP]
    got = interleaved(
        {
            "result": [*BALLOTCALC, "result", "ballots/jcp-2011.yaml"],
            "version": [*BALLOTCALC, "--version"],
            "help": [*BALLOTCALC, "--help"],
            "baseline": base,
        },
        args.runs,
    )
    print(row("1. result jcp-2011 (table, piped)", got["result"], got["baseline"], 1.25))
    print(row("2. --version", got["version"], got["baseline"], 0.5))
    print(row("2. --help", got["help"], got["baseline"], 0.5))

    if args.no_scale:
        return
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        small = write_units(directory, 20_000)
        large = write_units(directory, 200_000)
        got = interleaved(
            {
                "csv": [*BALLOTCALC, "result", "--format", "json", str(small[1])],
                "inline": [*BALLOTCALC, "result", "--format", "json", str(small[2])],
                "baseline": [PY, "-c", BASELINE_UNITS, str(small[0])],
            },
            args.runs,
        )
        print(row("3. 20,000 units, units_csv, json", got["csv"], got["baseline"], 2.0, 2.0))
        print(row("3. 20,000 units, inline YAML, json", got["inline"], got["baseline"], None))
        # growth: both sizes again, side by side, so that each ratio is of one batch of runs
        growth = interleaved(
            {
                f"{form} {size}": [*BALLOTCALC, "result", "--format", "json", str(files[index])]
                for size, files in (("small", small), ("large", large))
                for form, index in (("csv", 1), ("inline", 2))
            },
            max(5, args.runs // 2),
        )
        for form, label, floor in (("csv", "units_csv", 11.0), ("inline", "inline", None)):
            grown, start = growth[f"{form} large"], growth[f"{form} small"]
            print(row(f"4. 200,000 / 20,000 units, {label}", grown, start, floor))

        national = write_units(directory, 100_000)[1]
        got = interleaved(
            {
                "json": [*BALLOTCALC, "result", "--format", "json", str(national)],
                **{
                    fmt: [*BALLOTCALC, "summary", "--format", fmt, str(national)]
                    for fmt in ("markdown", "text", "html")
                },
            },
            max(3, args.runs // 3),
        )
        for fmt in ("markdown", "text", "html"):
            print(row(f"5. 100,000 units, summary {fmt} / json", got[fmt], got["json"], 3.0, 3.0))


if __name__ == "__main__":
    main()
