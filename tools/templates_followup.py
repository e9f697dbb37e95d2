"""The follow-up templates: the yearly action plan, the annual report, and the saksframlegg both
go to the bodies with (``handlingsplan.docx``, ``arsrapport.docx``, ``oppfolging-saksframlegg.docx``).

Built with the helpers of ``make_templates.py``; the names they use are listed in
``workflow/followup/documents.py``. Run ``python tools/make_templates.py``.
"""

from __future__ import annotations

from docx.shared import Cm, Pt

from make_templates import footer, new_document, page_break_before, para, table


def _title_page(doc, title: str, subtitle: str) -> None:
    doc.sections[0].different_first_page_header_footer = True
    p = para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    p.paragraph_format.space_before = Pt(140)
    para(doc, title, "Title")
    para(doc, subtitle, "Subtitle")
    p = para(doc, "{% if date %}Dato: {{ date }}{% endif %}", "Subtitle")
    p.paragraph_format.space_before = Pt(160)


def build_action_plan():
    doc = new_document("Mal for handlingsplan")
    _title_page(doc, "{{ action.title }}", "{{ plan.full_title }}")
    page_break_before(para(doc, "Om handlingsplanen", "Heading 1"))
    para(doc, "{%p if action.introduction %}")
    para(doc, "{{p action.introduction|markdown }}")
    para(doc, "{%p endif %}")
    para(
        doc,
        "Handlingsplanen har {{ action.count }} tiltak. Kostnaden er et overslag per år tiltaket varer; "
        "den innarbeides i budsjettet og økonomiplanen {{ action.budget_period }}.",
    )
    para(doc, "{%p for area in action.areas %}")
    para(doc, "Satsingsområde {{ area.number }}: {{ area.name }}", "Heading 1")
    table(
        doc,
        ["Id", "Tiltak", "Ansvar", "År", "Kostnad per år", "Status"],
        [Cm(1.1), Cm(5.9), Cm(3.3), Cm(1.9), Cm(2.3), Cm(1.5)],
        right=(4,),
        loop="measure in area.measures",
        cells=[
            "{{ measure.id }}",
            [
                '{{p measure.text|markdown("Tabelltekst", "Tabellpunkt") }}',
                ("Finansiering: {{ measure.funding_text }}", "Tabellmerknad"),
            ],
            "{{ measure.responsible }}",
            "{{ measure.years }}",
            "{{ measure.cost_text }}",
            "{{ measure.status_text }}",
        ],
    )
    para(doc, "{%p endfor %}")
    para(doc, "Kostnader i økonomiplanperioden {{ action.budget_period }}", "Heading 1")
    table(
        doc,
        ["År", "Kostnad"],
        [Cm(6), Cm(10)],
        loop="row in action.costs",
        cells=["{{ row.year }}", "{{ row.text }}"],
        right=(1,),
        total=["Sum {{ action.budget_period }}", "{{ action.total_text }}"],
    )
    footer(doc, "{{ action.full_title }}")
    return doc


def build_report():
    doc = new_document("Mal for årsrapport")
    _title_page(doc, "{{ report.title }}", "{{ plan.full_title }}")
    page_break_before(para(doc, "Sammendrag", "Heading 1"))
    p = para(doc, "{{ report.summary.text }}", "Visjon")
    p.runs[0].bold = True
    para(doc, "{{ report.summary.money_text }}")
    para(
        doc,
        "Rapporten viser status per 31. desember {{ report.year }} for hvert tiltak, pengene som var satt av og som er brukt, "
        "og om ambisjonene er i rute etter en enkel framskriving av målingene.",
    )
    table(
        doc,
        ["Status", "Antall tiltak"],
        [Cm(8), Cm(8)],
        loop="row in report.status_counts",
        cells=["{{ row.status }}", "{{ row.count }}"],
        right=(1,),
    )
    para(doc, "{%p for area in report.areas %}")
    page_break_before(para(doc, "Satsingsområde {{ area.number }}: {{ area.name }}", "Heading 1"))
    para(doc, "{%p if area.measures %}")
    para(doc, "Tiltak", "Heading 2")
    table(
        doc,
        ["Id", "Tiltak og kommentar", "Status", "Andel", "Satt av {{ report.year }}", "Brukt {{ report.year }}"],
        [Cm(1.1), Cm(7.1), Cm(1.9), Cm(1.4), Cm(2.3), Cm(2.2)],
        right=(3, 4, 5),
        loop="measure in area.measures",
        cells=[
            "{{ measure.id }}",
            [
                '{{p measure.text|markdown("Tabelltekst", "Tabellpunkt") }}',
                ("{%p if measure.comment %}", "Tabellmerknad"),
                ('{{p measure.comment|markdown("Tabellmerknad", "Tabellpunkt") }}', "Tabellmerknad"),
                ("{%p endif %}", "Tabellmerknad"),
                ("{{ measure.reported }}", "Tabellmerknad"),
            ],
            "{{ measure.status_text }}",
            "{{ measure.share_text }}",
            "{{ measure.planned_text }}",
            "{{ measure.spent_text }}",
        ],
        total=["", "Sum for satsingsområdet", "", "", "{{ area.planned_text }}", "{{ area.spent_text }}"],
    )
    para(doc, "{%p endif %}")
    para(doc, "{%p if area.ambitions %}")
    para(doc, "Ambisjoner", "Heading 2")
    para(doc, "{%p for ambition in area.ambitions %}")
    para(doc, "{{ ambition.id }} {{ ambition.indicator }}: {{ ambition.verdict }}", "Heading 3")
    para(
        doc,
        "Utgangspunkt {{ ambition.baseline }}, siste måling {{ ambition.latest }}, målverdi {{ ambition.target }} ({{ ambition.unit }}). Kilde: {{ ambition.source }}.",
    )
    para(doc, "{{ ambition.words }}")
    para(doc, "{%p if ambition.chart %}")
    para(doc, "{{ ambition.chart }}")
    para(doc, "Blå: målte verdier. Oransje, stiplet: framskriving. Grønn: målverdien.", "Tabellmerknad")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    page_break_before(para(doc, "Økonomi", "Heading 1"))
    para(
        doc,
        "Satt av er kostnaden per år for tiltakene i handlingsplanen for året (eller i strategien). Brukt er det "
        "tiltakene har rapportert brukt i kalenderåret.",
    )
    table(
        doc,
        ["År", "Satt av", "Brukt", "Avvik"],
        [Cm(3), Cm(4.5), Cm(4.5), Cm(4)],
        loop="row in report.years",
        cells=["{{ row.year }}", "{{ row.planned_text }}", "{{ row.spent_text }}", "{{ row.difference_text }}"],
        right=(1, 2, 3),
    )
    para(doc, "{%p if report.changes %}")
    para(doc, "{{ report.changes_title }}", "Heading 1")
    para(doc, "{%p for section in report.changes %}")
    para(doc, "{{ section.area }}", "Heading 3")
    para(doc, "{%p for line in section.lines %}")
    para(doc, "{{ line }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if report.strategy_changes %}")
    para(doc, "Endringer i strategien i {{ report.year }}", "Heading 1")
    para(doc, "{%p for section in report.strategy_changes %}")
    para(doc, "{{ section.area }}", "Heading 3")
    para(doc, "{%p for line in section.lines %}")
    para(doc, "{{ line }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if not report.strategy_changes and not report.strategy_unknown %}")
    para(doc, "Endringer i strategien", "Heading 1")
    para(doc, "Strategien er ikke endret i {{ report.year }}.")
    para(doc, "{%p endif %}")
    footer(doc, "{{ report.full_title }}")
    return doc


def build_followup_case():
    doc = new_document("Mal for saksframlegg i oppfølgingen")
    para(doc, "{{ municipality.full_name|upper }}", "Kommunenavn")
    para(doc, "Saksframlegg", "Title")
    meta = table(doc, None, [Cm(3.2), Cm(5.3), Cm(3), Cm(4.5)], cells=[], borders=False)
    for values in (
        ("Saksbehandler:", "{{ case.officer }}", "Arkiv:", "{{ case.archive_code }}"),
        ("Dato:", "{{ date }}", "Arkivsaksnr.:", "{{ case.archive_case }}"),
    ):
        row = meta.add_row()
        for cell, text, width in zip(row.cells, values, (Cm(3.2), Cm(5.3), Cm(3), Cm(4.5))):
            cell.width = width
            cell.paragraphs[0].style = doc.styles["Tabelltekst"]
            cell.paragraphs[0].add_run(text).bold = text.endswith(":") or None
    para(doc, "Saksgang", "Tabelltekst", bold=True).paragraph_format.space_before = Pt(10)
    table(
        doc,
        ["Utvalg", "Møtedato", "Utvalgssaksnr."],
        [Cm(8), Cm(4), Cm(4)],
        loop="row in saksgang",
        cells=["{{ row.name }}", "{{ row.date }}", "{{ row.case_number }}"],
    )
    p = para(doc, "{{ case.title }}", "Heading 1")
    p.runs[0].font.size = Pt(18)
    para(doc, "{{ recommendation.title }}", "Heading 2")
    para(doc, "{%p if recommendation.text %}")
    para(doc, '{{p recommendation.text|markdown("Innstilling", "Innstillingspunkt") }}')
    para(doc, "{%p endif %}")
    para(doc, "{%p for point in recommendation.points %}")
    para(doc, "{{ loop.index }}. {{ point }}", "Innstilling")
    para(doc, "{%p endfor %}")
    para(doc, "Saksdokumenter vedlagt", "Heading 2")
    para(doc, "{%p for attachment in attachments %}")
    para(doc, "{{ attachment }}", "List Number")
    para(doc, "{%p endfor %}")
    para(doc, "Øvrige saksdokumenter (ikke vedlagt)", "Heading 3")
    para(doc, "{%p for document in other_documents %}")
    para(doc, "{{ document }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "Saksopplysninger", "Heading 2")
    para(doc, "{{p background|markdown }}")
    para(doc, "{%p for line in summary_lines %}")
    para(doc, "{{ line }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if changes %}")
    para(doc, "{{ changes_title }}", "Heading 2")
    para(doc, "{%p for section in changes %}")
    para(doc, "{{ section.area }}", "Heading 3")
    para(doc, "{%p for line in section.lines %}")
    para(doc, "{{ line }}", "List Bullet")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p endif %}")
    para(doc, "Økonomiske konsekvenser", "Heading 2")
    para(doc, "{{ cost_table.title }}", "Heading 3")
    table(
        doc,
        [
            "{{ cost_table.columns[0] }}",
            "{{ cost_table.columns[1] }}",
            "{{ cost_table.columns[2] }}",
            "{{ cost_table.columns[3] }}",
        ],
        [Cm(3), Cm(4.5), Cm(4.5), Cm(4)],
        loop="row in cost_table.rows",
        cells=["{{ row[0] }}", "{{ row[1] }}", "{{ row[2] }}", "{{ row[3] }}"],
        right=(1, 2, 3),
    )
    para(doc, "Vurdering", "Heading 2")
    para(doc, "{{p assessment|markdown }}")
    para(doc, "{%p for treatment in treatments %}")
    para(doc, "{{ treatment.heading }}", "Heading 2")
    para(doc, "{%p if treatment.case_number %}")
    para(doc, "Sak {{ treatment.case_number }}.")
    para(doc, "{%p endif %}")
    para(doc, "{%p for proposal in treatment.proposals %}")
    p = doc.add_paragraph()
    p.add_run("Forslag{% if proposal.by %} fra {{ proposal.by }}{% endif %}:").bold = True
    para(doc, '{{p proposal.text|markdown("Innstilling", "Innstillingspunkt") }}')
    para(doc, "{%p if proposal.votes %}")
    para(doc, "Votering: {{ proposal.votes }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    para(doc, "{%p if treatment.votes %}")
    para(doc, "Votering: {{ treatment.votes }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p if treatment.decision %}")
    para(doc, "{{ treatment.decision_title }}", "Heading 3")
    para(doc, '{{p treatment.decision|markdown("Innstilling", "Innstillingspunkt") }}')
    para(doc, "{%p endif %}")
    para(doc, "{%p if treatment.recommendation %}")
    para(doc, "{{ treatment.recommendation_title }}", "Heading 3")
    para(doc, '{{p treatment.recommendation|markdown("Innstilling", "Innstillingspunkt") }}')
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    footer(doc, "Saksframlegg: {{ case.title }}")
    return doc


TEMPLATES = (
    ("handlingsplan.docx", build_action_plan),
    ("arsrapport.docx", build_report),
    ("oppfolging-saksframlegg.docx", build_followup_case),
)
