"""Allow ``python -m crisis_tui``."""

from crisis_tui.launch import main

main()
