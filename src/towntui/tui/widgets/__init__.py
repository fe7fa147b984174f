"""Widgets the screens are built from: the footer, inputs and lists that survive keys in
a burst, the density strip, ASCII scroll bars."""
