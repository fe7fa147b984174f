"""towntui: a terminal explorer for the characteristic towns and parks of Hangzhou."""

__version__ = "0.1.0"
