"""Templates for participation: the invitation letter to a workshop, the attachment «Innkomne
innspill og merknadsbehandling», and the saksframlegg's section «Medvirkning og høring».

Run through ``python tools/make_templates.py`` (which registers ``build_invitation`` and
``build_merknad``); ``case_section(doc)`` is called by ``build_case`` there. The names the
templates use are documented in ``workflow/participation/documents.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Cm, Pt

from make_templates import footer, meta_table, new_document, no_hyphens, para, table  # noqa: E402  (tools/ is on sys.path)

if TYPE_CHECKING:
    from docx.document import Document


def build_invitation() -> Document:
    """A municipal letter: sender, date and reference, the addressees, the title, background,
    purpose, programme, practical information and a signature by role."""
    doc = new_document("Mal for invitasjon til samling")
    para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    meta_table(
        doc,
        [
            ("Vår dato:", "{{ letter.date }}", "Vår ref.:", "{{ letter.reference }}"),
            ("Til:", "{{ workshop.invited }}", "Kontakt:", "{{ workshop.contact_text }}"),
        ],
    )
    p = para(doc, "Invitasjon til samling om ny {{ plan.title_lower }}", "Heading 1")
    p.runs[0].font.size = Pt(18)
    p = para(doc, "{{ workshop.heading }}", "Subtitle")
    para(doc, "{%p if workshop.background %}")
    para(doc, "Bakgrunn", "Heading 2")
    para(doc, "{{p workshop.background|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if workshop.purpose or workshop.topic %}")
    para(doc, "Formålet med samlingen", "Heading 2")
    para(doc, "{%p if workshop.purpose %}")
    para(doc, "{{p workshop.purpose|markdown }}")
    para(doc, "{%p else %}")
    para(doc, "{{p workshop.topic|markdown }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if workshop.programme %}")
    para(doc, "Program", "Heading 2")
    table(
        doc,
        ["Tid", "Innhold"],
        [Cm(2.5), Cm(13.5)],
        loop="item in workshop.programme",
        cells=["{{ item.time }}", "{{ item.text }}"],
    )
    para(doc, "{%p endif %}")
    para(doc, "Praktisk informasjon", "Heading 2")
    para(
        doc, "Tid: {{ workshop.weekday_date }}{% if workshop.time %}, kl. {{ workshop.time }}{% endif %}", "List Bullet"
    )
    para(doc, "Sted: {{ workshop.place }}", "List Bullet")
    para(doc, "{%p if workshop.deadline %}")
    p = para(doc, "Påmelding innen {{ workshop.deadline }} til {{ workshop.contact_text }}.", "List Bullet")
    no_hyphens(p._p.get_or_add_pPr())  # an e-mail address is never hyphenated
    para(doc, "{%p endif %}")
    para(doc, "{%p if workshop.practical %}")
    para(doc, "{{p workshop.practical|markdown }}")
    para(doc, "{%p endif %}")
    # the closing and the signature stay on the page of the letter's last paragraph
    para(doc, "Vi håper å se deg!").paragraph_format.keep_with_next = True
    p = para(doc, "Med vennlig hilsen")
    p.paragraph_format.space_before = Pt(18)
    p.paragraph_format.keep_with_next = True
    para(doc, "{{ municipality.full_name }}").paragraph_format.keep_with_next = True
    p = para(doc, "{{ workshop.signature }}")
    p.paragraph_format.space_before = Pt(24)
    footer(doc, "{{ municipality.full_name }} – invitasjon til samling {{ workshop.short_date }}")
    return doc


def build_merknad() -> Document:
    """The attachment: counts per outcome, then per channel a table of every submission."""
    doc = new_document("Mal for innkomne innspill og merknadsbehandling")
    para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    para(doc, "{{ attachment.title }}", "Title")
    para(doc, "Vedlegg til saken om {{ plan.full_title }}", "Subtitle")
    para(doc, "{%p if date %}")
    para(doc, "Dato: {{ date }}")
    para(doc, "{%p endif %}")
    para(doc, "{{ attachment.intro }}")
    para(doc, "{%p if attachment.examples %}")
    para(
        doc,
        "Innspillene i dette vedlegget er illustrerende eksempler laget for å vise verktøyet; de er ikke ekte innspill til kommunen.",
        "Merknad",
    )
    para(doc, "{%p endif %}")
    para(
        doc,
        "Private personer er ikke navngitt; de står som «Privatperson» med mindre de har samtykket til å bli navngitt. Organisasjoner, bedrifter, offentlige organer og politiske partier er navngitt.",
        "Merknad",
    )
    para(doc, "Oversikt", "Heading 1")
    table(
        doc,
        ["Utfall", "Antall innspill"],
        [Cm(10), Cm(6)],
        loop="row in attachment.by_outcome",
        cells=["{{ row.outcome }}", "{{ row.count }}"],
        right=(1,),
        total=["Sum", "{{ attachment.total }}"],
    )
    para(doc, "{%p for group in attachment.groups %}")
    para(doc, "{{ group.title }} ({{ group.count }})", "Heading 1")
    table(
        doc,
        ["Nr.", "Avsender", "Innspill", "Vurdering", "Utfall"],
        [Cm(1.0), Cm(3.0), Cm(5.2), Cm(4.6), Cm(2.2)],
        loop="row in group.rows",
        cells=[
            "{{ row.number }}",
            ["{{ row.sender }}", ("{{ row.sender_type_text }}, {{ row.received_short }}", "Tabellmerknad")],
            [
                '{{p row.summary|markdown("Tabelltekst", "Tabellpunkt") }}',
                ("{%p if row.concerns_text %}", "Tabellmerknad"),
                ("Gjelder: {{ row.concerns_text }}", "Tabellmerknad"),
                ("{%p endif %}", "Tabellmerknad"),
            ],
            [
                '{{p row.assessment|markdown("Tabelltekst", "Tabellpunkt") }}',
                ("{%p if row.changed_text %}", "Tabellmerknad"),
                ("Endret: {{ row.changed_text }}", "Tabellmerknad"),
                ("{%p endif %}", "Tabellmerknad"),
            ],
            "{{ row.outcome_text }}",
        ],
    )
    para(doc, "{%p endfor %}")
    footer(doc, "{{ attachment.title }} – {{ plan.full_title }}")
    return doc


def case_section(doc: Document) -> None:
    """The body of the saksframlegg's section «Medvirkning og høring» (context key
    ``participation``); its heading is written by ``build_case``."""
    para(doc, "{%p if participation %}")
    para(doc, "{%p if participation.workshops %}")
    para(
        doc,
        "Det er holdt {{ participation.workshops_text }}: {% for w in participation.workshops %}{{ w.date }} i {{ w.place }}{% if not loop.last %}, {% endif %}{% endfor %}.",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if participation.hearing %}")
    para(
        doc,
        "Planen var på offentlig høring fra {{ participation.hearing.start }} til {{ participation.hearing.deadline }}. Det kom {{ participation.hearing.count_text }}.",
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if participation.total %}")
    para(
        doc,
        "I alt er {{ participation.total }} innspill registrert{% if participation.open %}, og {{ participation.open }} venter på vurdering{% else %} og vurdert{% endif %}{% if participation.attachment %} (se vedlegget «{{ participation.attachment }}»){% endif %}.{% if participation.examples %} Innspillene er illustrerende eksempler.{% endif %}",
    )
    table(
        doc,
        ["Kanal", "Antall"],
        [Cm(10), Cm(6)],
        loop="row in participation.by_channel",
        cells=["{{ row.channel }}", "{{ row.count }}"],
        right=(1,),
    )
    table(
        doc,
        ["Utfall", "Antall"],
        [Cm(10), Cm(6)],
        loop="row in participation.by_outcome",
        cells=["{{ row.outcome }}", "{{ row.count }}"],
        right=(1,),
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if participation.changes %}")
    para(doc, "Disse punktene i planen er endret etter innspill:")
    para(doc, "{%p for change in participation.changes %}")
    para(doc, "{{ change.label }} ({{ change.count }} innspill)", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endif %}")
