"""Small widgets and dialogs shared by the timeline and compare screens."""
