"""Small widgets of the chat screen: message input, message bubbles, resources panel, status line."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Collapsible, Markdown, Static, TextArea

from oyster_edge.fsutil import human_bytes
from oyster_edge.tui.keys import INPUT_KEYS, bindings_for


class MessageInput(TextArea):
    """Multi-line input: Enter sends, Shift+Enter (or Ctrl+J) inserts a new line."""

    BINDINGS = bindings_for(INPUT_KEYS)

    @dataclass
    class Submitted(Message):
        text: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]

    def action_send(self) -> None:
        text = self.text.strip()
        if text:
            self.post_message(self.Submitted(text))

    def action_newline(self) -> None:
        self.insert("\n")


class UserMessage(Static):
    """The user's turn, shown as plain text (never interpreted as markup)."""

    def __init__(self, text: str) -> None:
        super().__init__(text, markup=False, classes="message user")


class AssistantMessage(Vertical):
    """The model's turn: hidden reasoning, then the Markdown answer (streamed, then re-rendered whole)."""

    def __init__(self, open_links: bool = True) -> None:
        super().__init__(classes="message assistant")
        self._open_links = open_links
        self.answer_text = ""
        self.reasoning_text = ""

    def compose(self) -> ComposeResult:
        with Collapsible(title="reasoning", collapsed=True, classes="reasoning hidden"):
            yield Static("", markup=False, classes="reasoning-text")
        yield Markdown("", open_links=self._open_links, classes="answer")
        yield Static("", markup=False, classes="notice hidden")

    @property
    def answer(self) -> Markdown:
        return self.query_one(".answer", Markdown)

    async def append_answer(self, text: str) -> None:
        self.answer_text += text
        await self.answer.append(text)

    def append_reasoning(self, text: str) -> None:
        self.reasoning_text += text
        self.query_one(".reasoning", Collapsible).remove_class("hidden")
        self.query_one(".reasoning-text", Static).update(self.reasoning_text)

    def clear_reasoning(self) -> None:
        self.reasoning_text = ""
        self.query_one(".reasoning", Collapsible).add_class("hidden")
        self.query_one(".reasoning-text", Static).update("")

    async def set_answer(self, text: str) -> None:
        """Replace the whole answer (final re-render, so code blocks and lists are parsed as a whole)."""
        self.answer_text = text
        await self.answer.update(text)

    def show_notice(self, text: str) -> None:
        notice = self.query_one(".notice", Static)
        notice.update(text)
        notice.remove_class("hidden")

    def toggle_reasoning(self) -> None:
        collapsible = self.query_one(".reasoning", Collapsible)
        collapsible.collapsed = not collapsible.collapsed


class SystemNote(Static):
    """A line from the app itself (model not loaded, generation failed, ...)."""

    def __init__(self, text: str) -> None:
        super().__init__(text, markup=False, classes="message system-note")


class Conversation(VerticalScroll):
    """The scrolling list of turns; stays anchored to the bottom while a reply streams."""

    def __init__(self, empty_hint: str, **kwargs: str) -> None:
        super().__init__(**kwargs)
        self._empty_hint = empty_hint

    def compose(self) -> ComposeResult:
        yield Static(self._empty_hint, id="empty-hint", markup=False)

    def on_mount(self) -> None:
        self.anchor()

    async def clear(self) -> None:
        await self.remove_children()
        await self.mount(Static(self._empty_hint, id="empty-hint", markup=False))

    async def add(self, widget: Widget) -> None:
        await self.query("#empty-hint").remove()
        await self.mount(widget)


class ResourcesPanel(Vertical):
    """A calm, persistent panel with the country's crisis resources; stays open until dismissed."""

    def __init__(self, dismiss_hint: str, open_links: bool = True) -> None:
        super().__init__(id="resources", classes="hidden")
        self._dismiss_hint = dismiss_hint
        self._open_links = open_links

    def compose(self) -> ComposeResult:
        yield Static("You are not alone · 你并不孤单", classes="resources-title", markup=False)
        with VerticalScroll(classes="resources-body"):
            yield Markdown("", open_links=self._open_links, id="resources-text")
        yield Static(self._dismiss_hint, classes="resources-hint", markup=False)

    @property
    def is_open(self) -> bool:
        return not self.has_class("hidden")

    async def open(self, markdown_text: str) -> None:
        await self.query_one("#resources-text", Markdown).update(markdown_text)
        self.remove_class("hidden")

    def close(self) -> None:
        self.add_class("hidden")



class StatusLine(Widget):
    """One line: model, quant, tokens/s, memory (RSS), and what the app is doing."""

    model: reactive[str] = reactive("no model")
    quant: reactive[str] = reactive("")
    tokens_per_second: reactive[float | None] = reactive(None)
    rss_bytes: reactive[int] = reactive(0)
    state: reactive[str] = reactive("")

    def render(self) -> Content:
        parts = [self.model + (f" · {self.quant}" if self.quant else "")]
        if self.tokens_per_second is not None:
            parts.append(f"{self.tokens_per_second:.1f} tok/s")
        if self.rss_bytes:
            parts.append(f"mem {human_bytes(self.rss_bytes)}")
        if self.state:
            parts.append(self.state)
        return Content("  │  ".join(parts))
