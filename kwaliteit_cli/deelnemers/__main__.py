"""``python -m kwaliteit_cli.deelnemers test [--adres ADRES]``: the network check on its own.

The same check as ``kwaliteit deelnemers test``, callable before the command is wired into the
CLI and from a machine where only the package is installed.
"""

from __future__ import annotations

import argparse
import sys

from kwaliteit_cli.errors import KwaliteitError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kwaliteit deelnemers")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("test", help="Kijk of telefoons deze laptop kunnen bereiken.")
    check.add_argument(
        "--adres", default=None, help="Het adres of de netwerkkaart om te gebruiken."
    )
    check.add_argument("--wacht", type=float, default=300, help="Hoeveel seconden wachten.")
    args = parser.parse_args(argv)

    from kwaliteit_cli.deelnemers.check import run_check

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        return run_check(args.adres, say, seconds=args.wacht, colour=sys.stdout.isatty())
    except KwaliteitError as error:
        print(error.message, file=sys.stderr)
        if error.hint:
            print(error.hint, file=sys.stderr)
        return error.exit_code


if __name__ == "__main__":
    sys.exit(main())
