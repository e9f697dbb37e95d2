"""Make ``os-innspill.xlsx``: the Os register of submissions as a web-form export would give it.

The submissions are illustrative examples written for the tool (not real input to Os
kommune); private senders are anonymised already here («Innbygger 1»). The Os plan's
``plan/innspill/`` was imported from this file::

    python tests/data/make_os_innspill.py
    plan innspill importer tests/data/os-innspill.xlsx --eksempel \\
        --kolonner "mottatt=Tidspunkt,kanal=Kanal,avsendertype=Jeg svarer som,avsender=Navn,kan_navngis=Kan navngis,samling=Samling,tekst=Innspill,gjelder=Gjelder,versjon=Versjon"
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

HEARING = "horing/2020-05-14"
COLUMNS = ["Tidspunkt", "Kanal", "Jeg svarer som", "Navn", "Kan navngis", "Samling", "Innspill", "Gjelder", "Versjon"]
ROWS = [
    (
        dt.datetime(2020, 2, 6, 21, 5),
        "samling",
        "Organisasjon",
        "Gruppe 2, samling 1",
        "ja",
        "samling-1",
        "Generasjonsskifte er den største utfordringen i landbruket. Mange bønder er over 60 år og har ikke avklart "
        "hvem som tar over. Vi trenger kurs, og noen å spørre de første årene.",
        "M1.1",
        "",
    ),
    (
        dt.datetime(2020, 2, 6, 21, 10),
        "samling",
        "Organisasjon",
        "Gruppe 4, samling 1",
        "ja",
        "samling-1",
        "Bedrifter som vil utvide, må vente for lenge på tomt. Det finnes nesten ingen byggeklare næringstomter i Os.",
        "S2.2",
        "",
    ),
    (
        dt.datetime(2020, 2, 10, 8, 42),
        "nettskjema",
        "Privatperson",
        "Innbygger 1",
        "nei",
        "",
        "Det er ikke mobildekning på store deler av veien gjennom Dalsbygda. Det er et problem for oss som driver "
        "med dyr på utmarksbeite, og for sikkerheten.",
        "M3.1",
        "",
    ),
    (
        dt.datetime(2020, 2, 14, 19, 30),
        "sosiale medier",
        "Privatperson",
        "Innbygger 2",
        "nei",
        "",
        "Sats på reiseliv! Naturen rundt Os er en ressurs vi bruker altfor lite, både for hyttefolk og turister.",
        "M1.3",
        "",
    ),
    (
        dt.datetime(2020, 3, 2, 10, 15),
        "e-post",
        "Bedrift",
        "Verkstedbedrift AS",
        "",
        "",
        "Vi og flere små bedrifter trenger hjelp til å komme i gang med digitale verktøy, nettbutikk og digital "
        "markedsføring. Et kurs i regi av næringshagen ville vært nyttig.",
        "S1.4",
        "",
    ),
    (
        dt.datetime(2020, 3, 19, 21, 20),
        "samling",
        "Organisasjon",
        "Gruppe 1, samling 2",
        "ja",
        "samling-2",
        "Bredbånd og mobildekning må være øverst på lista over det kommunen skal kjempe for. Uten det flytter "
        "ingen bedrifter hit.",
        "M3.1",
        "",
    ),
    (
        dt.datetime(2020, 4, 2, 13, 5),
        "nettskjema",
        "Privatperson",
        "Innbygger 3",
        "nei",
        "",
        "Det er vanskelig å vite hvem i kommunen man skal ringe når man vil starte noe. Det burde være én "
        "kontaktperson for næringslivet.",
        "S2.1",
        "",
    ),
    (
        dt.datetime(2020, 5, 20, 11, 0),
        "høring",
        "Organisasjon",
        "Os Bondelag",
        "",
        "",
        "Os Bondelag støtter planen og særlig tiltakene for generasjonsskifte. Mentorordningen i T1.1 bør også "
        "gjelde unge som vil starte i landbruket uten å ha en gård i familien.",
        "T1.1",
        HEARING,
    ),
    (
        dt.datetime(2020, 5, 25, 9, 30),
        "høring",
        "Offentlig organ",
        "Innlandet fylkeskommune",
        "",
        "",
        "Fylkeskommunen kartlegger mobil- og bredbåndsdekningen i hele fylket i 2021 og 2022. Vi foreslår at "
        "kommunens kartlegging i T3.2 gjøres sammen med fylkeskommunen, slik at arbeidet ikke gjøres to ganger.",
        "T3.2",
        HEARING,
    ),
    (
        dt.datetime(2020, 5, 27, 14, 45),
        "høring",
        "Bedrift",
        "Verkstedbedrift AS",
        "",
        "",
        "Vi trenger en tomt på minst 10 dekar nær riksvei 3 innen 2023 for å kunne utvide. Kartleggingen av "
        "næringsarealer bør ta med større tomter langs riksveien.",
        "T2.3, T2.4",
        HEARING,
    ),
    (
        dt.datetime(2020, 5, 28, 22, 10),
        "høring",
        "Privatperson",
        "Innbygger 4",
        "nei",
        "",
        "Planen sier lite om hytteeierne. De er mange, og de handler lokalt. Det bør være et eget tiltak for "
        "fritidsinnbyggerne.",
        "SO1",
        HEARING,
    ),
    (
        dt.datetime(2020, 6, 2, 16, 0),
        "høring",
        "Politisk parti",
        "Os Senterparti",
        "",
        "",
        "Leverandørdagen i T2.5 bør også handle om lokalmat i kommunens kantiner og institusjoner.",
        "T2.5",
        HEARING,
    ),
    (
        dt.datetime(2020, 6, 3, 7, 55),
        "høring",
        "Privatperson",
        "Innbygger 5",
        "nei",
        "",
        "Trafikksikkerheten langs riksvei 3 ved skolen må nevnes. Tungtrafikken går tett på barna.",
        "T3.3",
        HEARING,
    ),
    (
        dt.datetime(2020, 6, 4, 20, 30),
        "høring",
        "Organisasjon",
        "Ungdomsrådet i Os",
        "",
        "",
        "Ungdomsrådet ønsker en ordning med sommerjobb for ungdom i lokale bedrifter, så vi blir kjent med "
        "arbeidsplassene i bygda.",
        "M1.2",
        HEARING,
    ),
    (
        dt.datetime(2020, 6, 5, 12, 0),
        "høring",
        "Bedrift",
        "Gardsmat Os SA",
        "",
        "",
        "Lokalmatnettverket i T1.4 er bra, men det største problemet for oss er transport. Felles distribusjon "
        "til butikker i Røros og Trondheim bør være en del av tiltaket.",
        "T1.4",
        HEARING,
    ),
    (
        dt.datetime(2020, 6, 5, 23, 50),
        "høring",
        "Privatperson",
        "Innbygger 6",
        "nei",
        "",
        "Takk for et godt plandokument. Jeg håper kommunen holder fast ved planen også når det blir trangt i budsjettet.",
        "",
        HEARING,
    ),
]


def main() -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Innspill"
    sheet.append(COLUMNS)
    for row in ROWS:
        sheet.append(list(row))
    for letter, width in zip("ABCDEFGHI", (17, 14, 16, 26, 11, 11, 80, 12, 18)):
        sheet.column_dimensions[letter].width = width
    fixed = dt.datetime(2020, 6, 8, 12, 0)
    book.properties.created = book.properties.modified = fixed
    book.properties.creator = book.properties.lastModifiedBy = "Os kommune"
    target = Path(__file__).with_name("os-innspill.xlsx")
    book.save(target)
    return target


if __name__ == "__main__":
    print(f"skrev {main()}")
