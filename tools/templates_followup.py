"""The follow-up templates: the yearly action plan, the annual report, and the saksframlegg both
go to the bodies with (``handlingsplan.docx``, ``arsrapport.docx``, ``oppfolging-saksframlegg.docx``).

Built with the helpers of ``make_templates.py``; the names they use are listed in
``workflow/followup/documents.py``. Run ``python tools/make_templates.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.shared import Cm

from make_templates import (
    case_header,
    change_sections,
    decision_text,
    footer,
    jinja_for,
    jinja_if,
    listed,
    new_document,
    page_break_before,
    para,
    recommendation_text,
    table,
    title_page,
)

if TYPE_CHECKING:
    from docx.document import Document

DATE_LINE = "{% if date %}Dato: {{ date }}{% endif %}"


def build_action_plan() -> Document:
    doc = new_document("Mal for handlingsplan")
    title_page(doc, "{{ action.title }}", "{{ plan.full_title }}", DATE_LINE)
    page_break_before(para(doc, "Om handlingsplanen", "Heading 1"))
    with jinja_if(doc, "action.introduction"):
        para(doc, "{{p action.introduction|markdown }}")
    para(
        doc,
        "Handlingsplanen har {{ action.count }} tiltak. Kostnaden er et overslag per år tiltaket varer; "
        "den innarbeides i budsjettet og økonomiplanen {{ action.budget_period }}.",
    )
    with jinja_for(doc, "area in action.areas"):
        para(doc, "{{ levels.satsingsområde.singular }} {{ area.number }}: {{ area.name }}", "Heading 1")
        table(
            doc,
            ["Id", "{{ levels.tiltak.singular }}", "Ansvar", "År", "Kostnad per år", "Status"],
            [Cm(1.1), Cm(5.9), Cm(3.3), Cm(1.9), Cm(2.3), Cm(1.5)],
            right=(4,),
            loop="measure in area.measures",
            cells=[
                "{{ measure.id }}",
                [
                    '{{p measure.text|markdown("Tabelltekst", "Tabellpunkt") }}',
                    ("{%p if measure.partners_text %}", "Tabellmerknad"),
                    ("Samarbeid: {{ measure.partners_text }}", "Tabellmerknad"),
                    ("{%p endif %}", "Tabellmerknad"),
                    ("Finansiering: {{ measure.funding_text }}", "Tabellmerknad"),
                ],
                "{{ measure.responsible }}",
                "{{ measure.years }}",
                "{{ measure.cost_text }}",
                "{{ measure.status_text }}",
            ],
        )
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


def build_report() -> Document:
    doc = new_document("Mal for årsrapport")
    title_page(doc, "{{ report.title }}", "{{ plan.full_title }}", DATE_LINE)
    _report_summary(doc)
    with jinja_for(doc, "area in report.areas"):
        page_break_before(para(doc, "Satsingsområde {{ area.number }}: {{ area.name }}", "Heading 1"))
        with jinja_if(doc, "area.measures"):
            para(doc, "Tiltak", "Heading 2")
            _report_measures_table(doc)
        with jinja_if(doc, "area.ambitions"):
            para(doc, "Ambisjoner", "Heading 2")
            with jinja_for(doc, "ambition in area.ambitions"):
                _report_ambition(doc)
    _report_economy(doc)
    _report_changes(doc)
    footer(doc, "{{ report.full_title }}")
    return doc


def _report_summary(doc: Document) -> None:
    """«Sammendrag»: the verdict in one sentence, the money, and the measures per status."""
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


def _report_measures_table(doc: Document) -> None:
    """The area's measures with comment, status, share done, money set aside and spent, and the sums."""
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


def _report_ambition(doc: Document) -> None:
    """One ambition (``ambition``): its verdict, the numbers, the words and the chart."""
    para(doc, "{{ ambition.id }} {{ ambition.indicator }}: {{ ambition.verdict }}", "Heading 3")
    para(
        doc,
        "Utgangspunkt {{ ambition.baseline }}, siste måling {{ ambition.latest }}, målverdi {{ ambition.target }} ({{ ambition.unit }}). Kilde: {{ ambition.source }}.",
    )
    para(doc, "{{ ambition.words }}")
    with jinja_if(doc, "ambition.chart"):
        para(doc, "{{ ambition.chart }}")


def _report_economy(doc: Document) -> None:
    """«Økonomi»: money set aside and spent per year, and the difference."""
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


def _report_changes(doc: Document) -> None:
    """The changes to the action plan and to the strategy in the year (or that there were none)."""
    with jinja_if(doc, "report.changes"):
        para(doc, "{{ report.changes_title }}", "Heading 1")
        change_sections(doc, "report.changes")
    with jinja_if(doc, "report.strategy_changes"):
        para(doc, "Endringer i strategien i {{ report.year }}", "Heading 1")
        change_sections(doc, "report.strategy_changes")
    with jinja_if(doc, "not report.strategy_changes and not report.strategy_unknown"):
        para(doc, "Endringer i strategien", "Heading 1")
        para(doc, "Strategien er ikke endret i {{ report.year }}.")


def build_followup_case() -> Document:
    doc = new_document("Mal for saksframlegg i oppfølgingen")
    case_header(doc)
    para(doc, "{{ recommendation.title }}", "Heading 2")
    with jinja_if(doc, "recommendation.text"):
        recommendation_text(doc, "recommendation.text")
    with jinja_for(doc, "point in recommendation.points"):
        para(doc, "{{ loop.index }}. {{ point }}", "Innstilling")
    para(doc, "Saksdokumenter vedlagt", "Heading 2")
    listed(doc, "attachment", "attachments", "List Number")
    para(doc, "Øvrige saksdokumenter (ikke vedlagt)", "Heading 3")
    listed(doc, "document", "other_documents")
    para(doc, "Saksopplysninger", "Heading 2")
    para(doc, "{{p background|markdown }}")
    listed(doc, "line", "summary_lines")
    with jinja_if(doc, "changes"):
        para(doc, "{{ changes_title }}", "Heading 2")
        change_sections(doc, "changes")
    _followup_economy(doc)
    para(doc, "Vurdering", "Heading 2")
    para(doc, "{{p assessment|markdown }}")
    with jinja_for(doc, "treatment in treatments"):
        _followup_treatment(doc)
    footer(doc, "Saksframlegg: {{ case.title }}")
    return doc


def _followup_economy(doc: Document) -> None:
    """«Økonomiske konsekvenser»: the table the context builds (its title, columns and rows)."""
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


def _followup_treatment(doc: Document) -> None:
    """One earlier treatment (``treatment``): case number, proposals, votes and decision."""
    para(doc, "{{ treatment.heading }}", "Heading 2")
    with jinja_if(doc, "treatment.case_number"):
        para(doc, "Sak {{ treatment.case_number }}.")
    with jinja_for(doc, "proposal in treatment.proposals"):
        para(doc, "Forslag{% if proposal.by %} fra {{ proposal.by }}{% endif %}:", bold=True)
        recommendation_text(doc, "proposal.text")
        with jinja_if(doc, "proposal.votes"):
            para(doc, "Votering: {{ proposal.votes }}")
    with jinja_if(doc, "treatment.votes"):
        para(doc, "Votering: {{ treatment.votes }}")
    decision_text(doc, "treatment.decision", "treatment.decision")
    decision_text(doc, "treatment.recommendation", "treatment.recommendation")


TEMPLATES = (
    ("handlingsplan.docx", build_action_plan),
    ("arsrapport.docx", build_report),
    ("oppfolging-saksframlegg.docx", build_followup_case),
)
