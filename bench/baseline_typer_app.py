"""Baseline: a minimal Typer app with two commands (for `--help`)."""

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command()
def start() -> None:
    """Start."""


@app.command()
def report() -> None:
    """Report."""


if __name__ == "__main__":
    app()
