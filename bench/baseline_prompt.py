"""Baseline: a minimal Typer + questionary app that shows one prompt."""

import typer

app = typer.Typer(add_completion=False, rich_markup_mode=None)


@app.command()
def start() -> None:
    import questionary

    questionary.text("Titel van het gesprek").unsafe_ask()


if __name__ == "__main__":
    app()
