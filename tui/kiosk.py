"""Kiosk mode: the chat app locked down for an unattended public terminal.

No way out (quit keys, command palette, suspend do nothing), nothing leaves the screen (no links, no
clipboard, no screenshots, no logs), and an idle timer wipes the conversation back to a welcome screen.
The model is loaded only after its sha256 matches the manifest; if it does not, the kiosk still runs
and the help panel still works, only the chat stays off.
"""

from __future__ import annotations

import sys
import time
import traceback
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from oyster_edge.tui.app import ChatApp, ChatSettings
from oyster_edge.tui.gate import SafetyHooks
from oyster_edge.tui.keys import APP_KEYS, bindings_for
from oyster_edge.tui.kiosk_config import KioskConfig
from oyster_edge.tui.widgets import Conversation, SystemNote

VISITOR_INPUT = (events.Key, events.Paste, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
START_HINT = {"en": "Press Enter to start", "zh": "按回车键开始"}
HELP_HINT = {"en": "{key}: help and crisis lines, any time", "zh": "{key}：随时查看求助与危机热线"}
UNAVAILABLE = {
    "en": "Chat is not available on this terminal right now. Help and crisis lines: press {key}.",
    "zh": "此终端的聊天功能暂时无法使用。求助与危机热线：请按 {key}。",
}


def _localized(table: dict[str, str], language: str) -> str:
    return table.get(language.split("-")[0], table["en"])


class WelcomeScreen(Screen[None]):
    """What a passer-by sees first, and what the idle timer returns to."""

    BINDINGS = [Binding("enter", "start", "Start", priority=True)]

    def __init__(self, welcome: str, language: str, resources_key: str) -> None:
        super().__init__(id="welcome")
        self._welcome = welcome
        self._language = language
        self._resources_key = resources_key

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="welcome-box"):
            yield Static(self._welcome, id="welcome-text", markup=False)
            yield Static(_localized(START_HINT, self._language), id="welcome-start", markup=False)
            hint = _localized(HELP_HINT, self._language).format(key=self._resources_key)
            yield Static(hint, id="welcome-help", markup=False)

    def action_start(self) -> None:
        self.dismiss()


class KioskApp(ChatApp, inherit_bindings=False):
    CSS_PATH = ["chat.tcss", "kiosk.tcss"]
    ENABLE_COMMAND_PALETTE = False
    OPEN_LINKS = False
    SHOW_REASONING = False
    BINDINGS = [
        Binding("ctrl+q", "ignore", show=False, priority=True, system=True),
        Binding("ctrl+c", "ignore", show=False, priority=True, system=True),
        Binding("ctrl+z", "ignore", show=False, priority=True, system=True),
        *bindings_for(APP_KEYS, ("resources", "cancel", "new_chat")),
    ]

    def __init__(
        self, config: KioskConfig, *, safety: SafetyHooks, engine_loader: Any, memory_probe: Any = None
    ) -> None:
        settings = ChatSettings(
            model_label="",
            max_tokens=config.max_tokens,
            think=False,
            language=config.language,
            keymap=config.keymap,
        )
        super().__init__(safety=safety, engine_loader=engine_loader, settings=settings, memory_probe=memory_probe)
        self.config = config
        self.last_activity = time.monotonic()
        self.wipes = 0

    def on_mount(self) -> None:
        super().on_mount()
        self.status.model = ""
        self.set_interval(min(1.0, self.config.idle_timeout_seconds / 4), self._check_idle)
        self._show_welcome()

    def _show_welcome(self) -> None:
        self.push_screen(WelcomeScreen(self.config.welcome, self.config.language, self._key_for("resources")))

    @property
    def on_welcome(self) -> bool:
        return isinstance(self.screen, WelcomeScreen)

    # ---- activity and the idle wipe -----------------------------------------------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, VISITOR_INPUT):
            self.last_activity = time.monotonic()
        await super().on_event(event)

    def reply_done(self) -> None:
        self.last_activity = time.monotonic()

    async def _check_idle(self) -> None:
        if self.on_welcome or self.generating:  # a slow reply is not the visitor leaving; its end counts
            return
        if time.monotonic() - self.last_activity >= self.config.idle_timeout_seconds:
            await self.wipe()

    async def wipe(self) -> None:
        """Forget everything of the last visitor and show the welcome screen."""
        await self.clear_conversation()
        self.panel.close()
        self._language = self.config.language
        self._clipboard = ""
        self.wipes += 1
        if self._load_error is not None:
            self._show_model_unavailable(self._load_error)
        if not self.on_welcome:
            self._show_welcome()

    async def action_new_chat(self) -> None:
        """On a public terminal "new chat" means: erase this visit now, as the idle timer would."""
        await self.wipe()

    # ---- help is one key away, even from the welcome screen -----------------------------------------
    async def action_toggle_resources(self) -> None:
        if self.on_welcome:
            self.screen.dismiss()
        await super().action_toggle_resources()

    def _show_model_unavailable(self, reason: str) -> None:
        self._load_error = reason
        self.status.state = "chat unavailable"
        note = _localized(UNAVAILABLE, self.config.language).format(key=self._key_for("resources"))
        self.call_later(self.query_one(Conversation).add, SystemNote(note))

    # ---- no way out, nothing leaves the screen ------------------------------------------------------
    def _fatal_error(self) -> None:
        """Crash report for the journal: Textual's default prints every frame's locals (the conversation)."""
        error = sys.exc_info()[1]
        self._exit_renderables.append(Text(crash_report(error)))
        self._close_messages_no_wait()

    def action_ignore(self) -> None:
        self.last_activity = time.monotonic()

    async def action_quit(self) -> None:
        return None

    def action_help_quit(self) -> None:
        return None

    def action_suspend_process(self) -> None:
        return None

    def action_command_palette(self) -> None:
        return None

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        return None

    def save_screenshot(self, *args: Any, **kwargs: Any) -> str:
        raise PermissionError("screenshots are disabled in kiosk mode")

    def deliver_screenshot(self, *args: Any, **kwargs: Any) -> None:
        return None

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        return None

    def copy_to_clipboard(self, text: str) -> None:
        return None


def crash_report(error: BaseException | None) -> str:
    """Exception type and code locations only: no message, no locals, as either may hold what was typed."""
    if error is None:
        return "oyster-edge kiosk stopped on an unknown error"
    frames = traceback.extract_tb(error.__traceback__)
    where = [f"  {frame.filename}:{frame.lineno} in {frame.name}" for frame in frames]
    return "\n".join([f"oyster-edge kiosk crashed: {type(error).__name__} (message withheld)", *where])


def kiosk_engine_loader(config: KioskConfig) -> Any:
    """Verify the model against its manifest, then open it: both in the app's loading worker."""

    def load() -> Any:
        from oyster_edge.tui.engines import open_chat_engine
        from oyster_edge.tui.preflight import verify_model

        verified = verify_model(config.model, quant=config.quant, sha256=config.sha256)
        return open_chat_engine(verified.path, n_ctx=config.n_ctx, system_prompt=config.system_prompt)

    return load

