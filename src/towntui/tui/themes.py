"""Theme files: the bundled ``themes/*.toml`` plus the user's own theme folder.

A theme file is a flat TOML document (see ``themes/README.md``) that maps onto a
:class:`textual.theme.Theme`. Broken files are not fatal: :func:`load_themes` returns
the themes that loaded and one message per broken file, for the app to report once.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from textual.app import App
from textual.color import Color, ColorParseError
from textual.css.constants import VALID_STYLE_FLAGS
from textual.css.errors import StylesheetError
from textual.theme import Theme

from towntui.core.fsutil import NotRegularFile, TooLarge, read_regular

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


@dataclass(slots=True)
class ThemeSet:
    """The themes that loaded, in load order, and a message per file that did not."""

    themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    """Each loaded theme's name → the file it came from."""

    @property
    def names(self) -> list[str]:
        """The names of the loaded themes."""
        return [t.name for t in self.themes]


class ThemeFileError(ValueError):
    """A theme file that cannot be used."""


def _colour(doc: dict[str, Any], key: str) -> str | None:
    value = doc.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ThemeFileError(f"{key} must be a colour string")
    try:
        Color.parse(value)
    except ColorParseError:
        raise ThemeFileError(f'{key}: "{value}" is not a colour') from None
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
        try:
            Color.parse(value)
            kinds[name] = "colour"
        except ColorParseError:
            kinds[name] = "auto" if value.startswith("auto") else value
    return kinds


def _variable_problem(name: str, value: str) -> str | None:
    """Why ``value`` cannot be the design variable ``name``; None if it can."""
    kind = variable_kinds()[name]
    if not value.isprintable() or value != value.strip():
        return f'[variables] {name}: "{value}" has spaces around it or control characters'
    if kind == "style":
        if value.split() and all(flag in VALID_STYLE_FLAGS for flag in value.split()):
            return None
        return f'[variables] {name}: "{value}" is not a text style (e.g. "bold underline")'
    try:
        Color.parse(value)
        return None
    except ColorParseError:
        pass
    if (kind == "auto" and _AUTO_RE.fullmatch(value)) or value == kind:
        return None
    return f'[variables] {name}: "{value}" is not a colour'


def _variables(doc: dict[str, Any]) -> dict[str, str]:
    """The ``[variables]`` table, each a design variable Textual knows with a value of
    its kind; raises :class:`ThemeFileError`. A value that would not parse would crash
    the app when the theme is applied, so the theme is refused here instead."""
    variables = doc.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise ThemeFileError("[variables] must map names to strings")
    unknown = sorted(k for k in variables if k not in variable_kinds())
    if unknown:
        raise ThemeFileError(f"[variables] unknown variable(s): {', '.join(unknown)}")
    for name, value in variables.items():
        problem = _variable_problem(name, value)
        if problem:
            raise ThemeFileError(problem)
    return dict(variables)


def parse_theme(doc: dict[str, Any]) -> Theme:
    """Build a Textual theme from a parsed theme file; raises :class:`ThemeFileError`."""
    unknown = sorted(set(doc) - _KNOWN)
    if unknown:
        raise ThemeFileError(f"unknown key(s): {', '.join(unknown)}")
    name = doc.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise ThemeFileError("name is required: lower-case letters, digits, - and _")
    colours = {key: _colour(doc, key) for key in _COLOURS}
    primary = colours.pop("primary")
    if primary is None:
        raise ThemeFileError("primary is required")
    flags: dict[str, bool] = {}
    for key in _FLAGS:
        if key in doc:
            if not isinstance(doc[key], bool):
                raise ThemeFileError(f"{key} must be true or false")
            flags[key] = doc[key]
    numbers: dict[str, float] = {}
    for key in _NUMBERS:
        if key in doc:
            value = doc[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ThemeFileError(f"{key} must be a number")
            if not 0 <= value <= 1:
                raise ThemeFileError(f"{key} must be between 0 and 1")
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
        raise ThemeFileError(f"is not a regular file ({exc.what})") from None
    except TooLarge:
        raise ThemeFileError(f"larger than {MAX_THEME_BYTES // 1024} KiB") from None
    except OSError as exc:
        raise ThemeFileError(f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    except UnicodeDecodeError:
        raise ThemeFileError("is not UTF-8") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ThemeFileError(f"is not valid TOML ({exc})") from None
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
                result.problems.append(f"{path}: {exc}")
                continue
            result.files[theme.name] = path
            if theme.name in by_name:
                result.themes[by_name[theme.name]] = theme
            else:
                by_name[theme.name] = len(result.themes)
                result.themes.append(theme)
    return result


def theme_problem(app: App[Any], theme: Theme) -> str | None:
    """Why ``theme`` would break the app's CSS when applied; None if it would not.

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
        return "its [variables] do not parse as the app's CSS"
    except Exception as exc:  # anything else a theme makes Textual raise
        return f"it cannot be applied ({type(exc).__name__})"
    return None
