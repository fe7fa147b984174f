"""The explorer app: four main screens (modes), loading in a worker, themes and settings.

The app owns the state every screen reads (``dataset``, ``lang``, ``ascii``, ``marked``)
and the navigation every screen calls (``open_town``, ``open_entity``, ``show_timeline``,
``toggle_mark``, ``copy_text``). It never computes anything itself: loading, search,
timeline and compare live in :mod:`towntui.core`.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.actions import SkipAction
from textual.app import App
from textual.binding import Binding, BindingType
from textual.css.errors import StylesheetError
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widgets import Input

from towntui.core import config as settings
from towntui.core.model import Dataset
from towntui.core.textsafe import clean, clipboard_text, one_line
from towntui.tui.commands import AppCommands, JumpCommands, TownCommandPalette
from towntui.tui.glyphs import Glyphs, ascii_keys, glyphs
from towntui.tui.screens.base import TownScreen
from towntui.tui.screens.search import SearchScreen
from towntui.tui.screens.towns import TownsScreen
from towntui.tui.themes import DEFAULT_THEME, bundled_themes_dir, load_themes
from towntui.tui.widgets.dialog import CopyText
from towntui.tui.widgets.scrollbar import use_ascii_scrollbars

if TYPE_CHECKING:
    from towntui.core.cache import LoadCache
    from towntui.core.search import SearchIndex

#: The main screens in key order (keys 1–4).
MAIN_MODES: tuple[str, ...] = ("towns", "search", "timeline", "compare")

#: 1–4 share one compact footer entry ("1234 Screens") so narrow footers keep ``?``.
_SCREENS = Binding.Group("Screens", compact=True)

#: Seconds before the loading progress is shown (fast loads show nothing).
PROGRESS_DELAY = 0.3

#: Seconds between looks for a partial dataset and updates of the load progress.
PREVIEW_EVERY = 0.1

#: Seconds between partial datasets sent by the loader (after the first town file). Each
#: copies the entities loaded so far and each one shown rebuilds the screens: every 0.1 s,
#: a cold load of 1,000 towns peaked 10-15 MB higher than at every 0.5 s.
LOADER_PREVIEW_EVERY = 0.5

#: The GIL switch interval while loading: the loader thread hands the interpreter back to
#: the event loop five times as often as Python's default (5 ms), so keys are handled
#: promptly. The default is restored once the search index is complete.
LOADING_SWITCH_INTERVAL = 0.001

#: A partial dataset is shown only when the last one took at most this share of the time
#: since (so a slow screen refresh on a huge folder never starves the keyboard).
PREVIEW_SHARE = 0.25


class _LoadStopped(Exception):
    """Raised in the loader thread when the app quits before the data is in."""


def _timeline_screen() -> Screen[Any]:
    from towntui.tui.screens.timeline import TimelineScreen

    return TimelineScreen()


def _compare_screen() -> Screen[Any]:
    from towntui.tui.screens.compare import CompareScreen

    return CompareScreen()


class TownApp(App[None]):
    """A keyboard-first explorer of Hangzhou's characteristic towns and parks."""

    TITLE = "towntui"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, Any]] = {
        "towns": TownsScreen,
        "search": SearchScreen,
        "timeline": _timeline_screen,
        "compare": _compare_screen,
    }
    DEFAULT_MODE = "towns"
    COMMANDS: ClassVar[set[Any]] = {AppCommands, JumpCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1", "goto('towns')", "Towns", tooltip="The towns and their profiles", group=_SCREENS
        ),
        Binding(
            "2",
            "goto('search')",
            "Search",
            tooltip="Search towns, entities, events",
            group=_SCREENS,
        ),
        Binding("3", "goto('timeline')", "Timeline", tooltip="Events by year", group=_SCREENS),
        Binding(
            "4",
            "goto('compare')",
            "Compare",
            tooltip="The marked towns side by side",
            group=_SCREENS,
        ),
        # priority: the keys typed right after "/" must reach the search, not the old screen
        Binding("slash", "slash", "Search", show=False, priority=True),
        Binding("question_mark", "keys", "Keys", tooltip="Every key of this screen"),
        Binding("L", "toggle_lang", "zh/en", tooltip="Labels in Chinese or English"),
        Binding("y", "copy", "Copy", show=False),
        Binding("q", "quit", "Quit"),
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
        self.dataset: Dataset = Dataset()
        self.search_index: SearchIndex | None = None
        self.loaded = False
        self.load_progress: tuple[int, int] = (0, 0)
        self.marked: list[str] = []
        self.current_town: str | None = None
        #: the main screen Search was opened from (escape goes back to it)
        self.search_from = "towns"
        self.ascii = ascii
        self._config, config_problem = settings.load_config()
        self._save_failures: set[str] = set()
        self._startup_notes: list[tuple[str, str]] = []
        if config_problem:
            self._startup_notes.append((config_problem, "warning"))
        self.lang = lang if lang in settings.LANGUAGES else self._config.lang
        self._requested_theme = theme
        self._cache = cache
        self._progress_lock = threading.Lock()
        self._pending: Dataset | None = None
        self._indexing = False
        self._shown_at = 0.0
        self._show_cost = 0.0
        self._load_started = 0.0
        self._switch_interval = sys.getswitchinterval()
        self._stop_loading = threading.Event()
        #: Seconds from mount to the first partial dataset shown and to the full load.
        self.load_times: dict[str, float] = {}

    # ------------------------------------------------------------------ state helpers

    @property
    def glyphs(self) -> Glyphs:
        """The drawing characters for the current ``ascii`` mode."""
        return glyphs(self.ascii)

    def label(self, zh: str, en: str) -> str:
        """The interface label in the current language."""
        return en if self.lang == "en" else zh

    def main_screens(self) -> list[TownScreen]:
        """Every screen created so far that takes part in data and label refreshes."""
        found: list[TownScreen] = []
        for mode in MAIN_MODES:
            try:
                stack = self.get_screen_stack(mode)
            except KeyError:
                continue
            found.extend(s for s in stack if isinstance(s, TownScreen))
        return found

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
        its title, write its clipboard). ``markup`` is accepted and ignored.
        """
        super().notify(
            clean(message, keep_newlines=True),
            title=one_line(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # ------------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        """Apply themes, paint the first screen, then load the data in a worker."""
        self._apply_ascii()
        self._install_themes()
        for message, severity in self._startup_notes:
            self.notify(message, severity=severity, markup=False, timeout=8)  # type: ignore[arg-type]
        self._load_started = time.monotonic()
        self._loading_timer = self.set_interval(PREVIEW_EVERY, self._loading_tick)
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(min(self._switch_interval, LOADING_SWITCH_INTERVAL))
        self._load_data()

    def on_unmount(self) -> None:
        """Quitting mid-load: stop the loader thread, give back the switch interval."""
        self._stop_loading.set()
        sys.setswitchinterval(self._switch_interval)

    def _theme_problem(self, theme: Theme) -> str | None:
        """Why ``theme`` would break the app's CSS when applied; None if it would not.

        The app's stylesheet is parsed with the theme's variables, as applying it would
        (a copy: the app's own is untouched). A failure there is raised later, outside
        any caller, and ends the app, so a theme is checked before it is offered.
        """
        variables = {
            **self.get_theme_variable_defaults(),
            **theme.to_color_system().generate(),
            **theme.variables,
        }
        sheet = self.stylesheet.copy()
        sheet.set_variables(variables)
        try:
            sheet.reparse()
        except StylesheetError:
            return "its [variables] do not parse as the app's CSS"
        except Exception as exc:  # anything else a theme makes Textual raise
            return f"it cannot be applied ({type(exc).__name__})"
        return None

    def _install_themes(self) -> None:
        bundled = bundled_themes_dir()
        themes = load_themes([bundled, settings.user_themes_dir()])
        offered: list[str] = []
        for theme in themes.themes:
            path = themes.files.get(theme.name)
            # bundled themes are checked by the test suite; a user's is parsed here
            if path is not None and path.parent != bundled:
                problem = self._theme_problem(theme)
                if problem:
                    themes.problems.append(f"{path}: {problem}")
                    continue
            self.register_theme(theme)
            offered.append(theme.name)
        self.theme_names = offered
        if themes.problems:
            count = len(themes.problems)
            head = f"{count} theme file(s) skipped:" if count > 1 else "A theme file was skipped:"
            self.notify(
                "\n".join([head, *themes.problems]),
                title="Themes",
                severity="warning",
                markup=False,
                timeout=10,
            )
        wanted = self._requested_theme or self._config.theme or DEFAULT_THEME
        if wanted not in self.available_themes:
            if self._requested_theme or self._config.theme:
                self.notify(
                    f'No theme called "{wanted}"; using "{DEFAULT_THEME}".',
                    severity="warning",
                    markup=False,
                )
            wanted = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        self.theme = wanted

    @work(thread=True, exclusive=True, group="load")
    def _load_data(self) -> None:
        """Load (through the cache), send partial datasets, save the cache, index (search
        is ready then), and last build the index's per-letter pinyin views.

        Runs in a thread: the first screen is already painted. Partial datasets go to
        :attr:`_pending`, which :meth:`_loading_tick` shows on the main thread, so the
        loader never waits for the screen. The search index is built once, on the
        final dataset: building it costs more than loading the towns, so an index per
        partial dataset would delay the complete one several times over.
        """
        from towntui.core import loader
        from towntui.core.cache import LoadCache
        from towntui.core.search import IndexCancelled, SearchIndex

        cache = self._cache if self._cache is not None else LoadCache.default()
        cache.autosave = False  # saved below, once the data is on screen
        loaded: list[Dataset] = []
        failed: list[BaseException] = []
        finished = threading.Event()

        def read_files() -> None:
            try:
                loaded.append(
                    loader.load(  # with the garbage collector paused (core.gcpause)
                        self.dirs,
                        progress=self._progress_from_thread,
                        cache=cache,
                        preview=self._preview_from_thread,
                        preview_every=LOADER_PREVIEW_EVERY,
                    )
                )
                if self._stop_loading.is_set():  # done as the app quit: the worker is gone
                    cache.save()
                    cache.close()
            except _LoadStopped:  # the app quit: keep what was parsed for the next start
                cache.save()
                cache.close()
            except BaseException as exc:  # handed to the worker, which reports it
                failed.append(exc)
            finally:
                finished.set()

        # The files are read in a daemon thread, which this worker waits for: when the
        # app quits the worker returns at once and the process ends, even if a read
        # never returns (a hung network path, a device); Textual's worker threads are
        # joined at exit, a daemon thread is not.
        threading.Thread(target=read_files, name="towntui-loader", daemon=True).start()
        while not finished.wait(0.05):
            if self._stop_loading.is_set():
                return  # the reader stops at its next file, or ends with the process
        if failed:
            raise failed[0]
        if not loaded:
            return
        dataset = loaded[0]
        try:
            with self._progress_lock:
                self._pending = dataset
                self._indexing = True
            self._to_main(self._loading_tick, force=True)
            cache.save()  # now the data is on screen; its blobs go before the index comes
            cache.close()
            # Search is ready without the per-letter pinyin views (a third of the build);
            # they are built next, while the index is in use, and only make it faster.
            index = SearchIndex(dataset, stop=self._stop_loading.is_set, letter_views=False)
            # The data and index live as long as the app: a full collection would walk
            # them on every run (~150 ms at 1,000 towns, a stall while typing), so they
            # go to the collector's permanent generation once the garbage is gone.
            gc.collect()
            gc.freeze()
            self._to_main(self._data_loaded, dataset, index)
            index.add_letter_views(stop=self._stop_loading.is_set)
            self.load_times["letter_views"] = time.monotonic() - self._load_started
            self._to_main(self._views_added)
        except (_LoadStopped, IndexCancelled):
            pass  # the app is quitting: keep what was parsed for the next start
        cache.save()  # (nothing to do if saved above)
        cache.close()

    def _to_main(self, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        """Run ``callback`` on the main thread, unless the app has quit."""
        if self._stop_loading.is_set():
            raise _LoadStopped
        try:
            self.call_from_thread(callback, *args, **kwargs)
        except RuntimeError as exc:
            if self.is_running and not self._stop_loading.is_set():
                raise  # a real error in the callback
            raise _LoadStopped from exc  # the app stopped between the check and the call

    def _progress_from_thread(self, done: int, total: int) -> None:
        if self._stop_loading.is_set():
            raise _LoadStopped  # out of the loader, at the next file
        with self._progress_lock:
            self.load_progress = (done, total)

    def _preview_from_thread(self, dataset: Dataset) -> None:
        with self._progress_lock:
            self._pending = dataset

    def _loading_tick(self, force: bool = False) -> None:
        """Show the newest partial dataset (when the last one was cheap) and the progress."""
        if self.loaded or self._exit:
            return
        now = time.monotonic()
        with self._progress_lock:
            done, total = self.load_progress
            pending = self._pending
            indexing = self._indexing
            due = force or now - self._shown_at >= self._show_cost / PREVIEW_SHARE
            if pending is not None and due:
                self._pending = None
        if pending is not None and due:
            self._show_dataset(pending)
            self.load_times.setdefault("first_towns", time.monotonic() - self._load_started)
            if indexing:  # the final dataset (a regular tick may show it before the forced one)
                self.load_times["all_towns"] = time.monotonic() - self._load_started
            self._shown_at = time.monotonic()
            self._show_cost = self._shown_at - now
        if now - self._load_started >= PROGRESS_DELAY:
            self.sub_title = self._progress_text(done, total, indexing)

    def _progress_text(self, done: int, total: int, indexing: bool) -> str:
        more = self.glyphs.ellipsis
        if indexing:
            return self.label("正在建立搜索索引", "indexing for search") + more
        if not total:
            return self.label("载入中", "loading") + more
        return self.label(f"载入中 {done}/{total} 个文件", f"loading {done}/{total} files") + more

    def _show_dataset(self, dataset: Dataset) -> None:
        self.dataset = dataset
        known = {t.id for t in dataset.towns}
        self.marked = [t for t in self.marked if t in known]
        for screen in self.main_screens():
            if screen.is_attached and not (screen._closing or screen._closed):
                screen.refresh_data()  # (a screen torn down as the app quits is skipped)

    def _views_added(self) -> None:
        """The index is complete: the loader thread is done, keys need no head start."""
        sys.setswitchinterval(self._switch_interval)

    def _data_loaded(self, dataset: Dataset, index: SearchIndex) -> None:
        self.search_index = index
        self.loaded = True
        self._pending = None
        self._loading_timer.stop()
        self.sub_title = ""
        self._show_dataset(dataset)
        self.load_times["loaded"] = time.monotonic() - self._load_started
        if dataset.problems:
            errors = len(dataset.errors)
            warnings = len(dataset.problems) - errors
            first = one_line(str(dataset.problems[0]), 160)
            self.notify(
                f"{errors} error(s), {warnings} warning(s) in the data files.\n"
                f"First: {first}\nctrl+p → data: problems lists them all.",
                title="Data problems",
                severity="error" if errors else "warning",
                markup=False,
                timeout=10,
            )

    # ------------------------------------------------------------------ navigation

    def action_goto(self, mode: str) -> None:
        """Switch to one of the four main screens.

        Search opens with its last query selected, so what is typed next replaces it
        (keys that arrive before the input has the focus too).
        """
        if mode == "search" and self.current_mode in MAIN_MODES and self.current_mode != mode:
            self.search_from = self.current_mode
            for screen in self._search_screens():
                screen.select_query()
        self.switch_mode(mode)
        if mode == "search":
            self.call_after_refresh(self._focus_search)

    def _search_screens(self) -> list[SearchScreen]:
        try:
            stack = self.get_screen_stack("search")
        except KeyError:
            return []
        return [s for s in stack if isinstance(s, SearchScreen)]

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
            or (self.focused is None and isinstance(self.screen, SearchScreen))
        ):
            raise SkipAction
        self.action_goto("search")

    def _focus_search(self) -> None:
        for screen in self._search_screens():
            screen.focus_input()

    def open_town(self, town_id: str) -> None:
        """Switch to the Towns screen with ``town_id`` selected."""
        self.current_town = town_id
        self.switch_mode("towns")
        for screen in self.get_screen_stack("towns"):
            if isinstance(screen, TownsScreen):
                screen.select_town(town_id)

    def open_entity(self, entity_id: str) -> None:
        """Show the detail screen of an entity over the current screen."""
        from towntui.tui.screens.entity import EntityScreen

        if entity_id in self.dataset.entities:
            self.push_screen(EntityScreen(entity_id))
        else:
            self.notify(f'No entity "{entity_id}" is loaded.', severity="warning", markup=False)

    def show_timeline(
        self, *, town: str | None = None, entity: str | None = None, event: str | None = None
    ) -> None:
        """Switch to the Timeline filtered to a town or an entity, or showing one event
        (its filters are kept unless they hide it)."""

        # the async function, not a coroutine: a worker cancelled before it starts (a
        # newer jump in the same burst) then leaves no coroutine that was never awaited
        async def show() -> None:
            await self._show_timeline(town, entity, event)

        self.run_worker(show, group="navigate", exclusive=True)  # type: ignore[arg-type]

    async def _show_timeline(self, town: str | None, entity: str | None, event: str | None) -> None:
        from towntui.tui.screens.timeline import TimelineScreen

        await self.switch_mode("timeline")
        screen = self.get_screen_stack("timeline")[0]
        if not isinstance(screen, TimelineScreen):
            return
        if event is not None:
            screen.show_event(event)
        else:
            screen.set_filter(towns=[town] if town else None, entity=entity)

    def toggle_mark(self, town_id: str) -> None:
        """Mark a town for comparison, or unmark it."""
        if town_id in self.marked:
            self.marked.remove(town_id)
        else:
            self.marked.append(town_id)
        for screen in self.main_screens():
            screen.refresh_data()

    def clear_marks(self) -> None:
        """Unmark every town."""
        self.marked.clear()
        for screen in self.main_screens():
            screen.refresh_data()

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
        self.notify(
            self.label("已复制：", "Copied: ") + one_line(text, 60), markup=False, timeout=3
        )

    def on_copy_text(self, message: CopyText) -> None:
        """A dialog's ``y``: copy what it shows."""
        self.copy_text(message.text)

    # ------------------------------------------------------------------ actions

    def action_copy(self) -> None:
        """Copy the selected item of the current screen."""
        screen = self.screen
        text = screen.selected_text() if isinstance(screen, TownScreen) else None
        if text is None:
            hook = getattr(screen, "selected_text", None)
            text = hook() if callable(hook) else None
        if text:
            self.copy_text(text)
        else:
            self.notify(self.label("没有选中的内容", "Nothing selected to copy"), markup=False)

    def action_command_palette(self) -> None:
        """Open the command palette (one that survives keys typed before it is drawn)."""
        if self.use_command_palette and not TownCommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = self.label("搜索命令", "Search for commands") + self.glyphs.ellipsis
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
        from towntui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_lang(self) -> None:
        """Switch interface labels between Chinese and English, and remember it."""
        self.set_lang("en" if self.lang == "zh" else "zh")

    def set_lang(self, lang: str) -> None:
        """Use ``lang`` ("zh" or "en") for labels and save the choice."""
        self.lang = lang
        self._save(lang=lang)
        for screen in self.main_screens():
            screen.refresh_labels()

    def set_theme(self, name: str) -> None:
        """Switch to the theme ``name`` and save the choice."""
        if name not in self.available_themes:
            self.notify(f'No theme called "{name}".', severity="warning", markup=False)
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
                f'The theme "{bad}" cannot be used: its colours do not parse; using "{fallback}".',
                title="Themes",
                severity="error",
                timeout=10,
            )
            self.theme = fallback

    def _apply_ascii(self) -> None:
        self.set_class(self.ascii, "-ascii")
        use_ascii_scrollbars(self.ascii)

    def set_ascii(self, value: bool) -> None:
        """Turn ASCII drawing on or off for this run."""
        self.ascii = value
        self._apply_ascii()
        for screen in self.main_screens():
            screen.refresh_labels()

    def show_problems(self) -> None:
        """Show every problem found while loading the data."""
        from towntui.tui.screens.problems import ProblemsScreen

        self.push_screen(ProblemsScreen())

    def _save(self, **changes: str) -> None:
        """Keep the changed settings for this run and save them; a failure is said once
        (a settings file that could not be read is never written over)."""
        self._config = self._config.with_(**changes)
        try:
            settings.save_config(self._config)
        except OSError as exc:
            message = f"Settings not saved: {exc.strerror or exc}"
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
) -> int:
    """Run the explorer until the user quits; the exit code."""
    app = TownApp(dirs=dirs, theme=theme, ascii=ascii, lang=lang)
    app.run(mouse=mouse)
    return int(app.return_code or 0)
