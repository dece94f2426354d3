"""Deterministic, offline crisis-risk assessment and crisis resources."""

from oyster_edge.safety.assess import Assessment, ReplyAssessment, RiskLevel, assess_message, assess_reply

__all__ = ["Assessment", "ReplyAssessment", "RiskLevel", "assess_message", "assess_reply"]
