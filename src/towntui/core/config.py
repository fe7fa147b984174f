"""The user's settings (theme and label language), kept in a small TOML file.

The file lives in the platform's user config folder (``platformdirs``), or in the
folder named by ``TOWNTUI_CONFIG_DIR``. It is written atomically with ``tomli-w``. A
file that cannot be read or parsed is ignored: :func:`load_config` returns the defaults
together with a message saying why, so the app can tell the user instead of crashing.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomli_w
from platformdirs import user_config_dir

from towntui.core.fsutil import write_atomic

#: Environment variable naming the config folder (overrides the platform default).
ENV_VAR = "TOWNTUI_CONFIG_DIR"

#: The label languages the app knows.
LANGUAGES: tuple[str, ...] = ("zh", "en")

CONFIG_NAME = "config.toml"


def config_dir() -> Path:
    """The folder holding ``config.toml`` and the user's ``themes/``."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(user_config_dir("towntui", appauthor=False))


def config_path() -> Path:
    """The path of the user's config file."""
    return config_dir() / CONFIG_NAME


def user_themes_dir() -> Path:
    """The folder where the user may drop their own theme files."""
    return config_dir() / "themes"


@dataclass(frozen=True, slots=True)
class Config:
    """The settings that persist between runs."""

    theme: str | None = None
    """The chosen theme's name; ``None`` means the app's default."""
    lang: str = "zh"
    """Label language: ``"zh"`` or ``"en"``."""

    def with_(self, **changes: Any) -> Config:
        """A copy with some fields changed."""
        return replace(self, **changes)


def _parse(doc: dict[str, Any]) -> tuple[Config, list[str]]:
    notes: list[str] = []
    theme = doc.get("theme")
    if theme is not None and not (isinstance(theme, str) and theme.strip()):
        notes.append("theme must be a non-empty string; ignored")
        theme = None
    lang = doc.get("lang", "zh")
    if lang not in LANGUAGES:
        notes.append(f"lang must be one of {', '.join(LANGUAGES)}; ignored")
        lang = "zh"
    unknown = sorted(set(doc) - {"theme", "lang"})
    if unknown:
        notes.append(f"unknown setting(s) {', '.join(unknown)} ignored")
    return Config(theme=theme, lang=lang), notes


def load_config(path: Path | None = None) -> tuple[Config, str | None]:
    """Read the config file: ``(config, message)``.

    A missing file gives the defaults and no message. A file that cannot be read or is
    not valid TOML gives the defaults and a message; bad values are dropped one by one
    (the rest is kept) and reported in the message.
    """
    target = path or config_path()
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return Config(), None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return Config(), f"settings file {target} could not be read ({reason}); using defaults"
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(), f"settings file {target} is not valid TOML ({exc}); using defaults"
    cfg, notes = _parse(doc)
    if notes:
        return cfg, f"settings file {target}: " + "; ".join(notes)
    return cfg, None


def save_config(cfg: Config, path: Path | None = None) -> None:
    """Write the settings atomically (a temp file then a rename). Raises ``OSError``."""
    doc: dict[str, Any] = {"lang": cfg.lang}
    if cfg.theme is not None:
        doc["theme"] = cfg.theme
    write_atomic(path or config_path(), tomli_w.dumps(doc), force=True, parents=True)
