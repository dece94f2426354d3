"""Fixtures of the TUI tests: deterministic safety hooks, the real safety layer, a Pilot runner."""

from __future__ import annotations

import pytest
from tui_doubles import FIXED_RESOURCES, fake_assess, fake_reply

from oyster_edge.tui.gate import SafetyHooks


@pytest.fixture
def fake_safety() -> SafetyHooks:
    """Safety hooks whose verdicts are fixed by markers in the text (DISTRESS, METHOD): tests the app's wiring."""
    return SafetyHooks(fake_assess, fake_reply, lambda country, language: FIXED_RESOURCES, "XX")


@pytest.fixture
def real_safety() -> SafetyHooks:
    """The real offline safety layer (oyster_edge.safety)."""
    try:
        from oyster_edge.safety import assess_message  # noqa: F401
        from oyster_edge.safety.resources import resources_for  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"oyster_edge.safety is not available yet ({exc})")
    from oyster_edge.tui.gate import default_safety

    return default_safety(country_flag="US")
