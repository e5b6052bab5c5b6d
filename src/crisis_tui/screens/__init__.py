"""The explorer's screens: main, help, search and errors."""
