"""Baseline: the bare loop a batch of reports stands on, in one process.

    python bench/baseline_batch.py SESSIONS_FOLDER OUTPUT_FOLDER [--tomli]

For every ``*.toml`` in the folder (sorted): read it with tomllib, render one Jinja2 template
compiled once (autoescaped HTML over the raw TOML data: the meeting, the participants, the
joint question, every answer with its author's name, the decisions and the agreements), and
write the result with a plain ``open().write()``. No validation, no context building, no
atomic writes, no error messages: the floor that the libraries set. It prints the number of
reports and their mean size in bytes, so the bench can show the two outputs are alike in size.

With ``--tomli`` it reads with tomli, the compiled TOML reader kwaliteit itself uses: not the
floor the issue sets (that is the standard library), but the fairest view of what kwaliteit
adds on top of reading.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Callable
from typing import Any, BinaryIO

import jinja2

TEMPLATE = """<!DOCTYPE html>
<html lang="nl">
<head><meta charset="utf-8"><title>Verslag: {{ meeting.title }}</title>
<style>
body { font-family: sans-serif; margin: 2rem; color: #1c2530; }
.vraag { font-weight: 600; } .wie { font-weight: 600; } .leeg { color: #5a6572; }
table { border-collapse: collapse; } td, th { padding: .3rem .6rem; border-bottom: 1px solid #ddd; }
</style></head>
<body><article>
<h1>{{ meeting.title }}</h1>
<section><h2>Gezamenlijke vraag</h2>
<p class="vraag">{{ joint_question[-1].text if joint_question else "" }}</p>
<ol>{% for v in joint_question %}<li>Ronde {{ v.round }}: {{ v.text }}</li>{% endfor %}</ol>
</section>
<section><h2>Gegevens</h2><dl>
<div><dt>Datum</dt><dd>{{ meeting.date }}</dd></div>
<div><dt>Partnerschap</dt><dd>{{ meeting.partnership }}</dd></div>
<div><dt>Plaats</dt><dd>{{ meeting.place }}</dd></div>
<div><dt>Procesbegeleider</dt><dd>{{ meeting.get("facilitator", "") }}</dd></div>
</dl>
<table><thead><tr><th>Rol</th><th>Naam</th></tr></thead><tbody>
{% for p in participants %}<tr><td>{{ p.role }}</td><td>{{ p.name }}</td></tr>
{% endfor %}</tbody></table>
<ul>{% for d in data %}
<li>{{ d.what }} ({{ d.get("source", "") }}; {{ d.get("period", "") }})</li>
{% endfor %}</ul>
</section>
{% set names = {} %}
{% for p in participants %}{% set _ = names.update({p.id: p.name}) %}{% endfor %}
<section><h2>Gesprek</h2>
{% for a in answers %}
<div class="blok"><p class="vraag">{{ a.phase }} {{ a.get("round", 0) }} · {{ a.question }}</p>
{% if a.get("silent") %}<p class="leeg">In stilte gesteld.</p>
{% else %}<p><span class="wie">{{ names.get(a.get("participant", ""), "groep") }}</span>
{% if a.get("passed") %}<span class="leeg">(past)</span>{% endif %}
{{ a.get("choice", "") }} {{ a.get("text", "") }}</p>{% endif %}
</div>
{% endfor %}
{% for d in decisions %}<div class="procescheck">
<p>Ronde {{ d.round }}: {{ "ja" if d.answerable else "nog niet" }}</p>
<p>{{ d.get("reason", "") }}</p><p>{{ d.get("missing_data", "") }}</p></div>
{% endfor %}
</section>
<section><h2>Afspraken</h2><table><tbody>
{% for a in agreements %}<tr><td>{{ a.what }}</td>
<td>{{ names.get(a.get("owner", ""), a.get("owner_name", "de groep")) }}</td>
<td>{{ a.get("due", a.get("due_text", "")) }}</td></tr>
{% endfor %}</tbody></table></section>
</article></body></html>
"""


def main(argv: list[str]) -> int:
    load: Callable[[BinaryIO], dict[str, Any]] = tomllib.load
    if "--tomli" in argv:
        import tomli

        load = tomli.load
        argv = [arg for arg in argv if arg != "--tomli"]
    source, target = argv
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    os.makedirs(target, exist_ok=True)
    count = size = 0
    for name in sorted(os.listdir(source)):
        if not name.endswith(".toml"):
            continue
        with open(os.path.join(source, name), "rb") as handle:
            data = load(handle)
        text = template.render(data)
        with open(os.path.join(target, name[:-5] + ".html"), "w", encoding="utf-8") as handle:
            handle.write(text)
        count += 1
        size += len(text.encode("utf-8"))
    print(f"{count} {size // max(1, count)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
