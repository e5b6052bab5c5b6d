"""crisis-tui: explore a news crisis from the terminal."""

__version__ = "0.1.0"
