"""Tiny and random Marian models for tests, benchmarks and the demo; never imported by the package itself."""
