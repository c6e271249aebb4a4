"""The verslag as a Word document (``kwaliteit report -f docx``), made from the plain context.

Works from the same dict as the templates (``build_context``), so what it shows and how names
are hidden (``--anoniem``) is decided in one place. python-docx is imported only here, and
this module only when a .docx is asked for, so ``kwaliteit --help`` stays light.

The document: real Word headings (Kop 1, 2, 3) and tables, the joint question directly under
the title, "In het kort" before the facts and the course of the conversation, A4, and page
numbers as PAGE/NUMPAGES fields in the footer. With a house style (``--huisstijl REF.docx``)
the partnership's own document is the base: its styles, page set-up, header and logo stay,
its body is cleared, and page numbers are added to its footer when it has none.

The bytes are reproducible: the zip entries carry a fixed time and the document's own dates
come from the session, so a golden file can be kept for each example.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kwaliteit_cli.errors import TemplateFileError
from kwaliteit_cli.verslag.text import text_lines

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

# Characters XML 1.0 cannot hold (text_lines already replaces the control characters).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _clean(value: object) -> list[str]:
    return [_NOT_XML.sub("\ufffd", line) for line in text_lines(value)]


def _one_line(value: object) -> str:
    return " ".join(_clean(value))


def render_docx(context: dict[str, Any], huisstijl: Path | None = None) -> bytes:
    """The verslag as the bytes of a .docx file."""
    writer = _Writer(context, huisstijl)
    writer.write()
    return writer.save()


class _Writer:
    def __init__(self, context: dict[str, Any], huisstijl: Path | None) -> None:
        import docx

        self.c = context
        if huisstijl is None:
            self.doc: Document = docx.Document()
            self._a4()
        else:
            self.doc = _open_house_style(huisstijl)
        self._page_numbers()

    # --- page set-up -----------------------------------------------------------------------

    def _a4(self) -> None:
        from docx.shared import Mm

        for section in self.doc.sections:
            section.page_width = Mm(210)
            section.page_height = Mm(297)
            section.left_margin = section.right_margin = Mm(20)
            section.top_margin = Mm(18)
            section.bottom_margin = Mm(18)

    def _page_numbers(self) -> None:
        """'pagina X van Y' in the footer, unless the footer already counts pages."""
        for section in self.doc.sections:
            footer = section.footer
            xml = footer._element.xml
            if "PAGE" in xml and ("fldSimple" in xml or "instrText" in xml):
                continue
            paragraph = (
                footer.add_paragraph() if footer.paragraphs[0].text else footer.paragraphs[0]
            )
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run("pagina ")
            _field(paragraph, "PAGE", "1")
            paragraph.add_run(" van ")
            _field(paragraph, "NUMPAGES", "1")

    # --- building blocks -------------------------------------------------------------------

    def heading(self, text: str, level: int) -> Paragraph:
        paragraph: Paragraph = self.doc.add_heading(_one_line(text), level)
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def para(
        self, value: object = "", *, bold: bool = False, italic: bool = False, style: str = ""
    ) -> Paragraph:
        paragraph = (
            self.doc.add_paragraph(style=style or None) if style else self.doc.add_paragraph()
        )
        self.text(paragraph, value, bold=bold, italic=italic)
        return paragraph

    def text(
        self, paragraph: Paragraph, value: object, *, bold: bool = False, italic: bool = False
    ) -> None:
        """Typed text as runs, its line breaks kept."""
        for i, line in enumerate(_clean(value)):
            run = paragraph.add_run(line)
            run.bold = bold or None
            run.italic = italic or None
            if i:
                run._element.addprevious(_break())

    def label(self, paragraph: Paragraph, label: str, value: object) -> None:
        paragraph.add_run(label + ": ").bold = True
        self.text(paragraph, value)

    def bullet(self, value: object, label: str = "") -> Paragraph:
        paragraph = self.doc.add_paragraph(style=_style(self.doc, "List Bullet"))
        if label:
            paragraph.add_run(label + " ").bold = True
        self.text(paragraph, value)
        return paragraph

    def table(self, header: list[str], rows: list[list[str]]) -> Table:
        table: Table = self.doc.add_table(rows=1, cols=len(header))
        style = _style(self.doc, "Table Grid")
        if style:
            table.style = style
        for cell, title in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(title).bold = True
        _repeat_header(table)
        for values in rows:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]
            for cell, value in zip(cells, values, strict=True):
                self.text(cell.paragraphs[0], value or "–")
        return table

    # --- the verslag -------------------------------------------------------------------------

    def write(self) -> None:
        c = self.c
        self.doc.core_properties.title = _one_line(f"Verslag: {c['title']}")
        self.heading(f"Verslag: {c['title']}", 0)
        self._status()
        self._joint_question()
        if not c.get("completed", True):
            paragraph = self.doc.add_paragraph()
            paragraph.add_run("Dit gesprek is nog niet afgerond. ").bold = True
            where = c.get("stopped_at", "")
            self.text(
                paragraph,
                f"Het is gestopt {where}. Dit verslag bevat wat tot dan toe is vastgelegd."
                if where
                else "Dit verslag bevat wat tot dan toe is vastgelegd.",
            )
        self._summary()
        self._facts()
        self._follow_up()
        if not c.get("short", False):
            self._course()
        self._corrections()

    def _status(self) -> None:
        approval = self.c.get("approval")
        if not approval:
            return
        paragraph = self.doc.add_paragraph()
        if approval.get("approved"):
            by = approval.get("by", "")
            when = approval.get("date_text", "")
            line = "Vastgesteld" + (f" op {when}" if when else "") + (f" door {by}" if by else "")
            paragraph.add_run(line + ".").bold = True
        else:
            paragraph.add_run("Concept").bold = True
            paragraph.add_run(": dit verslag is nog niet vastgesteld.")

    def _joint_question(self) -> None:
        question = self.c["joint_question"]
        self.heading("Gezamenlijke vraag", 1)
        if question["text"]:
            self.para(question["text"], bold=True)
        else:
            self.para("Er is nog geen gezamenlijke vraag vastgelegd.", italic=True)
        history = question.get("history") or []
        if history:
            intro = "Eerdere versie:" if len(history) == 1 else "Eerdere versies:"
            self.para(f"Aangescherpt in ronde {question['round']}. {intro}")
            for version in history:
                moment = "Check-in" if version["round"] == 0 else f"Ronde {version['round']}"
                self.bullet(version["text"], moment + ":")

    def _summary(self) -> None:
        c = self.c
        self.heading("In het kort", 1)
        self.heading("Antwoord van de groep", 2)
        if c.get("joint_answer"):
            self.para(c["joint_answer"])
        else:
            self.para("Er is (nog) geen antwoord op de gezamenlijke vraag vastgelegd.", italic=True)
        decisions = c.get("decisions") or []
        if decisions:
            self.heading("Besluiten", 2)
            for number, decision in enumerate(decisions, 1):
                self.bullet(decision["text"], f"{number}.")
        self.heading("Afspraken", 2)
        agreements = c.get("agreements") or []
        if agreements:
            self.table(
                ["Nr", "Wat", "Wie", "Uiterlijk", "Status"],
                [
                    [
                        str(item.get("number", i)),
                        item["what"],
                        item["who"],
                        item["due_text"],
                        item.get("status_text", ""),
                    ]
                    for i, item in enumerate(agreements, 1)
                ],
            )
        else:
            self.para("Er zijn geen afspraken gemaakt.", italic=True)
        missing = c.get("missing_data") or []
        if missing:
            self.heading("Data die nog ontbreekt", 2)
            for item in missing:
                paragraph = self.bullet(item["text"])
                if item.get("agreement"):
                    paragraph.add_run(f" (afspraak {item['agreement']})").italic = True
        meeting = c.get("next_meeting")
        if meeting:
            self.heading("Volgende bijeenkomst", 2)
            if meeting.get("date_text"):
                self.label(self.doc.add_paragraph(), "Datum", meeting["date_text"])
            if meeting.get("place"):
                self.label(self.doc.add_paragraph(), "Plaats", meeting["place"])
            if meeting.get("bring"):
                self.label(self.doc.add_paragraph(), "Meenemen", meeting["bring"])

    def _facts(self) -> None:
        c = self.c
        self.heading("Gegevens", 1)
        rows: list[list[str]] = []
        if c.get("date_text"):
            rows.append(["Datum", f"{c['weekday']} {c['date_text']}".strip()])
        if c.get("start_time"):
            when = (
                f"{c['start_time']}–{c['end_time']}"
                if c.get("end_time")
                else f"vanaf {c['start_time']}"
            )
            if c.get("duration_text"):
                when += f" ({c['duration_text']})"
            rows.append(["Tijd", when])
        if c.get("partnership"):
            rows.append(["Partnerschap of school", c["partnership"]])
        if c.get("place"):
            rows.append(["Plaats", c["place"]])
        facilitator = c.get("facilitator")
        if facilitator:
            kind = "extern" if facilitator["external"] else "uit het eigen partnerschap"
            rows.append(
                ["Procesbegeleider", kind if c["anonymous"] else f"{facilitator['label']} ({kind})"]
            )
        if c.get("minute_taker"):
            taker = c["minute_taker"]
            if c.get("minute_taker_is_facilitator"):
                taker = (
                    "de procesbegeleider" if c["anonymous"] else f"{taker} (de procesbegeleider)"
                )
            rows.append(["Verslaglegger", taker])
        absent = c.get("absent") or []
        if absent:
            rows.append(["Afgemeld", ", ".join(_who(p, c["anonymous"]) for p in absent)])
        distribution = c.get("distribution") or []
        if distribution:
            rows.append(["Verspreiding", ", ".join(distribution)])
        if rows:
            self.table(["Gegeven", "Waarde"], rows)
        if c.get("anonymous"):
            self.para(
                "Dit is een anoniem verslag: deelnemers staan erin met hun rol, niet met hun naam.",
                italic=True,
            )
        participants = c.get("participants") or []
        if participants:
            self.heading("Aanwezig", 2)
            if c.get("anonymous"):
                for person in participants:
                    self.bullet(person["label"])
            else:
                self.table(["Rol", "Naam"], [[p["role"] or "–", p["label"]] for p in participants])
        data = c.get("data") or []
        if data:
            self.heading("Besproken data", 2)
            for item in data:
                extra = []
                if item.get("source"):
                    extra.append(f"bron: {_one_line(item['source'])}")
                if item.get("period"):
                    extra.append(f"periode: {_one_line(item['period'])}")
                self.bullet(_one_line(item["what"]) + (f" ({'; '.join(extra)})" if extra else ""))

    def _follow_up(self) -> None:
        follow_up = self.c.get("follow_up")
        if not follow_up:
            return
        self.heading("Terugblik op het vorige gesprek", 1)
        title = follow_up.get("title") or follow_up.get("file", "")
        line = f"Dit gesprek is een vervolg op {_one_line(title)}"
        if follow_up.get("date_text"):
            line += f" van {follow_up['date_text']}"
        self.para(line + ".")
        if follow_up.get("joint_question"):
            self.para(f"De gezamenlijke vraag was toen: {_one_line(follow_up['joint_question'])}")
        approved = follow_up.get("approval_text")
        if approved:
            self.para(approved)
        items = follow_up.get("agreements") or []
        if items:
            self.table(
                ["Afspraak", "Wie", "Wanneer", "Wat is ervan gekomen?"],
                [
                    [
                        a["what"],
                        a["who"],
                        a["due_text"],
                        a["status_text"] + (f": {_one_line(a['note'])}" if a.get("note") else ""),
                    ]
                    for a in items
                ],
            )
        else:
            note = follow_up.get("note", "")
            self.para(
                "Dat gesprek eindigde zonder afspraken." + (f" Sindsdien: {note}" if note else "")
            )

    def _course(self) -> None:
        c = self.c
        self.heading("Verloop", 1)
        if c.get("check_in"):
            self.heading("Check-in", 2)
            self._blocks(c["check_in"])
        if c.get("rounds"):
            self.heading("Proces-check", 2)
            for round_ in c["rounds"]:
                self.heading(f"Ronde {round_['number']}", 3)
                self._blocks(round_["blocks"])
                decision = round_.get("decision")
                if decision:
                    paragraph = self.doc.add_paragraph()
                    paragraph.add_run("Procescheck. ").bold = True
                    paragraph.add_run(decision["question"] + " ")
                    paragraph.add_run(decision["verdict"].capitalize() + ".").bold = True
                    if decision.get("reason"):
                        paragraph.add_run(" ")
                        self.text(paragraph, decision["reason"])
                    if round_.get("sharpened"):
                        self.bullet(round_["sharpened"], "Aangescherpte vraag:")
                    if decision.get("missing_data"):
                        self.bullet(decision["missing_data"], "Ontbrekende data:")
        if c.get("check_out"):
            self.heading("Check-out", 2)
            self._blocks(c["check_out"])
        phases = [p for p in c.get("phases", []) if p["started"]]
        if phases:
            self.heading("Tijd per fase", 2)
            self.table(
                ["Fase", "Gepland", "Werkelijk"],
                [
                    [
                        p["title"],
                        p["planned_text"] or "–",
                        p["actual_text"] if p["ended"] else "niet afgerond",
                    ]
                    for p in phases
                ],
            )

    def _blocks(self, blocks: list[dict[str, Any]]) -> None:
        for block in blocks:
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.keep_with_next = True
            # The method's convention: aloud questions bold, silent ones not.
            paragraph.add_run(_one_line(block["text"])).bold = block["aloud"] or None
            mode = "hardop" if block["aloud"] else "in stilte"
            paragraph.add_run(f" ({block['addressee']}, {mode})").italic = True
            if block["silent"]:
                if block["notes"]:
                    self.para("In stilte gesteld. Vastgelegde notitie:", italic=True)
                    for note in block["notes"]:
                        self.bullet(note)
                else:
                    self.para("In stilte gesteld; er is niets vastgelegd.", italic=True)
                continue
            answers = block["answers"]
            for answer in answers:
                paragraph = (
                    self.doc.add_paragraph()
                    if len(answers) == 1 and not answer["who"]
                    else self.doc.add_paragraph(style=_style(self.doc, "List Bullet"))
                )
                if answer["who"]:
                    who = answer["who"]
                    if answer.get("role") and not self.c["anonymous"]:
                        who += f" ({answer['role']})"
                    paragraph.add_run(_one_line(who) + ": ").bold = True
                if answer["passed"]:
                    paragraph.add_run("(past)").italic = True
                elif answer["choice"] or answer["text"]:
                    if answer["choice"]:
                        paragraph.add_run(_one_line(answer["choice"])).bold = True
                        if answer["text"]:
                            paragraph.add_run(" – ")
                    self.text(paragraph, answer["text"])
                else:
                    paragraph.add_run("(geen antwoord)").italic = True

    def _corrections(self) -> None:
        corrections = self.c.get("corrections") or []
        if not corrections:
            return
        self.heading("Na het gesprek aangepast", 2)
        for item in corrections:
            self.bullet(item["what"], item["date_text"] + ":")

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> bytes:
        props = self.doc.core_properties
        # No name of a person in the file's own properties (a house-style document's author
        # would otherwise travel along; an anonymous verslag must not carry one either).
        props.author = "kwaliteit"
        props.last_modified_by = "kwaliteit"
        props.comments = ""
        props.keywords = ""
        props.subject = ""
        props.revision = 1
        moment = _moment(self.c)
        props.created = moment
        props.modified = moment
        props.last_printed = moment
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _fixed_zip(buffer.getvalue())


def _who(person: dict[str, Any], anonymous: bool) -> str:
    if anonymous or not person.get("role"):
        return str(person["label"])
    return f"{person['label']} ({person['role']})"


def _moment(context: dict[str, Any]) -> dt.datetime:
    for key in ("completed_at", "updated_at", "created_at"):
        value = context.get(key)
        if value:
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                continue
            return moment.astimezone(dt.UTC).replace(tzinfo=None)
    return dt.datetime(2000, 1, 1)


def _style(doc: Document, name: str) -> str | None:
    """The style's name when the document has it (a house style may not)."""
    try:
        doc.styles[name]
    except KeyError:
        return None
    return name


def _break() -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES): Word fills in the number when it lays out the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        run = OxmlElement("w:r")
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        return run

    paragraph._p.append(char("begin"))
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    paragraph._p.append(run)
    paragraph._p.append(char("separate"))
    paragraph.add_run(shown)
    paragraph._p.append(char("end"))


def _repeat_header(table: Table) -> None:
    """The first row is repeated at the top of each page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _open_house_style(path: Path) -> Document:
    """A partnership's own document as the base: its styles, header and logo; its body empty."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateFileError(
            path,
            f"is geen Word-document dat kwaliteit kan lezen ({error})",
            hint="Geef een .docx-bestand op, bijvoorbeeld een leeg verslag in jullie huisstijl.",
        ) from None
    except OSError as error:
        raise TemplateFileError(
            path, f"kan niet gelezen worden ({error})", hint="Controleer het bestand."
        ) from None
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue  # the page set-up, and with it the header and footer
        body.remove(child)
    return document


def _fixed_zip(data: bytes) -> bytes:
    """The same document gives the same bytes: every zip entry gets one fixed time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
