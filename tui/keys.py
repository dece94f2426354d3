"""Every key binding of the chat TUI and kiosk, in one place, remappable from a TOML `[keys]` table.

Each binding has an id ("oyster.<action>"); Textual's keymap replaces the keys of a binding by id,
so a user's `[keys]` table such as `resources = "f2,ctrl+r"` overrides the default without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from oyster_edge.errors import OysterError


@dataclass(frozen=True)
class KeySpec:
    action: str
    keys: str
    description: str
    show: bool = True


# Actions handled by the app (the footer shows those with show=True).
APP_KEYS: dict[str, KeySpec] = {
    "resources": KeySpec("toggle_resources", "f2,ctrl+r", "Help & crisis lines"),
    "cancel": KeySpec("cancel_generation", "escape", "Stop"),
    "new_chat": KeySpec("new_chat", "ctrl+n", "New chat"),
    "copy_last": KeySpec("copy_last_reply", "f3", "Copy"),
    "toggle_reasoning": KeySpec("toggle_reasoning", "f4", "Reasoning"),
    "toggle_think": KeySpec("toggle_think", "f5", "Think"),
}
# Actions handled by the message input (priority bindings, so they win over TextArea's own Enter).
INPUT_KEYS: dict[str, KeySpec] = {
    "send": KeySpec("send", "enter", "Send"),
    "newline": KeySpec("newline", "shift+enter,ctrl+j", "New line", show=False),
}
ALL_KEYS = {**APP_KEYS, **INPUT_KEYS}


def binding_id(name: str) -> str:
    return f"oyster.{name}"


def bindings_for(specs: dict[str, KeySpec], names: tuple[str, ...] | None = None) -> list[Binding]:
    chosen = specs if names is None else {name: specs[name] for name in names}
    return [
        Binding(spec.keys, spec.action, spec.description, show=spec.show, priority=True, id=binding_id(name))
        for name, spec in chosen.items()
    ]


def keymap_from_table(table: object, source: str) -> dict[str, str]:
    """Validate a `[keys]` TOML table (name -> "key1,key2") into a Textual keymap (binding id -> keys)."""
    if not isinstance(table, dict):
        raise OysterError(f"{source}: [keys] must be a table such as resources = \"f2\"")
    keymap: dict[str, str] = {}
    for name, keys in table.items():
        if name not in ALL_KEYS:
            known = ", ".join(ALL_KEYS)
            raise OysterError(f"{source}: unknown key binding {name!r} in [keys]; known: {known}")
        if not isinstance(keys, str) or not keys.strip():
            raise OysterError(f"{source}: [keys] {name} must be a string of keys such as \"ctrl+r,f2\"")
        keymap[binding_id(name)] = keys.replace(" ", "")
    return keymap
