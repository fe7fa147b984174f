"""Interface text in the chosen language: one ``tr`` and one ``pick`` for the whole app.

The interface speaks one language at a time, ``"zh"`` or ``"en"``. :func:`tr` chooses
between the two forms of an interface text; :func:`pick` chooses between a data field and
its English form (``name``/``name_en``, ``role``/``role_en``, ...), falling back to the
field as written when there is no English form. Data names themselves are never
translated.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


def tr(lang: str, zh: str, en: str) -> str:
    """``zh`` when the interface is Chinese, otherwise ``en``."""
    return zh if lang == "zh" else en


class Said(str):
    """An interface text in the language chosen that keeps both its forms, so what is on
    screen can be said again after the language changes (a toast after ``L``). Being a
    string, it goes wherever the text in one language went; :meth:`text` gives either."""

    zh: str
    en: str

    def __new__(cls, lang: str, zh: str, en: str) -> Said:
        said = super().__new__(cls, tr(lang, zh, en))
        said.zh, said.en = zh, en
        return said

    @classmethod
    def of(cls, lang: str, text: Callable[[str], str]) -> Said:
        """A text made in each language by ``text(lang)`` (a catalogue entry with its
        fields filled in), said in ``lang``."""
        return cls(lang, text("zh"), text("en"))

    def text(self, lang: str) -> str:
        """The text in ``lang``."""
        return tr(lang, self.zh, self.en)

    def __reduce__(self) -> tuple[Any, ...]:
        lang = "zh" if str.__str__(self) == self.zh else "en"
        return (Said, (lang, self.zh, self.en))


#: :class:`Said` texts made once for each language and pair of forms (the interface asks
#: for the same labels on every render; a cached one costs a tenth of a new one).
said = lru_cache(maxsize=4096)(Said)


def pick(lang: str, zh: T, en: T | None) -> T:
    """The English form ``en`` of a data field in English when it is given (not empty),
    otherwise the field ``zh`` as written (which may be ``None`` or empty)."""
    return en if lang == "en" and en else zh


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 result``, ``2 results``: an English count with its noun (``nouns`` when the
    plural is not ``noun`` + s)."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


class Msg(str):
    """A message in both languages: the string itself is the English form (``en``), and
    ``zh`` the Chinese one. Field paths, file paths, ids and data values appear literally
    in both (``Msg('unknown unit "亿圆"', '未知单位 "亿圆"')``). Being a string, it goes
    wherever an English message went; :meth:`text` chooses the language."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Msg:
        msg = super().__new__(cls, en)
        msg.zh = zh
        return msg

    @property
    def en(self) -> str:
        """The English form."""
        return str.__str__(self)

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return tr(lang, self.zh, self.en)

    def __repr__(self) -> str:
        return f"Msg({self.en!r}, {self.zh!r})"


def counts(lang: str, errors: int, warnings: int) -> str:
    """``1 error, 2 warnings`` / ``1 个错误，2 个警告``: a count of problems."""
    if lang == "zh":
        return f"{errors} 个错误，{warnings} 个警告"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


class MsgError(ValueError):
    """A ``ValueError`` whose message is a :class:`Msg`: ``str()`` gives the English,
    :meth:`text` either language."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg)
        self.msg = msg

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.msg.text(lang)
