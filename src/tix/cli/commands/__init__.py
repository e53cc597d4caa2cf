"""One module per ``tix`` command; each imports what it draws with inside the function."""
