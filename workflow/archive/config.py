"""What the kommune must tell the tool before it can archive: ``plan/arkiv.yaml``.

The plan, the tags and the case metadata hold everything else; these values belong to the
municipality's own case and archive system (Noark 5) and are never guessed. ``plan init``
writes the file with explanations; a missing key is an error naming the key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import ValidationError
from pydantic import Field

from workflow.errors import Problem, WorkflowError
from workflow.plan.load import ARCHIVE_FILE
from workflow.plan.model import Part, Text
from workflow.plan.yamlsafe import parse
from workflow.process.tags import explain

if TYPE_CHECKING:
    from workflow.plan.source import Source

CONFIG_FILE = ARCHIVE_FILE
FAGSYSTEM = "plan-workflow"  # referanseEksternNoekkel/fagsystem: this tool


class Screening(Part):
    """How a private person's submission is screened (skjerming) in the archive."""

    restriction: Text = Field(
        alias="tilgangsrestriksjon",
        description="Koden for tilgangsrestriksjon i arkivet, f.eks. «13» (taushetsplikt, offentleglova § 13)",
    )
    basis: Text = Field(
        alias="hjemmel",
        description="Skjermingshjemmelen, f.eks. «Offl. § 13 jf. fvl. § 13 første ledd nr. 1»",
    )


class ArchiveConfig(Part):
    """``plan/arkiv.yaml``: the values the municipality's archive system needs."""

    archive_part: Text = Field(alias="arkivdel", description="Arkivdelen saken skal ligge i, f.eks. «SAK»")
    classification_system: Text = Field(
        alias="klassifikasjonssystem",
        description="Klassifikasjonssystemet, f.eks. «KODE» (K-koder) eller «FE» (funksjon/emne)",
    )
    class_id: Text | None = Field(
        None,
        alias="klasse",
        description="Klassen saken ordnes under, f.eks. «U01»; standard er «arkiv» i plan/sak.yaml",
    )
    registry_unit: Text = Field(alias="journalenhet", description="Journalenheten som registrerer, f.eks. «SENTRAL»")
    unit: Text = Field(
        alias="administrativ_enhet",
        description="Den administrative enheten som har saken, f.eks. «Næring og samfunn»",
    )
    officer: Text = Field(
        alias="saksbehandler",
        description="Saksbehandlerens brukernavn eller initialer i arkivsystemet (saksansvarlig)",
    )
    case_post_type: Text = Field(
        "N",
        alias="journalposttype_saksframlegg",
        description="Journalposttypen for saksframlegget: «N» (organinternt notat) eller den kommunen bruker",
    )
    screening: Screening = Field(alias="skjerming", description="Skjerming av innspill fra privatpersoner")


def read_config(text: str | bytes, file: str = CONFIG_FILE) -> ArchiveConfig:
    """``plan/arkiv.yaml`` as an ``ArchiveConfig``; a located Norwegian error otherwise."""
    parsed = parse(text)
    if parsed.problems:
        (line, col), msg = parsed.problems[0]
        raise ConfigError([Problem(file, line, col, msg)])
    if not isinstance(parsed.data, dict):
        raise ConfigError([Problem(file, 0, 0, "filen må bestå av felter (nøkkel: verdi), se «plan init»")])
    try:
        return ArchiveConfig.model_validate(parsed.data)
    except ValidationError as exc:
        raise ConfigError([explain(ArchiveConfig, e, file, parsed) for e in exc.errors()]) from None


class ConfigError(WorkflowError):
    """``plan/arkiv.yaml`` is missing or wrong; every problem with its place."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


MISSING_HINT = (
    "fant ikke {file}: arkivet trenger verdier bare kommunen kjenner (arkivdel, klassifikasjonssystem, "
    "journalenhet, administrativ_enhet, saksbehandler, skjerming). Lag filen med disse feltene; "
    "«plan init» skriver en mal med forklaringer, og «plan schema arkiv» gir skjemaet"
)

TEMPLATE = """\
# Verdiene arkivet trenger for «plan arkiv» (Fiks Arkiv-arkivmelding til kommunens sak/arkiv-system).
# Alt annet hentes fra planen, taggene og plan/sak.yaml. Spør arkivtjenesten om verdiene.

# Arkivdelen saken skal ligge i (arkivdel i Noark 5).
arkivdel: SAK
# Klassifikasjonssystemet kommunen ordner saker etter, f.eks. KODE (K-koder) eller FE (funksjon/emne).
klassifikasjonssystem: KODE
# Klassen saken ordnes under. Uten den brukes «arkiv» i plan/sak.yaml (f.eks. U01).
# klasse: U01
# Journalenheten som registrerer journalpostene.
journalenhet: SENTRAL
# Den administrative enheten som har saken (saksansvarlig enhet).
administrativ_enhet: Næring og samfunn
# Saksbehandlerens brukernavn eller initialer i arkivsystemet (saksansvarlig).
saksbehandler: NÆRINGSRÅDGIVER
# Journalposttypen for saksframlegget: N (organinternt notat) eller den kommunen bruker.
journalposttype_saksframlegg: N
# Innspill fra privatpersoner skjermes: navnet vises aldri i offentlige felter.
skjerming:
  tilgangsrestriksjon: "13"
  hjemmel: Offl. § 13 jf. fvl. § 13 første ledd nr. 1
"""


def config_problems(source: Source) -> list[Problem]:
    """``plan check``: the problems of ``plan/arkiv.yaml``, located; none without the file."""
    data = source.read(CONFIG_FILE)
    if data is None:
        return []
    try:
        read_config(data, CONFIG_FILE)
    except ConfigError as exc:
        return exc.problems
    return []
