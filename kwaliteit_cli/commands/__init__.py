"""One module per command's work; cli.py only declares the commands and their options."""
