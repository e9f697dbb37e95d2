"""Click's own words (usage errors, help headings) in Norwegian, so that every message the
tool prints is in one language.

Click marks its texts for gettext but ships no catalogues, and gettext would pick the language
from the user's locale. The tool always speaks bokmål, so this module gives click's modules a
fixed catalogue instead: texts not listed stay as click wrote them.
"""

from __future__ import annotations

import importlib

CATALOG = {
    "Usage:": "Bruk:",
    "Options": "Valg",
    "Commands": "Kommandoer",
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
    "Show the version and exit.": "Vis versjonen og avslutt.",
    "%(prog)s, version %(version)s": "%(prog)s, versjon %(version)s",
    "Try '{command} {option}' for help.": "Se «{command} {option}» for hjelp.",
    "Error: {message}": "Feil: {message}",
    "Aborted!": "Avbrutt.",
    "Missing command.": "Mangler kommando.",
    "Missing argument": "Mangler argumentet",
    "Missing option": "Mangler valget",
    "Missing parameter": "Mangler parameteren",
    "Missing {param_type}": "Mangler {param_type}",
    "Missing parameter: {param_name}": "Mangler parameteren: {param_name}",
    "No such command {name!r}.": "Ukjent kommando {name!r}.",
    "No such option {name!r}.": "Ukjent valg {name!r}.",
    "Did you mean {possibility}?": "Mente du {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Mente du en av: {possibilities}?)",
    "Option {name!r} does not take a value.": "Valget {name!r} tar ingen verdi.",
    "Option {name!r} requires an argument.": "Valget {name!r} trenger en verdi.",
    "Option {name!r} requires {nargs} arguments.": "Valget {name!r} trenger {nargs} verdier.",
    "Got unexpected extra argument ({args})": "Uventet argument ({args})",
    "Got unexpected extra arguments ({args})": "Uventede argumenter ({args})",
    "Invalid value for {param_hint}: {message}": "Ugyldig verdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig verdi: {message}",
    "{value!r} is not {choice}.": "{value!r} er ikke {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} er ikke en av {choices}.",
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldig {number_type}.",
    "{value} is not in the range {range}.": "{value} er utenfor {range}.",
    "{value!r} does not match the format {format}.": "{value!r} har ikke formen {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} har ingen av formene {formats}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finnes ikke.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke leses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives.",
    "Could not open file {filename!r}: {message}": "Kunne ikke åpne filen {filename!r}: {message}",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "default: {default}": "standard: {default}",
    "required": "påkrevd",
}
_MODULES = ("core", "exceptions", "parser", "types", "formatting", "decorators", "termui")


def _gettext(message: str) -> str:
    return CATALOG.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Point click's modules at the catalogue (idempotent; unknown modules are skipped)."""
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
