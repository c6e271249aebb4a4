"""Render a verslag: the context through a Jinja2 template into Markdown or HTML, or as JSON.

``render_report`` returns text; the command decides where it goes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kwaliteit_cli.errors import TemplateFileError
from kwaliteit_cli.session.instrument import Instrument
from kwaliteit_cli.session.model import Session

if TYPE_CHECKING:
    import jinja2

from kwaliteit_cli.verslag.context import ReportOptions, build_context
from kwaliteit_cli.verslag.text import (
    html_finalize,
    json_text,
    md_cell,
    md_finalize,
    md_text,
    text_lines,
)

# --- rendering -----------------------------------------------------------------------------


@functools.cache
def templates_dir() -> Path:
    """Templates travel inside the package in a wheel; in a source checkout they sit at the top."""
    # The package folder itself, as importlib.resources would give it (without importing it).
    packaged = Path(__file__).resolve().parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def template_mode(name: str) -> str:
    """How a template's output is escaped, from its file name: html, md or none."""
    lowered = name.lower().removesuffix(".j2").removesuffix(".jinja")
    if lowered.endswith((".html", ".htm")):
        return "html"
    if lowered.endswith((".md", ".markdown")):
        return "md"
    return "none"


_ENVIRONMENTS: dict[tuple[str, str, bool], jinja2.Environment] = {}
_DICT_ATTRIBUTES = frozenset(dir(dict))


@functools.cache
def _environment_class() -> type[jinja2.Environment]:
    import jinja2

    class ReportEnvironment(jinja2.Environment):
        """Finds ``x.key`` in the context's plain dicts without a failed getattr first.

        Jinja tries the attribute before the item, and a failed getattr raises (and catches)
        an exception: that was a fifth of the rendering time. For a plain dict the answer is
        the same whenever ``key`` is not one of dict's own attributes, so only then is the
        item taken at once.
        """

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    return ReportEnvironment


@functools.cache
def _sandboxed_class() -> type[jinja2.Environment]:
    """Jinja2's immutable sandbox, for a template from a user: it may read the context (plain
    data) and call the filters, but reach no Python internals (no ``__globals__``, no
    ``__subclasses__``), start no program, open no file and change nothing it is given."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class SandboxedReportEnvironment(ImmutableSandboxedEnvironment):
        """The same quick item lookup as ReportEnvironment: a plain dict's item is data."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    return SandboxedReportEnvironment


_HTML_SOURCE = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|div|p|table|tr|td|span|h[1-6]|ul|ol|li|a|br|"
    r"section|article|main|style|script|meta|title)\b",
    re.IGNORECASE,
)


def user_template_mode(template: Path, fmt: str) -> str:
    """How a user's template is escaped: by its name, else HTML whenever it writes HTML.

    A template called ``verslag.txt.j2`` that writes ``<html>`` (or one used with
    ``--format html``) still gets HTML escaping: the name is the template author's choice,
    the escaping is not.
    """
    mode = template_mode(template.name)
    if mode != "none":
        return mode
    if fmt == "html":
        return "html"
    try:
        source = template.read_text("utf-8", errors="replace")
    except OSError:
        return mode  # reading it again below gives the message
    return "html" if _HTML_SOURCE.search(source) else mode


def _bytecode_cache(
    settings: dict[str, Any], sandboxed: bool = False
) -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs: compiling verslag.md.j2 took longer than the rest
    of ``kwaliteit report`` together.

    Jinja's own file cache, in its private folder for this user (it checks that the folder is
    the user's own and closed to others, as what it holds is run as code). A template is
    compiled again when its text changes (a checksum), and the file names carry the Jinja
    version and the settings that shape the compiled code, so no other version or setting
    ever loads it. A cache that cannot be used is no cache: rendering never fails for it.
    Set KWALITEIT_NO_TEMPLATE_CACHE=1 to switch it off.
    """
    if os.environ.get("KWALITEIT_NO_TEMPLATE_CACHE"):
        return None
    import hashlib

    import jinja2

    shape = repr(sorted((k, getattr(v, "__qualname__", v)) for k, v in settings.items()))
    if sandboxed:  # a sandbox compiles calls differently: never the same cache files
        shape += " sandboxed"
    tag = hashlib.sha256(f"{jinja2.__version__} {shape}".encode()).hexdigest()[:16]
    try:
        return _quiet_cache_class()(pattern=f"__kwaliteit_{tag}_%s.cache")
    except (OSError, RuntimeError):  # no safe folder for it
        return None


@functools.cache
def _quiet_cache_class() -> type[jinja2.FileSystemBytecodeCache]:
    import jinja2

    class QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
        """A cache file that cannot be read or written is simply not used."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    return QuietBytecodeCache


def _environment(folder: Path, mode: str, sandboxed: bool = False) -> jinja2.Environment:
    """One environment per folder and escaping mode, so each template compiles once.

    ``sandboxed`` for a user's template (see ``_sandboxed_class``); the tool's own templates
    are trusted code and run without the sandbox's checks.
    """
    import jinja2

    key = (str(folder), mode, sandboxed)
    if key not in _ENVIRONMENTS:
        finalize: Callable[[object], object] | None = None
        if mode == "md":
            finalize = md_finalize
        elif mode == "html":
            finalize = html_finalize
        settings: dict[str, Any] = {
            "undefined": jinja2.StrictUndefined,
            # In md mode autoescape only makes macros return Markup; the escaping itself is
            # done by md_finalize, which returns Markup so that HTML escaping never applies.
            "autoescape": mode in ("html", "md"),
            "finalize": finalize,
            "trim_blocks": True,
            "lstrip_blocks": True,
            "keep_trailing_newline": True,
        }
        env = (_sandboxed_class() if sandboxed else _environment_class())(
            loader=jinja2.FileSystemLoader(str(folder)),
            # Templates do not change during a run: no stat of the file at every render.
            auto_reload=False,
            bytecode_cache=_bytecode_cache(settings, sandboxed),
            **settings,
        )
        env.filters["md"] = md_text
        env.filters["md_cell"] = md_cell
        env.filters["lines"] = text_lines
        _ENVIRONMENTS[key] = env
    return _ENVIRONMENTS[key]


def render_json(context: dict[str, Any]) -> str:
    """The context as JSON, every control character escaped (see text.json_text)."""
    return json_text(context) + "\n"


def render_report(context: dict[str, Any], fmt: str = "md", template: Path | None = None) -> str:
    """Render the context as minutes; ``template`` is a user's own Jinja2 file."""
    if template is None and fmt == "json":
        return render_json(context)
    import jinja2

    if template is None:
        env = _environment(templates_dir(), fmt)
        text = env.get_template(f"verslag.{fmt}.j2").render(context)
        if fmt == "md":
            # Typed text never holds a blank line (see text_lines), so this only tidies the
            # template's own spacing: one blank line between blocks, one newline at the end.
            text = re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
        return text
    from jinja2.exceptions import SecurityError

    try:
        env = _environment(template.resolve().parent, user_template_mode(template, fmt), True)
        return env.get_template(template.name).render(context)
    except SecurityError as error:
        raise _not_allowed(template, str(error)) from None
    except jinja2.TemplateSyntaxError as error:
        raise TemplateFileError(
            template,
            f"{error.message} (regel {error.lineno})",
            hint="Zie docs/verslag.md voor de opbouw van een sjabloon.",
        ) from None
    except jinja2.UndefinedError as error:
        if "unsafe" in (error.message or ""):
            raise _not_allowed(template, error.message or "") from None
        raise TemplateFileError(
            template,
            f"gebruikt iets wat het verslag niet kent: {error.message}",
            hint="Zie docs/verslag.md voor alle namen die een sjabloon kan gebruiken.",
        ) from None
    except jinja2.TemplateError as error:
        raise TemplateFileError(template, str(error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise TemplateFileError(
            template, f"kan niet gelezen worden ({error})", hint="Controleer het bestand."
        ) from None


def _not_allowed(template: Path, detail: str) -> TemplateFileError:
    return TemplateFileError(
        template,
        f"probeert iets wat een sjabloon niet mag ({detail})",
        hint="Een sjabloon kan alleen de gegevens van het verslag gebruiken (zie "
        "docs/verslag.md): het kan geen programma's starten, geen bestanden lezen of "
        "schrijven en niets veranderen. Gebruik alleen sjablonen die je vertrouwt.",
    )


class ReportRenderer:
    """Renders one session's report. Plain data, so it can be handed to worker processes.

    (A plain class: a frozen dataclass costs a millisecond to define at every start.)
    """

    __slots__ = ("fmt", "options", "template")

    def __init__(
        self, fmt: str = "md", options: ReportOptions | None = None, template: Path | None = None
    ) -> None:
        self.fmt = fmt
        self.options = options or ReportOptions()
        self.template = template

    def __repr__(self) -> str:
        return f"ReportRenderer({self.fmt!r}, {self.options!r}, {self.template!r})"

    def __call__(self, session: Session, instrument: Instrument) -> str:
        context = build_context(session, instrument, self.options)
        return render_report(context, self.fmt, self.template)

    def file_title(self, session: Session) -> str:
        """The title a report's file name is made from: anonymous under --anoniem."""
        if not self.options.anonymous:
            return session.meeting.title
        from kwaliteit_cli.verslag.anonymise import anonymiser_for

        names = anonymiser_for(session, active=True, neutral=self.options.neutral)
        return names.scrub(session.meeting.title)

    def warm(self) -> None:
        """Compile the template now, so that worker processes forked after this share it.

        A template that does not compile is left alone: each session reports it as before.
        """
        if self.template is None and self.fmt == "json":
            return
        try:
            if self.template is None:
                _environment(templates_dir(), self.fmt).get_template(f"verslag.{self.fmt}.j2")
            else:
                folder = self.template.resolve().parent
                mode = user_template_mode(self.template, self.fmt)
                _environment(folder, mode, True).get_template(self.template.name)
        except Exception:  # the same error is reported for each session
            pass


def template_chunks(name: str, context: dict[str, Any], *, html: bool) -> Iterator[str]:
    """Render one of the tool's own templates (the overview) in pieces, with the same filters."""
    env = _environment(templates_dir(), "html" if html else "md")
    yield from env.get_template(name).generate(context)
