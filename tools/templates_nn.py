"""The nynorsk Word templates (issue 11): the bokmål templates with every fixed word in
nynorsk. Generated words (level names, dates, amounts, saksgang headings) come from the
context in the plan's målform; only the templates' own text is translated here.

Run through ``tools/make_templates.py``; writes ``templates/nn/plan.docx``,
``templates/nn/saksframlegg.docx`` and the follow-up templates (``handlingsplan.docx``,
``arsrapport.docx``, ``oppfolging-saksframlegg.docx``, with the words of ``FOLLOWUP_NYNORSK``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from docx.oxml.ns import qn

from workflow.text.words import FOLLOWUP_NYNORSK, NYNORSK

if TYPE_CHECKING:
    from docx.document import Document

_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(NYNORSK, key=len, reverse=True)))
FOLLOWUP = {**NYNORSK, **FOLLOWUP_NYNORSK}
_FOLLOWUP_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(FOLLOWUP, key=len, reverse=True)))


def translate(text: str, followup: bool = False) -> str:
    """Bokmål template text → nynorsk; Jinja tags are left alone. ``followup``: with the
    follow-up documents' words too."""
    table, pattern = (FOLLOWUP, _FOLLOWUP_PATTERN) if followup else (NYNORSK, _PATTERN)
    parts = re.split(r"(\{[{%].*?[}%]\})", text)
    return "".join(
        p if p.startswith("{") and p.endswith("}") else pattern.sub(lambda m: table[m.group(0)], p) for p in parts
    )


def to_nynorsk(doc: Document, followup: bool = False) -> None:
    """Translate every text node of the document body, headers and footers in place."""
    parts = [doc.element]
    for section in doc.sections:
        for part in (section.header, section.footer):
            parts.append(part._element)  # noqa: SLF001 - python-docx has no public element
    for root in parts:
        for node in root.iter(qn("w:t")):
            if node.text:
                node.text = translate(node.text, followup)


def write_nynorsk(
    out: Path,
    builders: dict[str, Callable[[], Document]],
    save: Callable[[Document, Path], None],
    followup: bool = False,
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, build in builders.items():
        doc = build()
        to_nynorsk(doc, followup)
        save(doc, out / name)
        print(f"skrev {out / name}")
