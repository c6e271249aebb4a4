"""Baseline: import typer, read a session with tomllib, render a Jinja2 template to stdout."""

import sys
import tomllib

import jinja2
import typer  # noqa: F401  (the CLI framework is part of the floor)

TEMPLATE = """# {{ meeting.title }}
> {{ joint_question[-1].text }}
{% for a in answers %}- {{ a.get("text", "") }}
{% endfor %}"""

with open(sys.argv[1], "rb") as handle:
    data = tomllib.load(handle)
sys.stdout.write(jinja2.Environment(autoescape=False).from_string(TEMPLATE).render(data))
