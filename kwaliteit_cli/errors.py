"""Errors meant for users: a Dutch message, a hint that says what to do, an exit code.

The CLI has one handler that prints these to stderr; nothing else prints them.
"""

from pathlib import Path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class KwaliteitError(Exception):
    """A problem the user can act on."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(KwaliteitError):
    """The command was called the wrong way (a missing file, a bad option)."""

    exit_code = EXIT_USAGE


class FileProblem(KwaliteitError):
    """A file that cannot be used, with the place in it where that is known."""

    kind = "bestand"

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        where: str = "",
        hint: str = "",
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.where = where
        place = f" ({where})" if where else ""
        super().__init__(f"{self.kind} {self.path}{place}: {problem}", hint=hint)


class SessionFileError(FileProblem):
    """A session file that is missing, broken or of the wrong shape."""

    kind = "Sessiebestand"


class InstrumentError(FileProblem):
    """An instrument file that is missing, broken or of the wrong shape."""

    kind = "Instrument"


class AnswersError(FileProblem):
    """An answers file for scripted mode that does not fit the conversation."""

    kind = "Antwoordenbestand"


class TemplateFileError(FileProblem):
    """A user's own verslag template that cannot be read or rendered."""

    kind = "Sjabloon"


class SaveError(KwaliteitError):
    """The session could not be written to disk."""


class SessionInUseError(KwaliteitError):
    """Another process has the session open: two writers would overwrite each other."""
