"""The user's settings (theme and label language), kept in a small TOML file.

The file lives in the platform's user config folder (``platformdirs``), or in the
folder named by ``TOWNTUI_CONFIG_DIR``. A file that cannot be read or parsed is ignored:
:func:`load_config` returns the defaults together with a message saying why, so the app
can tell the user instead of crashing, and such a file is never written over.

The file is the user's: :func:`save_config` changes only the lines of the settings it
saves (comments, unknown keys and tables stay as written), atomically, and through a
symbolic link to its target (a ``config.toml`` kept in a dotfiles repository stays a link).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from towntui.core.frozen import frozen
from towntui.core.fsutil import os_reason, read_regular, write_atomic
from towntui.core.i18n import Msg, tr
from towntui.core.tomlerrors import toml_error

#: Environment variable naming the config folder (overrides the platform default).
ENV_VAR = "TOWNTUI_CONFIG_DIR"

#: The label languages the app knows.
LANGUAGES: tuple[str, ...] = ("zh", "en")

CONFIG_NAME = "config.toml"

#: The largest settings file read (a few lines are expected; more is not a settings file).
MAX_CONFIG_BYTES = 64 * 1024


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


@frozen
class Config:
    """The settings that persist between runs."""

    theme: str | None = None
    """The chosen theme's name; ``None`` means the app's default."""
    lang: str = "zh"
    """Label language: ``"zh"`` or ``"en"``."""
    readable: bool = field(default=True, compare=False)
    """False when the file exists but could not be read or parsed: it is never saved over."""
    lang_set: bool = field(default=False, compare=False)
    """True when the file itself sets a valid ``lang`` (not the app's default)."""

    def with_(self, **changes: Any) -> Config:
        """A copy with some fields changed."""
        return replace(self, **changes)


def _parse(doc: dict[str, Any]) -> tuple[Config, list[Msg]]:
    notes: list[Msg] = []
    theme = doc.get("theme")
    if theme is not None and not (isinstance(theme, str) and theme.strip()):
        notes.append(
            Msg("theme must be a non-empty string; ignored", "theme 应为非空字符串；已忽略")
        )
        theme = None
    lang = doc.get("lang", "zh")
    lang_set = "lang" in doc
    if lang not in LANGUAGES:
        langs = ", ".join(LANGUAGES)
        notes.append(
            Msg(f"lang must be one of {langs}; ignored", f"lang 应为 {langs} 之一；已忽略")
        )
        lang, lang_set = "zh", False
    unknown = sorted(set(doc) - {"theme", "lang"})
    if unknown:
        names = ", ".join(unknown)
        notes.append(
            Msg(
                f"unknown setting{'s' if len(unknown) != 1 else ''} {names} ignored",
                f"未知的设置 {names}；已忽略",
            )
        )
    return Config(theme=theme, lang=lang, lang_set=lang_set), notes


class ConfigNotSaved(OSError):
    """The settings were not saved: the file could not be read, so it is left alone.
    Made with the reason in both languages (``msg``); ``str()`` gives the English."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.en)
        self.msg = msg


def save_failure(exc: OSError, lang: str) -> str:
    """``Settings not saved: why`` (:func:`save_config` raised ``exc``), in ``lang``."""
    head = tr(lang, "设置未保存：", "Settings not saved: ")
    if isinstance(exc, ConfigNotSaved):
        return head + exc.msg.text(lang)
    return head + os_reason(exc, lang, lower=False)


_KEPT = Msg(
    "the file is left as it is and settings changed in the app are not saved",
    "文件保持原样，在应用中更改的设置不会保存",
)


def load_config(path: Path | None = None) -> tuple[Config, Msg | None]:
    """Read the config file: ``(config, message)``, the message in both languages.

    A missing file gives the defaults and no message. A file that cannot be read or is
    not valid TOML gives the defaults (marked not ``readable``, so it is never written
    over) and a message; bad values are dropped one by one (the rest is kept) and
    reported in the message.
    """
    target = path or config_path()
    try:
        # a regular file of a bounded size only: a FIFO or a device never blocks the start
        raw = read_regular(target, MAX_CONFIG_BYTES)
    except FileNotFoundError:
        return Config(), None
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        return Config(readable=False), Msg(
            f"settings file {target} could not be read ({reason}); using defaults; {_KEPT.en}",
            f"设置文件 {target} 无法读取（{os_reason(exc, 'zh')}）；使用默认设置；{_KEPT.zh}",
        )
    text = raw.decode("utf-8", errors="replace")
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Config(readable=False), Msg(
            f"settings file {target} is not valid TOML ({exc}); using defaults; {_KEPT.en}",
            f"设置文件 {target} 不是 UTF-8 编码；使用默认设置；{_KEPT.zh}",
        )
    except tomllib.TOMLDecodeError as exc:
        err = toml_error(exc, text)
        where = f"{err.line}:{err.column}" if err.column else f"{err.line}"
        return Config(readable=False), Msg(
            f"settings file {target} is not valid TOML ({exc}); using defaults; {_KEPT.en}",
            f"设置文件 {target}:{where} {err.message.zh}；使用默认设置；{_KEPT.zh}",
        )
    cfg, notes = _parse(doc)
    if notes:
        return cfg, Msg(
            f"settings file {target}: " + "; ".join(notes),
            f"设置文件 {target}：" + "；".join(n.zh for n in notes),
        )
    return cfg, None


def save_config(cfg: Config, path: Path | None = None) -> None:
    """Write the settings into the file, keeping everything else in it.

    Only the ``lang`` and ``theme`` lines change (added above any table when missing);
    comments, unknown keys and tables stay. The file is read afresh first: one that
    could not be read at start (``cfg.readable`` False) or cannot be now is left alone
    and :class:`ConfigNotSaved` raised. Written atomically (a temporary file, then a
    rename) through a symbolic link to its target. Raises ``OSError``.
    """
    target = path or config_path()
    if not cfg.readable:
        raise ConfigNotSaved(
            Msg(
                f"settings file {target} could not be read at start, so {_KEPT.en}",
                f"设置文件 {target} 在启动时无法读取，所以{_KEPT.zh}",
            )
        )
    try:
        text = read_regular(target, MAX_CONFIG_BYTES).decode("utf-8")
        doc = tomllib.loads(text)
    except FileNotFoundError:
        text, doc = "", {}
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raise ConfigNotSaved(
            Msg(
                f"settings file {target} is not valid TOML now, so {_KEPT.en}",
                f"设置文件 {target} 现在不是有效的 TOML，所以{_KEPT.zh}",
            )
        ) from None
    values: dict[str, Any] = {"lang": cfg.lang}
    if cfg.theme is not None:
        values["theme"] = cfg.theme
    updated = _updated(text, doc, values)
    if updated != text or not text:
        write_atomic(target, updated, force=True, parents=True, through_links=True)


def _value(value: Any) -> str:
    """``value`` as TOML (``"en"``)."""
    import tomli_w  # (only when settings are written: not at every start)

    return tomli_w.dumps({"v": value})[len("v = ") :].strip()


def _split_comment(rest: str) -> tuple[str, str] | None:
    """``rest`` of a ``key = …`` line as (value, what follows it: spaces and a comment);
    None when the value does not end on this line."""
    cuts = [len(rest)] + [m.start() for m in re.finditer("#", rest)]
    for cut in sorted(cuts):
        value = rest[:cut].rstrip()
        try:
            tomllib.loads(f"v = {value}")
        except tomllib.TOMLDecodeError:
            continue
        return value, rest[len(value) :]
    return None


def _set_line(lines: list[str], top: int, key: str, value: Any) -> bool:
    """Rewrite the line of ``lines[:top]`` that sets ``key`` to set ``value`` (its
    comment and line end kept); False when there is no such line."""
    assign = re.compile(rf"""^(\s*)({key}|"{key}"|'{key}')(\s*=\s*)(.*?)(\r?\n)?$""")
    for i in range(top):
        m = assign.match(lines[i])
        split = _split_comment(m.group(4)) if m else None
        if m and split:
            tail = split[1] + (m.group(5) or "")
            lines[i] = f"{m.group(1)}{m.group(2)}{m.group(3)}{_value(value)}{tail}"
            return True
    return False


def _updated(text: str, doc: dict[str, Any], values: dict[str, Any]) -> str:
    """``text`` with each of ``values`` set: its line rewritten in place (its comment
    kept), or a new line above the first table. Falls back to the whole document
    written anew (every key kept, comments lost) if the result would not read back."""
    wanted = {**doc, **values}
    lines = text.splitlines(keepends=True)
    top = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    added: list[str] = []
    for key, value in values.items():
        if key in doc and doc[key] == value:
            continue
        if not _set_line(lines, top, key, value):  # no line sets it: a new one
            added.append(f"{key} = {_value(value)}\n")
    if added:
        if top and not lines[top - 1].endswith("\n"):
            lines[top - 1] += "\n"
        lines[top:top] = added + (["\n"] if top < len(lines) else [])
    result = "".join(lines)
    try:
        if tomllib.loads(result) == wanted:
            return result
    except tomllib.TOMLDecodeError:
        pass
    import tomli_w

    return tomli_w.dumps(wanted)


#: the locale variables, in the order that decides the language of messages
LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")


def locale_lang(environ: Mapping[str, str]) -> str | None:
    """``"zh"`` when the first locale variable set (``LC_ALL``, ``LC_MESSAGES``, ``LANG``)
    starts with ``zh``, ``"en"`` when it names another language, ``None`` when none is set."""
    for var in LOCALE_VARS:
        value = environ.get(var, "")
        if value:
            return "zh" if value.casefold().startswith("zh") else "en"
    return None


def resolve_lang(flag: str | None, cfg: Config, environ: Mapping[str, str]) -> str:
    """The language of the command's output: ``flag`` (``--lang``) when given, else the
    ``lang`` the settings file sets itself, else the locale's (``zh*`` → zh), else en."""
    if flag in LANGUAGES:
        return flag
    if cfg.lang_set and cfg.lang in LANGUAGES:
        return cfg.lang
    return locale_lang(environ) or "en"
