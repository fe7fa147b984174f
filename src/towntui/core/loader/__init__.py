"""Load data folders into an immutable :class:`~towntui.core.model.Dataset`, collecting
every problem.

The loader never stops at the first problem: a TOML syntax error names the file, line
and column; a schema error names the file and the field path. Every problem of a record
is reported (not only its first), and a problem in ``[town]`` does not hide the problems
of the file's records. A broken record is dropped, a file that cannot be parsed is
skipped, and everything valid still loads. By role: :mod:`.reading` finds the folders'
files and reads one TOML file, :mod:`.problems` collects a file's problems,
:mod:`.records` builds the records of a file (registry, sources, town, area, metric,
entity, event), :mod:`.linking` checks references across files and freezes the dataset,
and :mod:`.loading` holds :func:`load`, which runs them in turn (with the cache and
previews).
"""

from towntui.core.loader.loading import Preview, Progress, load
from towntui.core.loader.problems import MAX_PROBLEMS_PER_FILE
from towntui.core.loader.reading import (
    ENV_VAR,
    MAX_FILE_BYTES,
    FileDoc,
    bundled_data_dir,
    data_dirs,
    display_path,
    read_toml,
)

__all__ = [
    "ENV_VAR",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS_PER_FILE",
    "FileDoc",
    "Preview",
    "Progress",
    "bundled_data_dir",
    "data_dirs",
    "display_path",
    "load",
    "read_toml",
]
