"""The app's keys: bindings made from the catalogue, and their text in one language.

Every binding of the app has an id (``towns.mark``), which is also its entry in
:data:`towntui.core.catalogue.KEYS` and the name a user keymap uses. :func:`key` makes the
binding (its English text is Textual's fallback); the footer, the keys screen and the
palette read the text in the chosen language with :func:`label_of` and :func:`help_of`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from textual.binding import Binding
from textual.dom import DOMNode

from towntui.core.catalogue import KEYS, command_text, key_help, key_label
from towntui.tui.screens.base import PaletteCommand
from towntui.tui.state import AppState


def key(
    keys: str,
    action: str,
    key_id: str,
    *,
    show: bool = True,
    group: Binding.Group | None = None,
    priority: bool = False,
) -> Binding:
    """A binding of ``keys`` to ``action`` named ``key_id`` in the catalogue."""
    entry = KEYS[key_id]
    return Binding(
        keys,
        action,
        entry.label[1],
        show=show,
        tooltip=entry.help[1],
        group=group,
        priority=priority,
        id=key_id,
    )


def label_of(lang: str, binding: Binding) -> str:
    """A binding's short label in ``lang`` (Textual's own palette key included)."""
    key_id = binding.id or ("command_palette" if binding.action == "command_palette" else "")
    return key_label(lang, key_id, binding.description)


def help_of(lang: str, binding: Binding) -> str:
    """A binding's one line of help in ``lang``."""
    key_id = binding.id or ("command_palette" if binding.action == "command_palette" else "")
    return key_help(lang, key_id, binding.tooltip or binding.description)


def key_hint(node: DOMNode, *actions: str) -> str:
    """`` (1)`` or `` (2 or /)``: the keys bound to ``actions`` on ``node``, as the footer
    shows them, for a command's help; empty when no key runs them.

    Only the app's own bindings count (they all have an id, which user keymaps use);
    Textual's built-in ones (``ctrl+q`` for quit) do not.
    """
    app = node.app
    bindings = node._bindings.copy()
    if app._keymap:  # the user's keys, as Textual applies them to the binding chain
        bindings.apply_keymap(app._keymap)
    keys = [
        app.get_key_display(binding)
        for _, binding in bindings
        if binding.action in actions and binding.id is not None  # the app's own keys
    ]
    lang = cast(AppState, app).lang
    joiner = " 或 " if lang == "zh" else " or "
    return f" ({joiner.join(dict.fromkeys(keys))})" if keys else ""


def command(
    node: DOMNode,
    command_id: str,
    callback: Callable[[], object],
    *actions: str,
    **fields: str,
) -> PaletteCommand:
    """The palette command ``command_id`` in the app's language, running ``callback``;
    its help names the keys bound to ``actions`` on ``node`` (see :func:`key_hint`)."""
    name, help_text = command_text(cast(AppState, node.app).lang, command_id, **fields)
    return PaletteCommand(name, help_text + key_hint(node, *actions), callback)
