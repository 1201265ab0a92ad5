"""Measurements of the whole system: assistant evals and solver/scenario benchmarks."""
