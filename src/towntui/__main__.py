"""``python -m towntui``."""

from towntui.cli import main

raise SystemExit(main())
