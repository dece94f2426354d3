"""Pilot helpers of the TUI tests (a uniquely named module: `from conftest import` breaks across test folders)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from textual.app import App
from textual.pilot import Pilot


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
