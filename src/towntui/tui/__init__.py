"""The Textual user interface of towntui (a thin layer over :mod:`towntui.core`)."""
