"""Every dialog of the app, each a modal screen over the one it was opened from.

``base.Dialog`` is their common base: centred over a dimmed screen, closing once however
many keys arrive, ``y`` copying what it shows, typing that arrives before its field has
the focus going to the field in order. ``keys`` lists every key of the screen below,
``problems`` every problem found in the data files, ``event`` one event with its
source, ``export`` writes the comparison to a file, ``pickers`` choose a town, a
category or a year.
"""
