"""Golden tests: each detector on its fixture finds exactly the reviewed findings."""

from __future__ import annotations

import json

import pytest

from scanner.detectors import REGISTRY
from scanner.detectors.base import Detector
from tests.scanner.golden import FIXTURES, fixture_name, ignore_line, run_detector


@pytest.mark.parametrize("detector", REGISTRY, ids=fixture_name)
def test_detector_finds_the_reviewed_findings_when_run_on_its_fixture(
    detector: type[Detector],
) -> None:
    expected = json.loads((FIXTURES / f"{fixture_name(detector)}.expected.json").read_text())
    assert run_detector(detector) == expected


@pytest.mark.parametrize("detector", REGISTRY, ids=fixture_name)
def test_detector_finds_nothing_when_shapes_are_in_the_ignore_section(
    detector: type[Detector],
) -> None:
    boundary = ignore_line(detector)
    found = run_detector(detector)
    assert found, "the detect section must produce findings"
    assert all(isinstance(r["line"], int) and r["line"] < boundary for r in found)


def test_every_detector_has_a_docstring_naming_what_it_ignores() -> None:
    for detector in REGISTRY:
        doc = detector.__module__ and __import__(detector.__module__, fromlist=["_"]).__doc__
        assert doc and "ignores" in doc, detector.__name__
