"""Toasts that follow the language: one already on screen is said again after ``L``.

A toast's text and title that know both their forms (a :class:`towntui.core.i18n.Said`,
which ``tr`` returns, or a :class:`towntui.core.i18n.Msg`) are kept beside the
notification, and :func:`say_again` writes them in the new language into the toasts still
shown; a toast built from plain text stays as it was said.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.notifications import Notification, Notify, SeverityLevel
from textual.widgets._toast import Toast

from towntui.core.frozen import mutable
from towntui.core.i18n import Msg, Said
from towntui.core.textsafe import clean, one_line

Sayable = Said | Msg


@mutable
class SaidNotification(Notification):
    """A notification with the forms of its text and title in both languages."""

    said: Sayable | None = None
    said_title: Sayable | None = None


def toast(message: str, title: str, severity: SeverityLevel, timeout: float) -> Notification:
    """The notification of ``message``, its text cleaned (never read as markup), able to
    be said again in the other language when its text or title knows both forms."""
    text, head = clean(message, keep_newlines=True), one_line(title)
    said = message if isinstance(message, Sayable) else None
    said_title = title if isinstance(title, Sayable) else None
    if said is None and said_title is None:
        return Notification(text, head, severity, timeout, markup=False)
    return SaidNotification(
        text, head, severity, timeout, markup=False, said=said, said_title=said_title
    )


def say_again(app: App[Any], lang: str) -> None:
    """Write every toast still shown that knows both forms in ``lang``."""
    changed = False
    for note in list(app._notifications):
        if not isinstance(note, SaidNotification):
            continue
        if note.said is not None:
            note.message = clean(note.said.text(lang), keep_newlines=True)
        if note.said_title is not None:
            note.title = one_line(note.said_title.text(lang))
        changed = True
    if changed:
        for screen in app.screen_stack:
            for shown in screen.query(Toast):
                shown.refresh(layout=True)


class CleanNotify(App[Any]):
    """An app whose notifications are cleaned, never markup, and said again after ``L``
    (:class:`~towntui.tui.app.TownApp` is one)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification, its text cleaned and never read as markup.

        Every notification passes here (a widget's ``notify`` calls the app's), and many
        quote what came from a file, the environment or argv: a theme file's name and
        values, a settings file's path, a theme named on the command line. Rich strips
        BEL but not ``ESC \\``, so an OSC sequence in one would reach the terminal (set
        its title, write its clipboard). ``markup`` is accepted and ignored. A text that
        knows both its forms is said again when the language changes (:mod:`.toasts`).
        """
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self.post_message(Notify(toast(message, title, severity, timeout)))
