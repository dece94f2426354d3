"""Fixtures of the TUI tests: deterministic safety hooks, the real safety layer, a Pilot runner."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import pytest
from textual.app import App
from textual.pilot import Pilot
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


def constant_memory() -> int:
    return 123 << 20


def run_pilot(app: App, scenario: Callable[[Pilot], Awaitable[None]], size: tuple[int, int] = (100, 32)) -> None:
    """Run `scenario` against `app` under Textual's Pilot (pytest-asyncio is not used)."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await pilot.pause(0.02)
