"""The default system prompt: Oy1's constructive-safety stance. `--system` replaces it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from oyster_edge.chat_template import render_chat
from oyster_edge.errors import OysterError
from oyster_edge.runtime.types import ChatMessage

MIN_REPLY_TOKENS = 16  # below this much room for a reply, a prompt counts as too long for the context


class ContextOverflow(OysterError):
    """Even the newest message alone does not fit the context."""


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


def fit_conversation(
    messages: Sequence[ChatMessage],
    render_tokens: Callable[[list[ChatMessage]], tuple[str, list[int]]],
    n_ctx: int,
    reply_room: int,
) -> tuple[str, list[int], int]:
    """Render and tokenize `messages`, dropping the oldest exchanges (never the system prompt) until the prompt
    leaves `reply_room` tokens free; the newest exchange alone may squeeze the reply to MIN_REPLY_TOKENS.
    Returns (prompt, tokens, dropped_exchanges)."""
    system = list(messages[:1]) if messages and messages[0].role == "system" else []
    turns = list(messages[len(system) :])
    dropped = 0
    while True:
        prompt, tokens = render_tokens(system + turns)
        if len(tokens) + reply_room <= n_ctx:
            return prompt, tokens, dropped
        user_starts = [i for i, m in enumerate(turns) if m.role == "user"]
        if len(user_starts) < 2:
            if len(tokens) + MIN_REPLY_TOKENS <= n_ctx:
                return prompt, tokens, dropped
            raise ContextOverflow(
                f"the message is too long: the prompt takes {len(tokens)} tokens and the context holds "
                f"{n_ctx}; shorten it or load the model with a larger --ctx"
            )
        turns = turns[user_starts[1] :]
        dropped += 1


def render_messages(template: str, messages: Sequence[ChatMessage], think: bool, bos_token: str, eos_token: str) -> str:
    """The generation prompt for `messages` in the model's own (sandboxed) chat template."""
    return render_chat(
        template,
        [{"role": m.role, "content": m.content} for m in messages],
        bos_token=bos_token,
        eos_token=eos_token,
        enable_thinking=think,
    )
