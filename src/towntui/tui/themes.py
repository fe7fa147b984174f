"""Theme files: the bundled ``themes/*.toml`` plus the user's own theme folder.

A theme file is a flat TOML document (see ``themes/README.md``) that maps onto a
:class:`textual.theme.Theme`. Broken files are not fatal: :func:`load_themes` returns
the themes that loaded and one message per broken file, for the app to report once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import field
from functools import cache
from pathlib import Path
from typing import Any

from textual.app import App
from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.css.errors import StylesheetError
from textual.css.stylesheet import Stylesheet
from textual.theme import Theme

from towntui.core.frozen import mutable
from towntui.core.fsutil import FILE_KINDS_ZH, NotRegularFile, TooLarge, os_reason, read_regular
from towntui.core.i18n import Msg, MsgError
from towntui.core.tomlerrors import toml_error

#: The theme used when none is chosen (or the chosen one is missing).
DEFAULT_THEME = "dark"

#: Largest theme file we read; a theme is a few hundred bytes.
MAX_THEME_BYTES = 64 * 1024

_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_COLOURS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
    "warning",
    "error",
    "success",
)
_FLAGS = ("dark", "ansi")
_NUMBERS = ("luminosity_spread", "text_alpha")
_KNOWN = {"name", *_COLOURS, *_FLAGS, *_NUMBERS, "variables"}


def bundled_themes_dir() -> Path:
    """The bundled theme folder: the checkout's ``themes/`` or the wheel's copy."""
    here = Path(__file__).resolve()
    repo = here.parents[3]
    if (repo / "pyproject.toml").is_file() and (repo / "themes").is_dir():
        return repo / "themes"
    return here.parents[1] / "_bundled" / "themes"


@mutable(slots=True)
class ThemeSet:
    """The themes that loaded, in load order, and a message per file that did not."""

    themes: list[Theme] = field(default_factory=list)
    problems: list[Msg] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    """Each loaded theme's name → the file it came from."""

    @property
    def names(self) -> list[str]:
        """The names of the loaded themes."""
        return [t.name for t in self.themes]


class ThemeFileError(MsgError):
    """A theme file that cannot be used: why, in both languages."""


def file_problem(path: Path, why: Msg) -> Msg:
    """``path: why`` in both languages."""
    return Msg(f"{path}: {why.en}", f"{path}：{why.zh}")


def _colour(doc: dict[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ThemeFileError(Msg(f"{key} must be a colour string", f"{key} 应为颜色字符串"))
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(
            Msg(f'{key}: "{value}" is not a colour', f'{key}："{value}" 不是颜色')
        ) from None
    return value


#: ``auto`` with an optional alpha (``auto 87%``): the contrasting text colour
_AUTO_RE = re.compile(r"auto(?: (?:100|[0-9]{1,2})%)?")


@cache
def variable_kinds() -> dict[str, str]:
    """Every design variable Textual knows → the kind of value it takes.

    ``colour`` (most: ``footer-key-foreground``, ``border`` …), ``style`` (text-style
    flags: ``block-cursor-text-style = "bold"``), ``auto`` (a colour or ``auto 87%``,
    for text colours) or ``initial`` (a colour or ``initial``): the kind of the value
    Textual itself gives it.
    """
    defaults = Theme(name="probe", primary="#0178D4").to_color_system().generate()
    kinds: dict[str, str] = {}
    for name, value in defaults.items():
        if name.endswith("text-style") or name.startswith("link-style"):
            kinds[name] = "style"
            continue
        if value.startswith("auto"):  # (told apart first: see _variable_problem)
            kinds[name] = "auto"
            continue
        if value == "initial":  # (a word that fails to parse costs a difflib suggestion)
            kinds[name] = "initial"
            continue
        try:
            Color.parse(value)
            kinds[name] = "colour"
        except ColorParseError:
            kinds[name] = value
    return kinds


def _variable_problem(name: str, value: str) -> Msg | None:
    """Why ``value`` cannot be the design variable ``name``; None if it can."""
    kind = variable_kinds()[name]
    if not value.isprintable() or value != value.strip():
        return Msg(
            f'[variables] {name}: "{value}" has spaces around it or control characters',
            f'[variables] {name}："{value}" 两端有空格或含控制字符',
        )
    if kind == "style":
        if value.split() and all(flag in VALID_STYLE_FLAGS for flag in value.split()):
            return None
        return Msg(
            f'[variables] {name}: "{value}" is not a text style (e.g. "bold underline")',
            f'[variables] {name}："{value}" 不是文字样式（例如 "bold underline"）',
        )
    # before Color.parse: a value that is not a colour makes Textual look for a close
    # colour name (~1 ms each, at every start, for the bundled themes' "auto 87%")
    if (kind == "auto" and _AUTO_RE.fullmatch(value)) or value == kind:
        return None
    try:
        Color.parse(value)
        return None
    except ColorParseError:
        pass
    return Msg(
        f'[variables] {name}: "{value}" is not a colour', f'[variables] {name}："{value}" 不是颜色'
    )


def _variables(doc: dict[str, Any]) -> dict[str, str]:
    """The ``[variables]`` table, each a design variable Textual knows with a value of
    its kind; raises :class:`ThemeFileError`. A value that would not parse would crash
    the app when the theme is applied, so the theme is refused here instead."""
    variables = doc.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise ThemeFileError(
            Msg("[variables] must map names to strings", "[variables] 应把名称对应到字符串")
        )
    unknown = sorted(k for k in variables if k not in variable_kinds())
    if unknown:
        names = ", ".join(unknown)
        raise ThemeFileError(
            Msg(
                f"[variables] unknown variable{'s' if len(unknown) != 1 else ''}: {names}",
                f"[variables] 未知变量：{names}",
            )
        )
    for name, value in variables.items():
        problem = _variable_problem(name, value)
        if problem:
            raise ThemeFileError(problem)
    return dict(variables)


def parse_theme(doc: dict[str, Any]) -> Theme:
    """Build a Textual theme from a parsed theme file; raises :class:`ThemeFileError`."""
    unknown = sorted(set(doc) - _KNOWN)
    if unknown:
        names = ", ".join(unknown)
        raise ThemeFileError(
            Msg(f"unknown key{'s' if len(unknown) != 1 else ''}: {names}", f"未知的键：{names}")
        )
    name = doc.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ThemeFileError(
            Msg(
                "name is required: lower-case letters, digits, - and _",
                "必须有 name：小写字母、数字、- 和 _",
            )
        )
    colours = {key: _colour(doc, key) for key in _COLOURS}
    primary = colours.pop("primary")
    if primary is None:
        raise ThemeFileError(Msg("primary is required", "必须有 primary"))
    flags: dict[str, bool] = {}
    for key in _FLAGS:
        if key in doc:
            if not isinstance(doc[key], bool):
                raise ThemeFileError(
                    Msg(f"{key} must be true or false", f"{key} 应为 true 或 false")
                )
            flags[key] = doc[key]
    numbers: dict[str, float] = {}
    for key in _NUMBERS:
        if key in doc:
            value = doc[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ThemeFileError(Msg(f"{key} must be a number", f"{key} 应为数字"))
            if not 0 <= value <= 1:
                raise ThemeFileError(
                    Msg(f"{key} must be between 0 and 1", f"{key} 应在 0 到 1 之间")
                )
            numbers[key] = float(value)
    variables = _variables(doc)
    return Theme(
        name=name,
        primary=primary,
        secondary=colours["secondary"],
        accent=colours["accent"],
        foreground=colours["foreground"],
        background=colours["background"],
        surface=colours["surface"],
        panel=colours["panel"],
        boost=colours["boost"],
        warning=colours["warning"],
        error=colours["error"],
        success=colours["success"],
        dark=flags.get("dark", True),
        ansi=flags.get("ansi", False),
        luminosity_spread=numbers.get("luminosity_spread", 0.15),
        text_alpha=numbers.get("text_alpha", 0.95),
        variables=variables,
    )


def load_theme_file(path: Path) -> Theme:
    """Read one theme file; raises :class:`ThemeFileError` with a readable reason."""
    try:  # a regular file only (never a FIFO or a device), read up to the limit
        text = read_regular(path, MAX_THEME_BYTES).decode("utf-8")
    except NotRegularFile as exc:
        what = FILE_KINDS_ZH.get(exc.what, exc.what)
        msg = Msg(f"is not a regular file ({exc.what})", f"不是普通文件（{what}）")
        raise ThemeFileError(msg) from None
    except TooLarge:
        kib = MAX_THEME_BYTES // 1024
        raise ThemeFileError(Msg(f"larger than {kib} KiB", f"超过 {kib} KiB")) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        msg = Msg(f"cannot be read ({reason})", f"无法读取（{os_reason(exc, 'zh')}）")
        raise ThemeFileError(msg) from None
    except UnicodeDecodeError:
        raise ThemeFileError(Msg("is not UTF-8", "不是 UTF-8 编码")) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        err = toml_error(exc, text)
        where = f"{err.line}:{err.column}" if err.column else f"{err.line}"
        msg = Msg(f"is not valid TOML ({exc})", f"第 {where} 处 {err.message.zh}")
        raise ThemeFileError(msg) from None
    return parse_theme(doc)


def load_themes(folders: Sequence[Path]) -> ThemeSet:
    """Load every ``*.toml`` in each folder (missing folders are skipped).

    A later theme with the same name replaces an earlier one, so a user's
    ``dark.toml`` overrides the bundled dark theme.
    """
    result = ThemeSet()
    by_name: dict[str, int] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = load_theme_file(path)
            except ThemeFileError as exc:
                result.problems.append(file_problem(path, exc.msg))
                continue
            result.files[theme.name] = path
            if theme.name in by_name:
                result.themes[by_name[theme.name]] = theme
            else:
                by_name[theme.name] = len(result.themes)
                result.themes.append(theme)
    return result


def theme_problem(app: App[Any], theme: Theme, path: Path) -> Msg | None:
    """Why ``theme`` (of the file ``path``) would break the app's CSS when applied, as
    ``path: why``; None if it would not.

    The app's stylesheet is parsed with the theme's variables, as applying it would
    (a copy: the app's own is untouched). A failure there is raised later, outside
    any caller, and ends the app, so a theme is checked before it is offered.
    """
    variables = {
        **app.get_theme_variable_defaults(),
        **theme.to_color_system().generate(),
        **theme.variables,
    }
    sheet = app.stylesheet.copy()
    sheet.set_variables(variables)
    try:
        sheet.reparse()
    except StylesheetError:
        why = Msg(
            "its [variables] do not parse as the app's CSS",
            "它的 [variables] 无法按应用的样式表解析",
        )
        return file_problem(path, why)
    except Exception as exc:  # anything else a theme makes Textual raise
        name = type(exc).__name__
        return file_problem(path, Msg(f"it cannot be applied ({name})", f"无法应用（{name}）"))
    return None


def offer_themes(app: App[Any], themes: ThemeSet) -> list[str]:
    """The names of the themes to offer: the bundled ones (checked by the test suite,
    registered by :func:`preset_themes`) and each user theme that passes
    :func:`theme_problem` against the app's CSS, registered here; a user theme that
    fails goes to ``themes.problems``."""
    bundled = bundled_themes_dir()
    offered: list[str] = []
    for theme in themes.themes:
        path = themes.files.get(theme.name)
        if path is not None and path.parent != bundled:
            problem = theme_problem(app, theme, path)
            if problem:
                themes.problems.append(problem)
                continue
            app.register_theme(theme)
        offered.append(theme.name)
    return offered


def preset_themes(app: App[Any], themes: ThemeSet, wanted: str) -> None:
    """Register the bundled themes of ``themes`` and make ``wanted`` the app's theme, if
    it is one of them or Textual's, before the app's CSS is first parsed (from its
    ``__init__``).

    Set once the app runs, a theme makes Textual parse every rule again with the new
    variables and apply them to every widget: a second pass over all the CSS before
    the first screen shows. This does what Textual's theme watcher does, minus that
    pass. A user's themes are checked and registered once the CSS is read (see
    :func:`theme_problem`); a ``wanted`` that is one of them is applied then.
    """
    bundled = bundled_themes_dir()
    for theme in themes.themes:
        path = themes.files.get(theme.name)
        if path is None or path.parent == bundled:
            app.register_theme(theme)
    if wanted not in app.available_themes:
        return
    app.set_reactive(App.theme, wanted)
    dark = app.current_theme.dark
    classes = {name: False for name in app.classes if name.startswith("-theme-")}
    classes.update({f"-theme-{wanted}": True, "-dark-mode": dark, "-light-mode": not dark})
    app.update_classes(classes, update=False)
    app._refresh_truecolor_filter(app.ansi_theme)
    app.stylesheet.set_variables(app.get_css_variables())


class KeptParseStylesheet(Stylesheet):
    """Textual's stylesheet, whose :meth:`reparse` reuses what was parsed already.

    Textual re-parses in a new stylesheet (so an error leaves this one intact) with an
    empty cache: when the first screen is made (its CSS added) every rule read so far
    was parsed again. The cache holds parsed sources under the current variables (it is
    emptied when they change: a new theme still parses everything), so the new
    stylesheet may start from it.
    """

    def reparse(self) -> None:
        """Parse the sources again with the current variables (those not in the cache)."""
        fresh = Stylesheet(variables=self._variables)
        fresh._parse_cache = self._parse_cache
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
