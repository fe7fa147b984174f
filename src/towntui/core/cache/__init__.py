"""A cache of parsed and validated town files, so a second start is fast.

Entries are keyed by the file's resolved path, size, modification and change times (ns),
inode and device, and by a fingerprint of the metric registry the file was validated
against. The cache lives in the user cache folder (``TOWNTUI_CACHE_DIR`` overrides it;
``TOWNTUI_NO_CACHE=1`` turns it off). A cache that is corrupt, unreadable, from another
version of towntui or written for another shape of the model is ignored and rewritten;
a cache that cannot be written is skipped silently: it never costs data.

Safety: the file holds plain values only (JSON: strings, numbers, lists, null), rebuilt
into the model by :mod:`.codec`, so reading it can never run code. It is read only when
it is a regular file (not a symlink, FIFO or device: opened with ``O_NOFOLLOW`` and
``O_NONBLOCK``, checked with ``fstat``) owned by the user and writable by nobody else,
in a folder owned by the user and writable by nobody else, and at most
:data:`~.store.MAX_CACHE_BYTES` long; otherwise it is neither read nor written
(``refused`` says why). Every entry, and the header, carry a BLAKE2 checksum: a damaged
entry is a miss and its file is parsed again, never shown wrong. By role:
:mod:`.codec` turns an :class:`Entry` into plain values and back, :mod:`.store` reads,
checks and writes one file, and :mod:`.folders` holds :class:`LoadCache`: one file per
data folder (a large folder never slows a small one).
"""

from towntui.core.cache.codec import SHAPE, Entry
from towntui.core.cache.folders import LoadCache, folder_cache_path, user_cache_folder
from towntui.core.cache.store import (
    CACHE_NAME,
    FORMAT,
    MAGIC,
    MAX_CACHE_BYTES,
    MAX_ENTRIES,
    FileKey,
    file_key,
)

__all__ = [
    "CACHE_NAME",
    "FORMAT",
    "MAGIC",
    "MAX_CACHE_BYTES",
    "MAX_ENTRIES",
    "SHAPE",
    "Entry",
    "FileKey",
    "LoadCache",
    "file_key",
    "folder_cache_path",
    "user_cache_folder",
]
