"""Deterministic, offline crisis-risk assessment and crisis resources."""

from oyster_edge.safety.assess import Assessment, ReplyAssessment, RiskLevel, assess_message, assess_reply
from oyster_edge.safety.resources import (
    CountryResources,
    CrisisLine,
    detect_country,
    format_resources,
    load_resources,
    resources_for,
)

__all__ = [
    "Assessment",
    "CountryResources",
    "CrisisLine",
    "ReplyAssessment",
    "RiskLevel",
    "assess_message",
    "assess_reply",
    "detect_country",
    "format_resources",
    "load_resources",
    "resources_for",
]
