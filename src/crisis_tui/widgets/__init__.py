"""The explorer's widgets: the shared virtual list, the panes, detail and status line."""
