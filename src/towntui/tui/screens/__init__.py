"""The main screens of the explorer (towns, search, timeline, compare) and the entity
screen, all derived from ``base.MainScreen``, which watches the app's state."""
