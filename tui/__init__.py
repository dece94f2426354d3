"""The Textual chat TUI and the kiosk mode."""
