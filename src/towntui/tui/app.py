"""The explorer app: four main screens (modes), loading, themes and settings.

:class:`TownApp` holds the shared state (:class:`~towntui.tui.state.AppState`: dataset,
marked towns, language, ASCII mode, theme), which screens watch; it handles the
navigation messages screens post (:mod:`towntui.tui.messages`) in one place, and the
loader's messages (:mod:`towntui.tui.loading`). It never computes anything itself:
loading, search, timeline and compare live in :mod:`towntui.core`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.css.errors import StylesheetError
from textual.screen import ModalScreen
from textual.widgets import Input

from towntui.core import config as settings
from towntui.core.catalogue import data_problems_note, themes_skipped_note
from towntui.core.gcpause import release_startup
from towntui.core.i18n import Said
from towntui.core.model import Dataset
from towntui.core.textsafe import clipboard_text, one_line
from towntui.tui import modes
from towntui.tui.gcidle import TICK as GC_TICK
from towntui.tui.gcidle import IdleCollector
from towntui.tui.keys import key
from towntui.tui.loading import DataLoaded, DataPreview, IndexComplete, Loading, progress_text
from towntui.tui.messages import CopyText, GoTo, OpenEntity, OpenTown, ShowTimeline
from towntui.tui.render.glyphs import ascii_keys
from towntui.tui.themes import (
    DEFAULT_THEME,
    KeptParseStylesheet,
    bundled_themes_dir,
    load_themes,
    offer_themes,
    preset_themes,
)
from towntui.tui.toasts import CleanNotify, say_again
from towntui.tui.tour import TourApp, TourPlan
from towntui.tui.widgets.scrollbar import use_ascii_scrollbars

if TYPE_CHECKING:
    from towntui.core.cache import LoadCache

#: The main screens in key order (keys 1–4).
MAIN_MODES: tuple[str, ...] = ("towns", "search", "timeline", "compare")

#: 1–4 share one compact footer entry ("1234 Screens") so narrow footers keep ``?``.
_SCREENS = Binding.Group("Screens", compact=True)

#: Seconds before the loading progress is shown (fast loads show nothing).
PROGRESS_DELAY = 0.3

#: Seconds between looks for a partial dataset and updates of the load progress.
PREVIEW_EVERY = 0.1

#: The GIL switch interval while loading: the loader thread hands the interpreter back to
#: the event loop five times as often as Python's default (5 ms), so keys are handled
#: promptly. The default is restored once the search index is complete.
LOADING_SWITCH_INTERVAL = 0.001

#: A partial dataset is shown only when the last one took at most this share of the time
#: since (so a slow screen refresh on a huge folder never starves the keyboard).
PREVIEW_SHARE = 0.25


class TownApp(CleanNotify, TourApp):
    """A keyboard-first explorer of Hangzhou's characteristic towns and parks."""

    TITLE = "towntui"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, Any]] = {
        "towns": modes.towns_screen,
        "search": modes.search_screen,
        "timeline": modes.timeline_screen,
        "compare": modes.compare_screen,
    }
    DEFAULT_MODE = "towns"
    COMMANDS: ClassVar[set[Any]] = {modes.app_commands, modes.jump_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            key(k, f"goto('{mode}')", f"goto.{mode}", group=_SCREENS)
            for k, mode in (("1", "towns"), ("2", "search"), ("3", "timeline"), ("4", "compare"))
        ),
        # priority: the keys typed right after "/" must reach the search, not the old screen
        key("slash", "slash", "search.slash", show=False, priority=True),
        key("question_mark", "keys", "keys"),
        key("L", "toggle_lang", "language"),
        key("y", "screen.copy", "copy", show=False),
        key("q", "quit", "quit"),
    ]

    def __init__(
        self,
        *,
        dirs: Sequence[Path] | None = None,
        theme: str | None = None,
        ascii: bool = False,
        lang: str | None = None,
        cache: LoadCache | None = None,
    ) -> None:
        super().__init__()
        self.dirs: list[Path] | None = list(dirs) if dirs is not None else None
        self._config, config_problem = settings.load_config()
        self._save_failures: set[str] = set()
        self._startup_notes: list[tuple[str, str]] = []
        self.set_reactive(TourApp.ascii, ascii)
        self.set_reactive(TourApp.lang, lang if lang in settings.LANGUAGES else self._config.lang)
        if config_problem:
            self._startup_notes.append((Said.of(self.lang, config_problem.text), "warning"))
        self._requested_theme = theme
        self._themes = load_themes([bundled_themes_dir(), settings.user_themes_dir()])
        self._wanted_theme = theme or self._config.theme or DEFAULT_THEME
        self.stylesheet = KeptParseStylesheet(variables=self.stylesheet._variables)
        preset_themes(self, self._themes, self._wanted_theme)
        self._cache = cache
        self._loading = Loading(self, self.dirs, cache)
        self._loading.begin()  # the towns may be in before the first frame
        self._pending: Dataset | None = None
        self._indexing = False
        self._shown_at = 0.0
        self._show_cost = 0.0
        self._load_started = 0.0
        self._switch_interval = sys.getswitchinterval()
        #: Seconds from mount to the first partial dataset shown and to the full load.
        self.load_times: dict[str, float] = {}
        self.collector = IdleCollector()
        self._loading.busy = self.collector.typing  # the views are built in typing pauses

    # ------------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        """Apply themes, paint the first screen, then load the data in a worker."""
        self._apply_ascii(self.ascii)
        self._install_themes()
        for message, severity in self._startup_notes:
            self.notify(message, severity=severity, markup=False, timeout=8)  # type: ignore[arg-type]
        self._load_started = time.monotonic()
        self._loading_timer = self.set_interval(PREVIEW_EVERY, self._loading_tick)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, LOADING_SWITCH_INTERVAL))
        early = self._loading.early_dataset()
        if early is not None:  # the first frame shows the towns, not an empty list
            self._show_dataset(early)
        self._load_data()

    def on_unmount(self) -> None:
        """Quitting mid-load: stop the loader thread, give back the switch interval."""
        self._loading.stop()
        sys.setswitchinterval(self._switch_interval)
        release_startup()
        self.collector.stop()

    def _install_themes(self) -> None:
        """Offer the themes: the bundled ones are registered (and the chosen one applied)
        before the CSS is first read (:func:`preset_themes`); a user's is checked against
        the app's CSS here, once it is read."""
        themes = self._themes
        self.theme_names = offer_themes(self, themes)
        if themes.problems:
            self.notify(
                Said.of(self.lang, lambda lang: themes_skipped_note(lang, themes.problems)),
                title=self.tr("主题", "Themes"),
                severity="warning",
                markup=False,
                timeout=10,
            )
        wanted = self._wanted_theme
        if wanted not in self.available_themes:
            if self._requested_theme or self._config.theme:
                self.notify(
                    self.tr(
                        f"没有名为“{wanted}”的主题，改用“{DEFAULT_THEME}”。",
                        f'No theme called "{wanted}"; using "{DEFAULT_THEME}".',
                    ),
                    severity="warning",
                    markup=False,
                )
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.theme = wanted

    def _load_data(self) -> None:
        """Start loading in a worker thread: it reports by messages (``DataPreview``,
        ``DataLoaded``, ``IndexComplete``), see :mod:`towntui.tui.loading`."""
        self._loading.started = self._load_started
        self.run_worker(self._loading.run, thread=True, exclusive=True, group="load")

    def on_data_preview(self, message: DataPreview) -> None:
        """A partial dataset (or the whole one, before its index): shown now when the
        last one was cheap to show, else by the next tick."""
        if self.loaded:
            return
        self._pending = message.dataset
        self._indexing = self._indexing or message.final
        self._loading_tick(force=message.final)

    def _loading_tick(self, force: bool = False) -> None:
        """Show the newest partial dataset (when the last one was cheap) and the progress."""
        if self.loaded or self._exit:
            return
        now = time.monotonic()
        self.load_progress = done, total = self._loading.progress
        pending = self._pending
        due = force or now - self._shown_at >= self._show_cost / PREVIEW_SHARE
        if pending is not None and due:
            self._pending = None
            if pending is not self.dataset:  # (shown before the first frame)
                self._show_dataset(pending)
            self.load_times.setdefault("first_towns", time.monotonic() - self._load_started)
            if self._indexing:  # the final dataset: indexing starts once it is painted
                self.load_times["all_towns"] = time.monotonic() - self._load_started
                self.call_after_refresh(self._towns_painted)
            self._shown_at = time.monotonic()
            self._show_cost = self._shown_at - now
        if now - self._load_started >= PROGRESS_DELAY:
            self.sub_title = (
                progress_text(self.lang, done, total, self._indexing and self.search_index is None)
                + self.glyphs.ellipsis
            )

    def _towns_painted(self) -> None:
        """The whole dataset is on screen: the collector may run again (held off since
        the start, :func:`release_startup`) and the index may be built."""
        release_startup()
        self._loading.shown.set()

    def _show_dataset(self, dataset: Dataset) -> None:
        """Make ``dataset`` the app's (every screen watching it follows), and drop marks
        of towns it no longer has."""
        self.dataset = dataset
        known = {t.id for t in dataset.towns}
        if any(t not in known for t in self.marked):
            self.marked = [t for t in self.marked if t in known]

    def on_index_complete(self, message: IndexComplete) -> None:
        """The index is complete: the loader thread is done, keys need no head start."""
        self.load_times.update(self._loading.times)
        sys.setswitchinterval(self._switch_interval)

    async def on_event(self, event: events.Event) -> None:
        """Every key and click passes here first: the collector waits for a pause."""
        if isinstance(event, (events.Key, events.MouseDown)):
            self.collector.input()
        await super().on_event(event)

    def on_data_loaded(self, message: DataLoaded) -> None:
        """The whole dataset and its index: search is ready; problems are announced."""
        dataset = message.dataset
        self.search_index = message.index
        self.loaded = True
        self._pending = None
        self._loading_timer.stop()
        self.sub_title = ""
        self._show_dataset(dataset)
        self.load_times["loaded"] = time.monotonic() - self._load_started
        self.collector.start()  # full collections wait for pauses in the input (.gcidle)
        self.set_interval(GC_TICK, self.collector.tick)
        if dataset.problems:
            errors = len(dataset.errors)
            warnings = len(dataset.problems) - errors
            first = dataset.problems[0]
            self.notify(
                Said.of(
                    self.lang,
                    lambda lang: data_problems_note(
                        lang, errors, warnings, one_line(first.format(lang), 160)
                    ),
                ),
                title=self.tr("数据问题", "Data problems"),
                severity="error" if errors else "warning",
                markup=False,
                timeout=10,
            )

    # ------------------------------------------------------------------ navigation

    def action_goto(self, mode: str) -> None:
        """Switch to one of the four main screens.

        Search opens with its last query selected, so what is typed next replaces it
        (keys that arrive before the input has the focus too): setting ``search_from``
        tells the Search screen, which watches it.
        """
        if mode == "search" and self.current_mode in MAIN_MODES and self.current_mode != mode:
            self.search_from = self.current_mode
        self.switch_mode(mode)

    def on_go_to(self, message: GoTo) -> None:
        """A screen asks for a main screen."""
        self.action_goto(message.mode)

    def action_slash(self) -> None:
        """``/``: search from anywhere; in a text field it is just a slash.

        The binding has priority (keys typed right after ``/`` must reach the search,
        not the old screen), so it runs when the key *arrives*, before the keys of the
        same burst still queued for the input. In a text field (or on the Search screen
        before its input has the focus) the action is skipped: the key then goes to the
        field in its turn, behind the keys typed before it.
        """
        if (
            isinstance(self.focused, Input)
            or isinstance(self.screen, ModalScreen)  # a dialog keeps its keys
            or (self.focused is None and self.current_mode == "search")
        ):
            raise SkipAction
        self.action_goto("search")

    def on_open_town(self, message: OpenTown) -> None:
        """Switch to the Towns screen with the town selected (the screen follows
        ``current_town``)."""
        self.switch_mode("towns")
        self.current_town = message.town_id

    def on_open_entity(self, message: OpenEntity) -> None:
        """Show the detail screen of an entity over the current screen."""
        from towntui.tui.screens.entity import EntityScreen

        if message.entity_id in self.dataset.entities:
            self.push_screen(EntityScreen(message.entity_id))
        else:
            self.notify(
                self.tr(
                    f"没有载入主体“{message.entity_id}”。",
                    f'No entity "{message.entity_id}" is loaded.',
                ),
                severity="warning",
                markup=False,
            )

    def on_show_timeline(self, message: ShowTimeline) -> None:
        """Switch to the Timeline, then ask it (``timeline_focus``, which it watches) to
        show a town's or an entity's events, or one event."""
        focus = message.focus

        # the async function, not a coroutine: a worker cancelled before it starts (a
        # newer jump in the same burst) then leaves no coroutine that was never awaited
        async def show() -> None:
            await self.switch_mode("timeline")
            self.timeline_focus = focus

        self.run_worker(show, group="navigate", exclusive=True)  # type: ignore[arg-type]

    def copy_to_clipboard(self, text: str) -> None:
        """Copy ``text`` through the terminal (OSC 52), cleaned like displayed text.

        Every copy passes here: the app's ``y`` (:meth:`copy_text`), a dialog's ``y``
        (``CopyText``) and Textual's own (an input's ``ctrl+c``, a screen selection).
        Data text must not plant escape sequences in the clipboard: a raw ``ESC[201~``
        ends a shell's bracketed paste early and the line after it runs as a command.
        """
        super().copy_to_clipboard(clipboard_text(text))

    def copy_text(self, text: str) -> None:
        """Copy to the clipboard through the terminal (OSC 52) and say what was copied."""
        self.copy_to_clipboard(clipboard_text(text))  # (cleaned here too: tests spy on it)
        shown = one_line(text, 60)
        self.notify(Said(self.lang, "已复制：" + shown, "Copied: " + shown), timeout=3)

    def on_copy_text(self, message: CopyText) -> None:
        """A dialog's ``y``: copy what it shows."""
        self.copy_text(message.text)

    # ------------------------------------------------------------------ actions

    async def action_copy(self) -> None:
        """Copy the selected item of the current screen (its ``copy`` action)."""
        await self.run_action("screen.copy")

    def action_command_palette(self) -> None:
        """Open the command palette (one that survives keys typed before it is drawn)."""
        from towntui.tui.palette import TownCommandPalette

        if self.use_command_palette and not TownCommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = self.tr("搜索命令", "Search for commands") + self.glyphs.ellipsis
            self.push_screen(
                TownCommandPalette(
                    id="--command-palette", placeholder=placeholder, ascii=self.ascii
                )
            )

    def get_key_display(self, binding: Binding) -> str:
        """How a key is shown in the footer and the keys screen (ASCII with ``--ascii``)."""
        shown = super().get_key_display(binding)
        return ascii_keys(shown) if self.ascii else shown

    def action_keys(self) -> None:
        """Show every key of the current screen."""
        from towntui.tui.dialogs.keys import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_lang(self) -> None:
        """Switch interface labels between Chinese and English, and remember it."""
        self.set_lang("en" if self.lang == "zh" else "zh")

    def set_lang(self, lang: str) -> None:
        """Use ``lang`` ("zh" or "en") for labels and save the choice."""
        self.lang = lang
        say_again(self, lang)
        self._save(lang=lang)

    def set_theme(self, name: str) -> None:
        """Switch to the theme ``name`` and save the choice."""
        if name not in self.available_themes:
            self.notify(
                self.tr(f"没有名为“{name}”的主题。", f'No theme called "{name}".'),
                severity="warning",
                markup=False,
            )
            return
        self.theme = name
        self._save(theme=name)

    def refresh_css(self, animate: bool = True) -> None:
        """Apply the CSS with the current theme's variables; a theme that breaks it
        (checked before it was offered, so only through a gap in that check) is
        reported and the default theme used, instead of ending the app. The saved
        choice is left as it is: every start says so until it is changed."""
        try:
            super().refresh_css(animate)
        except StylesheetError:
            bad = self.theme
            fallback = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
            if bad in (fallback, "textual-dark"):
                raise
            self.notify(
                self.tr(
                    f"主题“{bad}”无法使用：它的颜色无法解析；改用“{fallback}”。",
                    f'The theme "{bad}" cannot be used: its colours do not parse; '
                    f'using "{fallback}".',
                ),
                title=self.tr("主题", "Themes"),
                severity="error",
                timeout=10,
            )
            self.theme = fallback

    def _apply_ascii(self, value: bool) -> None:
        self.set_class(value, "-ascii")
        use_ascii_scrollbars(value)

    def set_ascii(self, value: bool) -> None:
        """Turn ASCII drawing on or off for this run."""
        self._apply_ascii(value)
        self.ascii = value

    def show_problems(self) -> None:
        """Show every problem found while loading the data."""
        from towntui.tui.dialogs.problems import ProblemsScreen

        self.push_screen(ProblemsScreen())

    # the palette's commands run these as actions ("set_lang('en')")
    action_set_lang = set_lang
    action_set_theme = set_theme
    action_set_ascii = set_ascii
    action_show_problems = show_problems

    def _save(self, **changes: str) -> None:
        """Keep the changed settings for this run and save them; a failure is said once
        (a settings file that could not be read is never written over)."""
        self._config = self._config.with_(**changes)
        try:
            settings.save_config(self._config)
        except OSError as exc:
            message = settings.save_failure(exc, self.lang)
            if message not in self._save_failures:
                self._save_failures.add(message)
                self.notify(message, severity="warning", timeout=8)


def run_app(
    *,
    dirs: Sequence[Path] | None = None,
    theme: str | None = None,
    mouse: bool = True,
    ascii: bool = False,
    lang: str | None = None,
    tour: TourPlan | None = None,
) -> int:
    """Run the explorer (and a ``tour`` once it shows) until the user quits; the exit code."""
    app = TownApp(dirs=dirs, theme=theme, ascii=ascii, lang=lang)
    app.tour_plan = tour
    app.run(mouse=mouse)
    return int(app.return_code or 0)
