"""Benchmark: start-up of `schemactl` commands that do little, against `python -c 'import typer'`.

What it measures: whole processes, spawn to exit, of `schemactl --help`, `--version`, `rules`,
`render` of one file and `lint` of one small file (this project's first migration), taking turns
with `python -c pass` (the interpreter) and `python -c 'import typer'` (the CLI framework alone:
the floor of any typer command) in the same run. The result gives each median, the ratio to the
typer floor, and which heavy libraries each command loaded (from `-X importtime` runs), because a
command should pay only for what it uses: `--help`, `--version` and `rules` need no pglast, psycopg
or jinja2; `lint` and `render` need no psycopg.

Goals: `--help` and `--version` <= 100 ms; `lint` of one small file <= 150 ms.

Usage: .venv/bin/python bench/startup.py [--runs N] [--output PATH]      (or: make bench-startup)
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from common import PROJECT_ROOT, RESULTS_DIR, compile_schemactl, medians, schemactl_base, write_json

DEFAULT_OUTPUT = RESULTS_DIR / "startup.json"
HEAVY = ("psycopg", "pglast", "jinja2", "rich", "pydantic", "yaml")
GOALS_S = {"help": 0.100, "version": 0.100, "lint_one_file": 0.150}


def commands() -> dict[str, list[str]]:
    base = [*schemactl_base(), "-C", str(PROJECT_ROOT)]
    first = str(sorted((PROJECT_ROOT / "sql").glob("*.sql"))[0])
    return {
        "python": [sys.executable, "-c", "pass"],
        "import_typer": [sys.executable, "-c", "import typer"],
        "help": [*base, "--help"],
        "version": [*base, "--version"],
        "rules": [*base, "rules"],
        "render_one_file": [*base, "render", first],
        "lint_one_file": [*base, "lint", first],
    }


def run(command: list[str]) -> float:
    """Seconds of one run, spawn to exit; lint exits 1 on findings, anything else must succeed."""
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"command failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    return elapsed


def heavy_imports(command: list[str]) -> list[str]:
    """The heavy libraries among the modules a process imported (from -X importtime)."""
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    names = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    return sorted(names.intersection(HEAVY))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="timed samples of each command (default 21)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the JSON result")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    output: Path = args.output

    compile_schemactl()
    todo = commands()
    for command in todo.values():  # warm-up: the OS file cache and __pycache__
        run(command)
    samples: dict[str, list[float]] = {name: [] for name in todo}
    names = list(todo)
    for i in range(args.runs):
        for name in names if i % 2 == 0 else reversed(names):
            samples[name].append(run(todo[name]))
    median_s = medians(samples)
    floor = median_s["import_typer"]
    results: dict[str, object] = {}
    for name, median in median_s.items():
        entry: dict[str, object] = {"median_s": median, "ratio_to_import_typer": median / floor}
        line = f"  {name:<16} {median * 1000:6.1f} ms  {median / floor:4.2f}x typer"
        if name in GOALS_S:
            entry["goal_s"] = GOALS_S[name]
            entry["goal_met"] = median <= GOALS_S[name]
            line += f"  (goal <= {GOALS_S[name] * 1000:.0f} ms: {'met' if median <= GOALS_S[name] else 'NOT met'})"
        if name not in ("python", "import_typer"):
            heavy = heavy_imports(todo[name])
            entry["heavy_imports"] = heavy
            line += f"  loads: {', '.join(heavy) or '-'}"
        results[name] = entry
        print(line)
    document = {
        "benchmark": "start-up of schemactl commands vs python -c 'import typer'; whole processes",
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": args.runs,
        "samples_s": samples,
        "results": results,
        "commands": {name: " ".join(command) for name, command in todo.items()},
        "load_average_1_5_15_min": list(os.getloadavg()),
        "python_version": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
    }
    write_json(output, document)
    print(f"written to {output}")


if __name__ == "__main__":
    main()
