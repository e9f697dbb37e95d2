"""The stage history told as text, Markdown, JSON and a CHANGELOG.md. Pure: tags in, text out."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

from workflow.plan.processmodel import Process, Proposal
from workflow.process.tags import OUTCOME_WORDS, StageTag
from workflow.text.markdown import md_escape
from workflow.text.norwegian import format_short_date

CHANGELOG_MARKER = "<!-- laget av «plan changelog» fra behandlingstaggene; endringer her blir skrevet over -->"


def _names(process: Process | None) -> dict[str, str]:
    """Each step's name as a treatment («Kommunestyret (2. gangs behandling)»)."""
    return {b.id: b.label() for b in process.bodies} if process else {}


def entry(tag: StageTag, process: Process | None = None) -> dict:
    """One stage tag as plain data (the JSON form of ``plan log``)."""
    out: dict = {"tag": tag.name, "commit": tag.commit, "dato": tag.date.isoformat()}
    if tag.starts_round:
        out.update(organ="revisjon", navn="Ny behandlingsrunde", utfall="revisjon")
        if tag.reason:
            out["begrunnelse"] = tag.reason
        return out
    if tag.error:
        out.update(organ=tag.stage, feil=tag.error)
        return out
    t = tag.treatment
    assert t is not None  # neither a round tag nor unreadable
    out.update(organ=t.stage, navn=_names(process).get(t.stage, t.stage))
    out.update(t.model_dump(by_alias=True, mode="json", exclude_none=True, exclude={"stage", "date"}))
    if not out.get("forslag"):
        out.pop("forslag", None)
    else:
        out["forslag"] = [{k: v for k, v in p.items() if v is not None} for p in out["forslag"]]
    return out


def _votes(p: dict) -> str | None:
    """A proposal's vote in words: ``stemmer``, else its result and counts (issue 24)."""
    return Proposal.model_validate(p).vote_words()


def _title(e: dict, esc: Callable[[str], str] = str) -> str:
    """The entry's heading; ``esc`` makes each value from the tag literal (Markdown)."""
    if e.get("utfall") == "revisjon":
        return f"{norwegian_date_iso(e['dato'])} – ny behandlingsrunde"
    if "feil" in e:
        return f"{norwegian_date_iso(e['dato'])} – {esc(e['organ'])}: kan ikke leses"
    outcome = OUTCOME_WORDS.get(e["utfall"], e["utfall"])
    line = f"{norwegian_date_iso(e['dato'])} – {esc(e['navn'])}: {esc(outcome)}"
    numbers = [esc(e[k]) for k in ("sak", "arkivsak") if e.get(k)]
    if e.get("arkivsak"):
        numbers[-1] = f"arkivsak {esc(e['arkivsak'])}"
    if numbers:
        line += f" ({', '.join(numbers)})"
    return line


def _md_plain(text: object) -> str:
    """A value from a tag or the plan (a name, a case number) as literal Markdown text."""
    return md_escape(" ".join(str(text).split()))


_HTML_START = re.compile(r"<|&(?=#?\w+;)")


def _md_text(text: str) -> str:
    """A decision or proposal, which may use the Markdown subset (``**bold**``): its
    Markdown is kept, but raw HTML and entities are escaped, as text."""
    return _HTML_START.sub(lambda m: "\\" + m.group(), text)


def norwegian_date_iso(iso: str) -> str:
    return format_short_date(dt.date.fromisoformat(iso))


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else line.rstrip() for line in text.splitlines())


def as_text(tags: list[StageTag], process: Process | None = None) -> str:
    if not tags:
        return "Ingen behandlinger er registrert ennå (se «plan advance --help»).\n"
    blocks = []
    for tag in tags:
        e = entry(tag, process)
        lines = [f"{_title(e)}", f"    tag {e['tag']} (commit {e['commit'][:10]})"]
        if e.get("feil"):
            lines.append(f"    feil: {e['feil']}")
        if e.get("begrunnelse"):
            lines.append(f"    begrunnelse: {e['begrunnelse']}")
        if e.get("høringsfrist"):
            lines.append(f"    høringsfrist: {norwegian_date_iso(e['høringsfrist'])}")
        for p in e.get("forslag", ()):
            by = f" ({p['fremmet_av']})" if p.get("fremmet_av") else ""
            votes = f": {_votes(p)}" if _votes(p) else ""
            lines.append(f"    forslag{by}{votes}")
            lines.append(_indent(p["tekst"], "      "))
        if e.get("votering"):
            lines.append(f"    votering: {e['votering']}")
        if e.get("vedtak"):
            lines.append("    vedtak:")
            lines.append(_indent(e["vedtak"], "      "))
        if e.get("innstilling"):
            lines.append("    innstilling:")
            lines.append(_indent(e["innstilling"], "      "))
        if e.get("endret_i_møtet"):
            lines.append("    saken ble endret i møtet")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _markdown_entry(e: dict, level: str) -> str:
    """One entry in Markdown; names and other values from the tag are escaped (a body named
    ``<script>`` stays text), decisions keep their Markdown but not raw HTML."""
    tag = e["tag"].replace("`", "")
    parts = [f"{level} {_title(e, _md_plain)}", "", f"Tag `{tag}`, commit `{e['commit'][:10]}`."]
    if e.get("feil"):
        parts += ["", f"Meldingen kan ikke leses: {_md_plain(e['feil'])}"]
    if e.get("begrunnelse"):
        parts += ["", _md_text(e["begrunnelse"])]
    if e.get("høringsfrist"):
        parts += ["", f"Høringsfrist: {norwegian_date_iso(e['høringsfrist'])}."]
    if e.get("forslag"):
        parts += ["", "**Forslag:**", ""]
        for p in e["forslag"]:
            by = f" (fremmet av {_md_plain(p['fremmet_av'])})" if p.get("fremmet_av") else ""
            vote = _votes(p)
            votes = f" – {_md_plain(vote)}" if vote else ""
            text = _md_text(p["tekst"].strip()).replace("\n", "\n  ")
            parts.append(f"- {text}{by}{votes}")
    if e.get("votering"):
        parts += ["", f"**Votering:** {_md_text(e['votering'])}"]
    if e.get("vedtak"):
        parts += ["", "**Vedtak:**", "", _md_text(e["vedtak"].strip())]
    if e.get("innstilling"):
        parts += ["", "**Innstilling:**", "", _md_text(e["innstilling"].strip())]
    if e.get("endret_i_møtet"):
        parts += ["", "Saken ble endret i møtet."]
    return "\n".join(parts)


def as_markdown(tags: list[StageTag], process: Process | None = None, level: str = "##") -> str:
    if not tags:
        return "Ingen behandlinger er registrert ennå.\n"
    return "\n\n".join(_markdown_entry(entry(t, process), level) for t in tags) + "\n"


def as_json(tags: list[StageTag], process: Process | None = None) -> str:
    return json.dumps([entry(t, process) for t in tags], ensure_ascii=False, indent=2) + "\n"


def changelog(tags: list[StageTag], process: Process | None, title: str) -> str:
    """CHANGELOG.md for a plan repository: newest stage first."""
    head = [
        f"# Endringslogg – {_md_plain(title)}",
        "",
        CHANGELOG_MARKER,
        "",
        "Behandlingene av planen, nyeste først. Hver behandling er en tag i git; "
        "«plan verify TAG» bygger dokumentene på nytt og sjekker at de er de samme.",
    ]
    body = as_markdown(list(reversed(tags)), process) if tags else "Ingen behandlinger er registrert ennå.\n"
    return "\n".join(head) + "\n\n" + body
