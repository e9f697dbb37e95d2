"""How a Norwegian clerk names bodies in running text and headings.

Body names are written with a capital letter in ``plan/prosess.yaml`` («Formannskapet»,
«Hovedutvalg for plan og næring»): that is how they stand alone (in the saksgang table). Inside
a sentence they are lower case («behandlet i formannskapet»); the genitive of a one-word name is
«formannskapets innstilling», of a multi-word name «innstillingen fra hovedutvalg for plan og
næring» (never «hovedutvalg for plan og nærings innstilling»).
"""

from __future__ import annotations


def in_text(name: str) -> str:
    """«Formannskapet» → «formannskapet» inside a sentence. Names that start with an acronym
    («NAV-styret») or hold a proper name («Rørosregionen Næringshage») keep their capitals: only
    a capital followed by a lower-case letter, in a name whose other words are lower case, is
    lowered."""
    words = name.split()
    if not words or len(words[0]) < 2 or not (words[0][0].isupper() and words[0][1].islower()):
        return name
    if any(w[:1].isupper() for w in words[1:]):
        return name  # «Os kommune», «Rørosregionen Næringshage»: proper names
    return name[0].lower() + name[1:]


def label_in_text(label: str, names: tuple[str, ...] = ()) -> str:
    """A data label inside a sentence: «Sysselsatte med arbeidssted i Os» → «sysselsatte med
    arbeidssted i Os» (a common noun from a label is lower case; the proper names later in it
    keep their capitals). The first word keeps its capital when it is an acronym («SSB»), one of
    ``names`` (the kommune's name), or written with a capital again later in the label."""
    words = label.split()
    if not words or len(words[0]) < 2 or not (words[0][0].isupper() and words[0][1:].islower()):
        return label
    first = words[0].strip(",.:;()")
    if first in names or first in words[1:]:
        return label
    return label[0].lower() + label[1:]


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _genitive_word(word: str) -> str:
    return word + ("'" if word[-1:].lower() in ("s", "x", "z") else "s")


def of_body(noun: str, name: str, language: str = "bokmål") -> str:
    """A thing belonging to a body, at the start of a heading: («innstilling», «Formannskapet»)
    → «Formannskapets innstilling»; («innstilling», «Hovedutvalg for plan og næring») →
    «Innstilling fra hovedutvalg for plan og næring»; («innstilling», «Rådmannen») →
    «Rådmannens innstilling». Nynorsk avoids the s-genitive of a body: «Innstilling frå
    formannskapet», «Vedtak i kommunestyret»."""
    if language == "nynorsk":
        return capital(noun) + (" i " if noun == "vedtak" else " frå ") + in_text(name)
    if len(name.split()) == 1:
        return capital(_genitive_word(name)) + " " + noun
    return capital(noun) + " fra " + in_text(name)


def of_body_in_text(definite_noun: str, name: str) -> str:
    """The same inside a sentence: («innstillingen», «Formannskapet») → «formannskapets
    innstilling»; multi-word → «innstillingen fra hovedutvalg for plan og næring»."""
    if len(name.split()) == 1:
        return _genitive_word(in_text(name)) + " " + _indefinite(definite_noun)
    return definite_noun + " fra " + in_text(name)


def _indefinite(noun: str) -> str:
    for ending in ("en", "et", "a"):
        if noun.endswith(ending) and len(noun) > len(ending) + 2:
            return noun[: -len(ending)]
    return noun
