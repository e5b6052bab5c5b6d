"""Allow ``python -m crisis_tui``."""

from crisis_tui.cli import main

main()
