"""The command-line front end: one module per command, thin over the library."""
