"""Running one detector over its fixture, as golden tests and their regeneration need."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.detectors import REGISTRY
from scanner.detectors.base import Detector
from scanner.engine import scan_python
from scanner.findings import ModuleImport, describe

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_name(detector: type[Detector]) -> str:
    return detector.__module__.rsplit(".", 1)[-1]


def run_detector(detector: type[Detector]) -> list[dict[str, object]]:
    """Findings of ``detector`` on its fixture, as sorted JSON-ready records."""
    every = sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.py"))
    scanned = scan_python(FIXTURES, [f"{fixture_name(detector)}.py"], every, detectors=[detector])
    records = [describe(f) for f in scanned.findings if not isinstance(f, ModuleImport)]
    return sorted(records, key=lambda r: (r["line"], json.dumps(r, sort_keys=True)))


def ignore_line(detector: type[Detector]) -> int:
    """The line of the fixture's ``# Ignore`` marker: nothing at or below it may be found."""
    lines = (FIXTURES / f"{fixture_name(detector)}.py").read_text().splitlines()
    return [line.strip() for line in lines].index("# Ignore") + 1


def regenerate() -> None:
    for detector in REGISTRY:
        path = FIXTURES / f"{fixture_name(detector)}.expected.json"
        path.write_text(json.dumps(run_detector(detector), indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    regenerate()
