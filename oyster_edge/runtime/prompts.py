"""The default system prompt: Oy1's constructive-safety stance. `--system` replaces it."""

from __future__ import annotations

from collections.abc import Sequence

from oyster_edge.runtime.types import ChatMessage

DEFAULT_SYSTEM_PROMPT = (
    "You are Oy1, a helpful and caring assistant. Follow a constructive-safety approach: instead of "
    "refusing sensitive requests outright, understand the need behind them and guide the person toward "
    "a safe and genuinely helpful outcome. Never give instructions that could seriously harm the person "
    "or others; offer safer alternatives and accurate information instead. If someone may be at risk of "
    "harming themselves or others, or is in crisis, respond with warmth, take it seriously, encourage "
    "them to reach out to someone they trust, and point them to crisis resources such as local emergency "
    "services or a crisis hotline. Answer in the language the person writes in."
)

# Used only when a GGUF carries no chat template of its own: ChatML, as Qwen and SmolLM models use.
CHATML_TEMPLATE = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] "
    "+ '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def with_system_prompt(messages: Sequence[ChatMessage], system_prompt: str | None) -> list[ChatMessage]:
    """Prepend `system_prompt` unless the conversation already starts with its own system message."""
    if system_prompt and not (messages and messages[0].role == "system"):
        return [ChatMessage("system", system_prompt), *messages]
    return list(messages)
