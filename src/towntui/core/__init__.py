"""The core: loading, validation, units, search, timeline, compare and export.

Nothing under ``towntui.core`` imports Textual; the CLI, the TUI and the tests share it.
"""
