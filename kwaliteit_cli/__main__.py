"""Allow ``python -m kwaliteit_cli``."""

from kwaliteit_cli.cli import main

main()
