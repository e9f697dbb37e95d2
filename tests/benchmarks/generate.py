"""Synthetic, valid strategic plans of any size, for benchmarks and robustness tests.

    python tests/benchmarks/generate.py OUT --measures 1000 --focus-areas 20 [--seed N]
    python tests/benchmarks/generate.py OUT --measures 1000 --git --tags 100

writes ``OUT/plan/plan.yaml``, one file per focus area under ``OUT/plan/satsingsomrader/``,
``OUT/plan/sak.yaml`` and ``OUT/plan/prosess.yaml``: Norwegian text of realistic length (with
æøå, Markdown lists and emphasis), unique ids, every reference resolved, every year inside the
period, and no warnings (every goal served, every strategy carried, every ambition sourced).
With ``--git`` it also commits a second revision with a realistic spread of edits and tags
stage after stage (``prosjektgruppe/2020-03-19`` …) in a fresh git repository.

The functions are importable: ``plan_data``, ``revise``, ``write_plan``, ``make_repository``.
Everything is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path

import yaml

START, END = 2020, 2028
STATUSES = ("planlagt", "pågår", "fullført", "utgått")

# --- words -----------------------------------------------------------------------------

_VERBS = (
    "Etablere",
    "Styrke",
    "Utvikle",
    "Videreføre",
    "Kartlegge",
    "Gjennomføre",
    "Bygge opp",
    "Legge til rette for",
    "Samordne",
    "Følge opp",
    "Prøve ut",
    "Øke",
    "Forbedre",
    "Sikre",
    "Fornye",
    "Tilby",
    "Løfte fram",
    "Støtte",
    "Utrede",
    "Markedsføre",
)
_OBJECTS = (
    "et næringsforum for bedriftene i bygda",
    "generasjonsskifte i landbruket",
    "rekruttering av unge bønder",
    "lokalmatprodusentenes salgskanaler",
    "digital kompetanse i småbedriftene",
    "bredbånd og mobildekning i grendene",
    "næringsarealer ved riksvei 3",
    "samarbeidet med Rørosregionen Næringshage",
    "opplevelsesnæringer basert på kulturlandskapet",
    "kortreist mat i kommunens innkjøp",
    "klimarådgivning på gårdsbruk",
    "vedlikehold av seterveier og beitebruk",
    "gründerveiledning og etablererkurs",
    "kompetansetilbud for fagarbeidere",
    "fjellturisme og hytteutvikling",
    "tomter for boliger og næringsbygg",
    "skogsbilveier og tømmerterminal",
    "samarbeid med Røros lufthavn",
    "felles markedsføring av bygda",
    "utleieboliger for tilflyttere",
    "grønn omstilling i verkstedindustrien",
    "energiøkonomisering i næringsbygg",
    "lærlingplasser i lokale bedrifter",
    "møteplasser for næringsdrivende",
    "sommerjobber for ungdom",
    "søknader om regionale utviklingsmidler",
)
_PURPOSES = (
    "slik at flere unge velger å bli boende i Os",
    "for å sikre arbeidsplasser i hele kommunen",
    "slik at gårdene blir drevet videre av en ny generasjon",
    "for å øke verdiskapingen lokalt",
    "slik at bedriftene får tilgang på riktig kompetanse",
    "for å gjøre bygda kjent utenfor regionen",
    "slik at næringslivet får bedre rammevilkår",
    "for å redusere klimagassutslippene fra næringene",
    "slik at tilflyttere får en god start",
    "i tett dialog med næringslivet",
    "sammen med nabokommunene i Rørosregionen",
    "innenfor dagens økonomiske rammer",
)
_DETAILS = (
    "årlig samling med faglig påfyll og erfaringsdeling",
    "veiledning fra erfarne næringsdrivende",
    "felles stand på matfestivaler og marknader",
    "kartlegging av behov i hver grend",
    "egen kontaktperson i kommunen",
    "søknadshjelp for tilskudd fra Innovasjon Norge",
    "kurs i økonomi, skatt og overdragelse",
    "digital kanal for spørsmål og innspill",
    "rapportering til formannskapet hvert år",
    "samarbeid med skolene om praksisplasser",
    "nettverk for kvinner i landbruket",
    "ordning med startlån og tilskudd",
)
_ACTORS = (
    "Landbruksforvaltningen i Os kommune",
    "Rørosregionen Næringshage",
    "Os kommune, rådmannen",
    "Næringskonsulenten",
    "Plan- og utviklingsavdelingen",
    "Os Bondelag",
    "Formannskapet",
    "Lokalmatprodusentene i Os",
    "Teknisk drift",
    "Os Næringsforening",
)
_PARTNERS = (
    "Innovasjon Norge",
    "Innlandet fylkeskommune",
    "Statsforvalteren i Innlandet",
    "SIVA",
    "Norsk Landbruksrådgivning",
    "Destinasjon Røros",
    "Os Bondelag",
    "TINE og Nortura",
    "Statens vegvesen",
    "Avinor",
    "Lokale bedrifter",
    "Røros kommune",
    "Tolga kommune",
    "NAV Nord-Østerdal",
    "Fjellregionen Næringshage",
)
_FUNDING = (
    "Kommunalt næringsfond",
    "Driftsbudsjett",
    "Innovasjon Norge og kommunalt næringsfond",
    "Statsforvalteren, klima- og miljømidler",
    "Regionale utviklingsmidler",
    "Investeringsbudsjett",
)
_AREAS = (
    "Et innovativt næringsliv",
    "En næringsvennlig kommune",
    "Rammebetingelser",
    "Levende landbruk",
    "Reiseliv og opplevelser",
    "Kompetanse og rekruttering",
    "Grønn omstilling",
    "Bolig og tilflytting",
    "Infrastruktur og samferdsel",
    "Lokalmat og foredling",
    "Skog og trebruk",
    "Gründere og nyetablering",
    "Industri og verksted",
    "Digitalisering",
    "Ungdom og arbeid",
    "Kultur og næring",
    "Handel og tjenester",
    "Energi og klima",
    "Samarbeid i regionen",
    "Fjell og utmark",
)
_INDICATORS = (
    ("Aktive gårdsbruk", "antall foretak", "Landbruksdirektoratet"),
    ("Sysselsatte med arbeidssted i Os", "personer", "SSB, tabell 07979"),
    ("Nyetablerte foretak", "antall per år", "Brønnøysundregistrene"),
    ("Husholdninger med 100 Mbit/s", "prosent", "Nkom, bredbåndskartlegging"),
    ("Gjestedøgn", "antall per år", "SSB, tabell 13028"),
    ("Innbyggere", "personer", "SSB, tabell 07459"),
)


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_PURPOSES)}."


def _text(rng: random.Random, sentences: int, bullets: bool = False, bold: bool = False) -> str:
    parts = [_sentence(rng) for _ in range(sentences)]
    if bold:
        words = parts[0].split(" ")
        i = rng.randrange(1, len(words) - 1)
        words[i] = f"**{words[i]}**"
        parts[0] = " ".join(words)
    text = " ".join(parts)
    if bullets:
        text += "\n\n" + "\n".join(f"- {rng.choice(_DETAILS)}" for _ in range(rng.randint(2, 4)))
    return text + "\n" if "\n" in text else text


def _paragraphs(rng: random.Random, count: int) -> str:
    body = "\n\n".join(_text(rng, rng.randint(3, 5)) for _ in range(count))
    return body + "\n\n" + "\n".join(f"- {rng.choice(_DETAILS)}" for _ in range(3)) + "\n"


# --- the plan ---------------------------------------------------------------------------


def _measure(rng: random.Random, mid: str, strategies: list[str]) -> dict:
    start = rng.randint(START, END - 1)
    measure = {
        "id": mid,
        "tekst": _text(rng, rng.randint(1, 3), bullets=rng.random() < 0.25, bold=rng.random() < 0.3),
        "ansvar": rng.choice(_ACTORS),
        "samarbeidspartnere": rng.sample(_PARTNERS, rng.randint(0, 4)),
        "fra": start,
        "til": rng.randint(start, END),
        "kostnad": rng.randrange(0, 500_001, 5_000),
        "finansiering": rng.choice(_FUNDING),
        "status": rng.choice(STATUSES),
        "strategier": strategies,
    }
    if not measure["samarbeidspartnere"]:
        del measure["samarbeidspartnere"]
    return measure


def _focus_area(rng: random.Random, a: int, name: str, n_measures: int, first_measure: int) -> dict:
    n_goals = rng.randint(3, 5)
    goals = [{"id": f"M{a}.{i}", "tekst": _text(rng, 1, bold=rng.random() < 0.2)} for i in range(1, n_goals + 1)]
    n_strategies = max(1, min(rng.randint(4, 8), n_measures)) if n_measures else 0
    strategies = []
    for i in range(1, n_strategies + 1):
        served = [goals[(i - 1) % n_goals]["id"]]  # every goal served by at least one strategy
        extra = rng.choice(goals)["id"]
        if extra not in served and rng.random() < 0.4:
            served.append(extra)
        strategies.append({"id": f"S{a}.{i}", "tekst": _text(rng, rng.randint(1, 2)), "mål": served})
    for g, goal in enumerate(goals):  # more goals than strategies: share them out
        served = strategies[g % n_strategies]["mål"] if strategies else None
        if served is not None and goal["id"] not in served:
            served.append(goal["id"])
    ambitions = []
    for i in range(1, rng.randint(2, 3) + 1):
        indicator, unit, source = rng.choice(_INDICATORS)
        base_year = rng.randint(2015, 2019)
        base = rng.randint(50, 2000)
        ambition = {
            "id": f"A{a}.{i}",
            "indikator": indicator,
            "enhet": unit,
            "utgangspunkt": {"verdi": base, "år": base_year},
            "målverdi": {"verdi": round(base * rng.uniform(0.8, 1.3)), "år": END},
            "kilde": source,
        }
        if rng.random() < 0.5:
            ambition["datapunkter"] = [
                {"verdi": round(base * rng.uniform(0.9, 1.1)), "år": y} for y in range(base_year + 1, START + 1)
            ]
        ambitions.append(ambition)
    measures = []
    for k in range(n_measures):
        refs = [strategies[k % n_strategies]["id"]]  # every strategy carried by at least one measure
        extra = rng.choice(strategies)["id"]
        if extra not in refs and rng.random() < 0.3:
            refs.append(extra)
        measures.append(_measure(rng, f"T{a}.{first_measure + k}", refs))
    area = {"id": f"SO{a}", "navn": name, "beskrivelse": _paragraphs(rng, rng.randint(1, 2)), "mål": goals}
    area["ambisjoner"] = ambitions
    area["strategier"] = strategies
    area["tiltak"] = measures
    return area  # goals without strategies are valid (a strategy document; issue 11)


def _area_name(a: int) -> str:
    base = _AREAS[(a - 1) % len(_AREAS)]
    return base if a <= len(_AREAS) else f"{base} {a // len(_AREAS) + 1}"


def area_file(a: int) -> str:
    return f"satsingsomrader/so{a:02d}.yaml"


def plan_data(measures: int = 1000, focus_areas: int = 20, seed: int = 1) -> dict[str, object]:
    """The plan as data: repository-relative path → the YAML document of that file."""
    rng = random.Random(seed)
    files: dict[str, object] = {}
    per_area = [measures // focus_areas + (1 if a < measures % focus_areas else 0) for a in range(focus_areas)]
    for a in range(1, focus_areas + 1):
        files[f"plan/{area_file(a)}"] = _focus_area(rng, a, _area_name(a), per_area[a - 1], 1)
    files["plan/plan.yaml"] = {
        "kommune": {"navn": "Os", "nummer": "3430", "fylke": "Innlandet"},
        "tittel": "Strategisk næringsplan for Os kommune",
        "plantype": "temaplan",
        "periode": {"fra": START, "til": END},
        "visjon": "Os skal være en levende fjellbygd der landbruk, industri og nye næringer vokser side om side.",
        "sammendrag": _paragraphs(rng, 3),
        "bakgrunn": _paragraphs(rng, 4),
        "ståsted": _paragraphs(rng, 4),
        "forrige_plan": {
            "tittel": "Strategisk næringsplan for Os kommune 2016–2020",
            "periode": {"fra": 2016, "til": 2020},
        },
        "satsingsområder": [area_file(a) for a in range(1, focus_areas + 1)],
    }
    files["plan/sak.yaml"] = {
        "innstillingstittel": "Rådmannens innstilling",
        "saksbehandler": "Næringskonsulent",
        "arkiv": "U01",
        "arkivsak": "20/123",
        "tittel": "Strategisk næringsplan for Os kommune 2020–2028 – sluttbehandling",
        "vedlegg": ["Strategisk næringsplan for Os kommune 2020–2028", "Ståstedsanalyse", "Innkomne innspill"],
        "organisering": _paragraphs(rng, 1),
        "samlinger": [
            {
                "dato": "2020-02-06",
                "tid": "19:00–21:30",
                "sted": "Os samfunnshus",
                "tema": _text(rng, 2),
                "deltakere": "Næringsdrivende, folkevalgte og administrasjonen",
            },
            {"dato": "2020-03-19", "tid": "19:00–21:30", "sted": "Os samfunnshus", "tema": _text(rng, 2)},
        ],
        "medvirkning": _paragraphs(rng, 2),
        "innstilling": "Kommunestyret vedtar Strategisk næringsplan for Os kommune 2020–2028 slik den foreligger i vedlegg 1.",
        "vurdering": _paragraphs(rng, 3),
        "konsekvenser": _paragraphs(rng, 1),
    }
    files["plan/prosess.yaml"] = {
        "organer": [
            {"id": "prosjektgruppe", "navn": "Prosjektgruppen", "rolle": "utkast"},
            {"id": "formannskap", "navn": "Formannskapet", "rolle": "innstiller"},
            {"id": "horing", "navn": "Offentlig høring", "rolle": "høring", "valgfri": True},
            {"id": "kommunestyre", "navn": "Kommunestyret", "rolle": "vedtar"},
        ]
    }
    return files


# --- a second revision ------------------------------------------------------------------


def _reword(rng: random.Random, text: str) -> str:
    """Change a few words, keep the rest: what a project group does between meetings."""
    swaps = {
        "Etablere": "Opprette",
        "Styrke": "Videreutvikle",
        "Øke": "Heve",
        "for å": "med mål om å",
        "bygda": "kommunen",
        "hvert år": "annethvert år",
        "unge": "yngre",
        "lokalt": "i Os",
    }
    changed = text
    for old, new in rng.sample(list(swaps.items()), 3):
        changed = changed.replace(old, new, 1)
    if changed == text:
        changed = (
            text.rstrip("\n").rstrip(".")
            + f", i samarbeid med {rng.choice(_PARTNERS)}."
            + ("\n" if text.endswith("\n") else "")
        )
    return changed


def revise(files: dict[str, object], seed: int = 2, share: float = 0.05) -> dict[str, object]:
    """A second revision with a realistic spread of edits, still valid and warning-free.

    About ``share`` of the measures each are reworded, removed, added, moved to another
    focus area, and given a new cost; a few goals and strategies are reworded and a few
    measures change status. Ids never change for an item that stays.
    """
    rng = random.Random(seed)
    files = copy.deepcopy(files)
    areas = [files[f"plan/{p}"] for p in files["plan/plan.yaml"]["satsingsområder"]]
    all_measures = [(area, m) for area in areas for m in area["tiltak"]]
    n = max(1, round(len(all_measures) * share)) if all_measures else 0

    carried: dict[str, int] = {}
    for _, m in all_measures:
        for ref in m["strategier"]:
            carried[ref] = carried.get(ref, 0) + 1

    for _, m in rng.sample(all_measures, n):
        m["tekst"] = _reword(rng, m["tekst"])
    for _, m in rng.sample(all_measures, n):
        m["kostnad"] = max(0, m["kostnad"] + rng.choice((-1, 1)) * rng.randrange(5_000, 100_001, 5_000))
    for _, m in rng.sample(all_measures, n):
        m["status"] = rng.choice([s for s in STATUSES if s != m["status"]])
    for area in rng.sample(areas, max(1, len(areas) // 4)):
        if area.get("mål"):
            goal = rng.choice(area["mål"])
            goal["tekst"] = _reword(rng, goal["tekst"])
        if area["strategier"]:
            strategy = rng.choice(area["strategier"])
            strategy["tekst"] = _reword(rng, strategy["tekst"])

    removed = 0
    for area, m in rng.sample(all_measures, len(all_measures)):
        if removed >= n:
            break
        if all(carried[ref] > 1 for ref in m["strategier"]):  # no strategy left uncarried
            for ref in m["strategier"]:
                carried[ref] -= 1
            area["tiltak"].remove(m)
            removed += 1

    if len(areas) > 1:
        moved = 0
        for area, m in rng.sample(all_measures, len(all_measures)):
            if moved >= n:
                break
            if m not in area["tiltak"] or not all(carried[ref] > 1 for ref in m["strategier"]):
                continue
            target = rng.choice([a for a in areas if a is not area and a["strategier"]])
            for ref in m["strategier"]:
                carried[ref] -= 1
            area["tiltak"].remove(m)
            m["strategier"] = [rng.choice(target["strategier"])["id"]]
            carried[m["strategier"][0]] = carried.get(m["strategier"][0], 0) + 1
            target["tiltak"].insert(rng.randint(0, len(target["tiltak"])), m)
            moved += 1

    with_strategies = [a for a in areas if a["strategier"]]
    for i in range(n if with_strategies else 0):
        area = rng.choice(with_strategies)
        a = int(area["id"][2:])
        refs = [rng.choice(area["strategier"])["id"]]
        area["tiltak"].append(_measure(rng, f"T{a}.N{i + 1}", refs))
    return files


# --- files and git ----------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def write_plan(root: Path, files: dict[str, object]) -> None:
    """Write the files under ``root``; plan files no longer in ``files`` are removed."""
    root = Path(root)
    plan_dir = root / "plan"
    if plan_dir.is_dir():
        for old in plan_dir.rglob("*.yaml"):
            if old.relative_to(root).as_posix() not in files:
                old.unlink()
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dump(data), encoding="utf-8")


def _git(root: Path, *args: str, date: str | None = None, stdin: str | None = None) -> str:
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", LC_ALL="C")
    env.setdefault("GIT_AUTHOR_NAME", "Saksbehandler")
    env.setdefault("GIT_AUTHOR_EMAIL", "post@os.kommune.no")
    env.setdefault("GIT_COMMITTER_NAME", env["GIT_AUTHOR_NAME"])
    env.setdefault("GIT_COMMITTER_EMAIL", env["GIT_AUTHOR_EMAIL"])
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+01:00"
    done = subprocess.run(["git", *args], cwd=root, env=env, input=stdin, check=True, capture_output=True, text=True)
    return done.stdout.strip()


CYCLE = ("prosjektgruppe", "formannskap", "kommunestyre", "revisjon")
OUTCOMES = {"prosjektgruppe": "utkast", "formannskap": "innstilling", "kommunestyre": "vedtatt"}


def tag_message(stage: str, date: dt.date, number: int) -> str:
    """The annotation of a stage tag, in the format of ``workflow.process.tags``."""
    from workflow.process import tags
    from workflow.plan.model import Treatment

    if stage == tags.NEW_ROUND:
        return tags.format_round_message(date, "Årlig rullering av tiltaksplanen")
    data = {"organ": stage, "dato": date, "utfall": OUTCOMES[stage]}
    if stage != "prosjektgruppe":
        data["sak"] = f"PS {number}/{date.year % 100:02d}"
        data["vedtak"] = (
            "Planen vedtas slik den foreligger."
            if stage == "kommunestyre"
            else ("Formannskapet rår kommunestyret til å vedta planen.")
        )
    return tags.format_message(Treatment.model_validate(data))


def stage_sequence(count: int) -> list[tuple[str, dt.date]]:
    """``count`` stage tags as a real process leaves them: prosjektgruppe/2020-03-19,
    formannskap/2020-05-12, kommunestyre/…, then a yearly round
    (revisjon/… → prosjektgruppe → formannskap → kommunestyre) for as long as needed."""
    tags = [("prosjektgruppe", dt.date(2020, 3, 19)), ("formannskap", dt.date(2020, 5, 12))]
    date = tags[-1][1]
    while len(tags) < count:
        stage = CYCLE[len(tags) % len(CYCLE)]
        date += dt.timedelta(days=14 if stage != "revisjon" else 60)
        tags.append((stage, date))
    return tags[: max(count, 2)]


def make_repository(
    root: Path, measures: int = 1000, focus_areas: int = 20, seed: int = 1, tags: int = 2
) -> dict[str, str]:
    """A git repository at ``root`` holding the plan and its revision, with ``tags`` stage tags.

    The first two tags are ``prosjektgruppe/2020-03-19`` (the generated plan) and
    ``formannskap/2020-05-12`` (its revision, see ``revise``). Further tags follow yearly
    rounds of a rolling action plan, each stage on its own commit, the plan alternating
    between the two revisions. Returns {"a": first tag, "b": second tag, "last": last tag}.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    _git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("/output/\n", encoding="utf-8")
    first = plan_data(measures, focus_areas, seed)
    second = revise(first, seed + 1)
    names: list[str] = []
    for i, (stage, date) in enumerate(stage_sequence(tags)):
        write_plan(root, first if i % 2 == 0 else second)
        if i > 1:  # every stage on its own commit
            sak = {**first["plan/sak.yaml"], "arkivsak": f"20/{123 + i}"}
            (root / "plan" / "sak.yaml").write_text(dump(sak), encoding="utf-8")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "--allow-empty", "-m", f"Klar for {stage} {date.isoformat()}", date=date.isoformat())
        name = f"{stage}/{date.isoformat()}"
        _git(root, "tag", "-a", name, "-F", "-", date=date.isoformat(), stdin=tag_message(stage, date, 10 + i))
        names.append(name)
    return {"a": names[0], "b": names[1], "last": names[-1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (plan/ is created inside)")
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--focus-areas", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--git", action="store_true", help="make a git repository with two revisions and stage tags")
    parser.add_argument("--tags", type=int, default=2, help="number of stage tags with --git (default 2)")
    args = parser.parse_args(argv)
    if args.measures < 0 or args.focus_areas < 1:
        parser.error("--measures must be ≥ 0 and --focus-areas ≥ 1")
    if args.git:
        if (args.out / ".git").exists():
            parser.error(f"{args.out} is already a git repository")
        names = make_repository(args.out, args.measures, args.focus_areas, args.seed, args.tags)
        print(f"{args.out}: git repository, tags {names['a']} … ({max(args.tags, 2)} tags)")
    else:
        write_plan(args.out, plan_data(args.measures, args.focus_areas, args.seed))
        print(f"{args.out}/plan: {args.measures} measures in {args.focus_areas} focus areas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
