"""The chat app: streaming Markdown replies from a ChatEngine, with the crisis-resources panel on top.

Order on every message: assess it synchronously, open the resources panel when the assessment says so,
and only then start the generation worker, so help is on screen before the model writes a word.
The blocking llama.cpp work runs in a thread worker; replies pass a ReplyGate before they are shown.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.message import Message
from textual.widgets import Footer

from oyster_edge.errors import OysterError
from oyster_edge.runtime.types import ChatEngine, ChatMessage, GenerationStats
from oyster_edge.tui.gate import ReplyGate, SafetyHooks
from oyster_edge.tui.keys import APP_KEYS, bindings_for
from oyster_edge.tui.widgets import (
    AssistantMessage,
    Conversation,
    MessageInput,
    ResourcesPanel,
    StatusLine,
    SystemNote,
    UserMessage,
)

EngineLoader = Callable[[], ChatEngine]


@dataclass
class ChatSettings:
    model_label: str = "no model"
    max_tokens: int = 512
    think: bool = False
    language: str = "en"
    keymap: dict[str, str] = field(default_factory=dict)


@dataclass
class Turn:
    """One request to the model: what it sees, what the user's message was assessed as, how to stop it."""

    number: int
    messages: list[ChatMessage]
    assessment: Any
    cancel: threading.Event


@dataclass
class StreamChunk(Message):
    turn: int
    kind: str  # "answer" | "reasoning" | "notice"
    text: str


@dataclass
class ReplyFinished(Message):
    turn: int
    stats: GenerationStats | None
    replacement: str | None  # set when the reply was unsafe and must be shown replaced
    reasoning_withheld: bool


@dataclass
class ReplyFailed(Message):
    turn: int
    error: str


@dataclass
class EngineLoaded(Message):
    engine: ChatEngine | None
    error: str | None


def describe_error(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, OysterError) else f"{type(exc).__name__}: {exc}"


class ChatApp(App[None]):
    CSS_PATH = "chat.tcss"
    TITLE = "oyster-edge"
    BINDINGS = bindings_for(APP_KEYS)
    OPEN_LINKS = True
    SHOW_REASONING = True

    def __init__(
        self,
        *,
        safety: SafetyHooks,
        engine_loader: EngineLoader | None,
        settings: ChatSettings | None = None,
        load_error: str | None = None,
        memory_probe: Callable[[], int] | None = None,
    ) -> None:
        super().__init__()
        self._memory_probe = memory_probe or _resident_set_size
        self.safety = safety
        self.settings = settings or ChatSettings()
        self.engine: ChatEngine | None = None
        self._engine_loader = engine_loader
        self._load_error = load_error
        self._history: list[ChatMessage] = []
        self._turn = 0
        self._cancel = threading.Event()
        self._engine_lock = threading.Lock()
        self._reply_view: AssistantMessage | None = None
        self.last_stats: GenerationStats | None = None
        self._language = self.settings.language
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    # ---- layout -------------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield ResourcesPanel(self._resources_hint(), open_links=self.OPEN_LINKS)
        yield Conversation(self._empty_hint(), id="conversation")
        yield MessageInput(id="input")
        yield StatusLine(id="status")
        yield Footer()

    def _empty_hint(self) -> str:
        return (
            f"Type a message and press Enter. {self._key_for('resources')} shows help and crisis lines at any time."
        )

    def _resources_hint(self) -> str:
        return f"{self._key_for('resources')} closes this panel · 按 {self._key_for('resources')} 关闭"

    def _key_for(self, name: str) -> str:
        keys = self._keymap.get(f"oyster.{name}", APP_KEYS[name].keys)
        return keys.split(",")[0].upper()

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def panel(self) -> ResourcesPanel:
        return self.query_one(ResourcesPanel)

    @property
    def generating(self) -> bool:
        return self._reply_view is not None

    def on_mount(self) -> None:
        self.status.model = self.settings.model_label
        self._update_memory()
        self.set_interval(2.0, self._update_memory)
        self.query_one(MessageInput).focus()
        if self._engine_loader is not None:
            self.status.state = "loading model…"
            self._load_engine(self._engine_loader)
        else:
            self._show_model_unavailable(self._load_error or "no model was given (oyster-edge tui MODEL.gguf)")

    def _update_memory(self) -> None:
        self.status.rss_bytes = self._memory_probe()

    # ---- engine loading -----------------------------------------------------------------------------
    @work(thread=True, group="load", exit_on_error=False)
    def _load_engine(self, loader: EngineLoader) -> None:
        try:
            self.post_message(EngineLoaded(loader(), None))
        except Exception as exc:  # any load failure must leave the app (and the help panel) running
            self.post_message(EngineLoaded(None, describe_error(exc)))

    @on(EngineLoaded)
    def _engine_loaded(self, message: EngineLoaded) -> None:
        if message.engine is None:
            self._show_model_unavailable(message.error or "unknown error")
            return
        self.engine = message.engine
        self.status.model = message.engine.model_name
        self.status.quant = message.engine.quant
        self.status.state = "ready"

    def _show_model_unavailable(self, reason: str) -> None:
        self._load_error = reason
        self.status.state = "model not loaded"
        self.call_later(
            self.query_one(Conversation).add,
            SystemNote(
                f"The model is not loaded: {reason}\n"
                f"Messages are still checked, and {self._key_for('resources')} shows help and crisis lines."
            )
        )

    # ---- sending ------------------------------------------------------------------------------------
    @on(MessageInput.Submitted)
    async def _submitted(self, message: MessageInput.Submitted) -> None:
        if self.generating:
            self.notify(f"A reply is still being written; {self._key_for('cancel')} stops it.")
            return
        self.query_one(MessageInput).clear()
        await self.send(message.text)

    async def send(self, text: str) -> None:
        """Assess, surface help if needed, then hand the conversation to the model."""
        assessment = self.safety.assess_message(text)
        self._language = assessment.language or self.settings.language
        conversation = self.query_one(Conversation)
        await conversation.add(UserMessage(text))
        if assessment.surface_resources:
            await self.open_resources()
        if self.engine is None:
            reason = "it is still loading" if self._load_error is None else self._load_error
            await conversation.add(SystemNote(f"No reply: the model is not available ({reason})."))
            return
        self._history.append(ChatMessage("user", text))
        view = AssistantMessage(open_links=self.OPEN_LINKS)
        await conversation.add(view)
        self._start_generation(view, assessment)

    def _start_generation(self, view: AssistantMessage, assessment: Any) -> None:
        self._turn += 1
        self._cancel = threading.Event()
        self._reply_view = view
        self.status.state = "writing…"
        self._generate(self.engine, Turn(self._turn, list(self._history), assessment, self._cancel))

    @work(thread=True, group="generation", exit_on_error=False)
    def _generate(self, engine: ChatEngine, turn: Turn) -> None:
        try:
            with self._engine_lock:  # a cancelled reply may still be winding down: one at a time
                self._stream_reply(engine, turn)
        except Exception as exc:  # a failing engine must not take the app down
            self.post_message(ReplyFailed(turn.number, describe_error(exc)))

    def _stream_reply(self, engine: ChatEngine, turn: Turn) -> None:
        number, cancel = turn.number, turn.cancel
        check = self.safety.check_reply_against(turn.assessment)
        gates = {"answer": ReplyGate(check), "reasoning": ReplyGate(check)}
        stats: GenerationStats | None = None
        events = engine.stream_chat(
            turn.messages, max_tokens=self.settings.max_tokens, think=self.settings.think, cancel=cancel
        )
        for event in _closing(events):
            if event.kind == "done":
                stats = event.stats
                break
            if event.kind == "notice":
                self.post_message(StreamChunk(number, "notice", event.text))
                continue
            gate = gates[event.kind]
            released = gate.feed(event.text)
            if gate.blocked is not None and event.kind == "answer":
                cancel.set()
                break
            if released:
                self.post_message(StreamChunk(number, event.kind, released))
        for kind, gate in gates.items():
            if rest := gate.finish():
                self.post_message(StreamChunk(number, kind, rest))
        answer_verdict = gates["answer"].blocked
        replacement = None
        if answer_verdict is not None:
            replacement = answer_verdict.replacement or self.safety.fallback_replacement(self._language)
        self.post_message(ReplyFinished(number, stats, replacement, gates["reasoning"].blocked is not None))

    # ---- streamed results (UI thread) ---------------------------------------------------------------
    @on(StreamChunk)
    async def _stream_chunk(self, message: StreamChunk) -> None:
        view = self._reply_view
        if message.turn != self._turn or view is None:
            return
        if message.kind == "answer":
            await view.append_answer(message.text)
        elif message.kind == "reasoning" and self.SHOW_REASONING:
            view.append_reasoning(message.text)
        elif message.kind == "notice":
            view.show_notice(message.text)

    @on(ReplyFinished)
    async def _reply_finished(self, message: ReplyFinished) -> None:
        view = self._reply_view
        if message.turn != self._turn or view is None:
            return
        if message.reasoning_withheld or message.replacement is not None:
            view.clear_reasoning()
        if message.replacement is not None:
            await view.set_answer(message.replacement)
            await self.open_resources()
        else:
            await view.set_answer(view.answer_text)
        cancelled = message.stats is not None and message.stats.stop_reason == "cancelled"
        if cancelled and message.replacement is None:
            view.show_notice("(stopped)")
        self._history.append(ChatMessage("assistant", view.answer_text))
        self.status.state = "ready"
        if message.stats is not None:
            self.status.tokens_per_second = message.stats.tokens_per_second
        self.last_stats = message.stats
        self._reply_view = None
        self.reply_done()

    def reply_done(self) -> None:
        """Called after each finished reply (the kiosk counts it as activity)."""

    @on(ReplyFailed)
    async def _reply_failed(self, message: ReplyFailed) -> None:
        if message.turn != self._turn or self._reply_view is None:
            return
        view, self._reply_view = self._reply_view, None
        await view.remove()
        if self._history and self._history[-1].role == "user":
            self._history.pop()
        note = SystemNote(f"The model failed while answering: {message.error}")
        await self.query_one(Conversation).add(note)
        self.status.state = "error"

    # ---- actions ------------------------------------------------------------------------------------
    async def open_resources(self) -> None:
        await self.panel.open(self.safety.resources_text(self.safety.country, self._language))

    async def action_toggle_resources(self) -> None:
        if self.panel.is_open:
            self.panel.close()
        else:
            await self.open_resources()

    def action_cancel_generation(self) -> None:
        if self.generating:
            self._cancel.set()
            self.status.state = "stopping…"
        elif self.panel.is_open:
            self.panel.close()

    async def action_new_chat(self) -> None:
        await self.clear_conversation()
        self.query_one(MessageInput).focus()

    async def clear_conversation(self) -> None:
        self._cancel.set()
        self._turn += 1  # results of a reply still in flight are dropped
        self._reply_view = None
        self._history.clear()
        await self.query_one(Conversation).clear()
        self.query_one(MessageInput).clear()
        self.status.tokens_per_second = None
        self.status.state = "ready" if self.engine is not None else "model not loaded"

    def last_reply(self) -> str | None:
        replies = [m.content for m in self._history if m.role == "assistant"]
        return replies[-1] if replies else None

    def action_copy_last_reply(self) -> None:
        reply = self.last_reply()
        if reply is None:
            self.notify("No reply to copy yet.")
            return
        self.copy_to_clipboard(reply)
        self.notify("Last reply copied.")

    def action_toggle_reasoning(self) -> None:
        views = [v for v in self.query(AssistantMessage) if v.reasoning_text]
        if views:
            views[-1].toggle_reasoning()

    def action_toggle_think(self) -> None:
        self.settings.think = not self.settings.think
        self.notify(f"Thinking {'on' if self.settings.think else 'off'} for the next reply.")


def _resident_set_size() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def _closing(events: Iterator[Any]) -> Iterator[Any]:
    """Iterate `events`, closing the generator however the loop ends (break included)."""
    try:
        yield from events
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()
