"""Render a model's own chat template in a sandbox.

Templates come from model files, which may be hostile (CVE-2024-34359: a GGUF chat template that
reached Python internals through Jinja and ran commands). Rendering uses Jinja's immutable sandbox,
so attribute access to internals raises SecurityError instead of executing.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from jinja2 import Template, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from oyster_edge.errors import OysterError


class UnsafeTemplate(OysterError):
    """The template tried to reach outside the sandbox or failed to render."""


def _raise_exception(message: str) -> None:
    raise TemplateError(message)


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


@lru_cache(maxsize=1)
def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.globals["raise_exception"] = _raise_exception
    env.globals["strftime_now"] = _strftime_now
    return env


@lru_cache(maxsize=8)
def _compiled(template: str) -> Template:
    """Compiling Qwen3's template takes ~40 ms; a chat renders the same one every turn."""
    return _environment().from_string(template)


def render_chat(
    template: str,
    messages: list[dict[str, Any]],
    *,
    add_generation_prompt: bool = True,
    bos_token: str = "",
    eos_token: str = "",
    **extra: Any,
) -> str:
    """Render `messages` with `template`; `extra` carries template switches such as enable_thinking."""
    try:
        compiled = _compiled(template)
        return compiled.render(
            messages=messages,
            add_generation_prompt=add_generation_prompt,
            bos_token=bos_token,
            eos_token=eos_token,
            **extra,
        )
    except SecurityError as exc:
        raise UnsafeTemplate(f"the model's chat template tried an unsafe operation and was refused: {exc}") from exc
    except TemplateError as exc:
        raise UnsafeTemplate(f"the model's chat template failed to render: {exc}") from exc
