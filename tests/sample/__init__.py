"""Tests of the sample system's hand-written architecture: ARCHITECTURE.md, expected-graph.json."""
