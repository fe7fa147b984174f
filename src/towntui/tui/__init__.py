"""The Textual user interface of towntui, a thin layer over :mod:`towntui.core`.

``app`` holds the shared state (``state.AppState``: dataset, marked towns, language,
ASCII mode, theme) and handles the navigation messages (``messages``) and the loader's
messages (``loading``); ``screens/`` are the main screens, which watch the state and
post messages to go elsewhere; ``dialogs/`` the modal dialogs; ``widgets/`` the widgets
they are built from; ``render/`` pure render helpers; ``palette`` the command palette;
``themes`` the theme files. Nothing here computes: loading, search, timeline and compare
live in the core.
"""
