"""Benchmarks: each prints a table with ratios against a floor measured in the same run."""
