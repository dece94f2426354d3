"""Deterministic, offline crisis-risk assessment and crisis resources."""
