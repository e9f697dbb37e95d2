"""Word-level differences between two texts.

``word_diff(old, new)`` returns ``[(op, text), …]`` with op ∈ {"equal", "delete", "insert"}.
Joining the "equal" and "delete" parts gives ``old``; joining "equal" and "insert" gives ``new``.
Text is split into words (letters and digits, æøå included), numbers (with digit groups),
single punctuation marks and runs of whitespace, so «næringsforum,» → «næringsråd,» changes only the word, not the comma.
"""

from __future__ import annotations

import difflib
import re

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# A number with digit groups («1 740 000», also with no-break spaces) and decimals («1,5») is
# one token, so 1 740 000 → 1 760 000 shows as one changed number.
_TOKEN = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?|\w+|\s+|[^\w\s]", re.UNICODE)
# Above this many tokens on either side difflib's heuristic junk detection stays on.
_SHORT = 2000


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and single punctuation marks; ``"".join(tokens(t)) == t``."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The word-level edit script from ``old`` to ``new`` (adjacent parts of one kind merged)."""
    a, b = tokens(old or ""), tokens(new or "")
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=max(len(a), len(b)) > _SHORT)
    parts: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append((EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append((DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            parts.append((INSERT, "".join(b[j1:j2])))
    return _merge(_absorb_spaces(parts))


def _absorb_spaces(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Fold a whitespace-only "equal" part between two changes into both sides, so that
    replacing several words reads as one change («[-a b-]{+c d+}»), not a word at a time."""
    out: list[tuple[str, str]] = []
    for i, (op, text) in enumerate(parts):
        if (
            op == EQUAL
            and text.isspace()
            and 0 < i < len(parts) - 1
            and parts[i - 1][0] != EQUAL
            and parts[i + 1][0] != EQUAL
        ):
            out.append((DELETE, text))
            out.append((INSERT, text))
        else:
            out.append((op, text))
    # Regroup each run of changes as all deletions, then all insertions.
    grouped: list[tuple[str, str]] = []
    run: list[tuple[str, str]] = []
    for part in out + [(EQUAL, "")]:
        if part[0] == EQUAL:
            grouped.extend(p for p in run if p[0] == DELETE)
            grouped.extend(p for p in run if p[0] == INSERT)
            run = []
            grouped.append(part)
        else:
            run.append(part)
    return grouped


def _merge(parts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for op, text in parts:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return merged


def old_text(parts: list[tuple[str, str]]) -> str:
    return "".join(text for op, text in parts if op != INSERT)


def new_text(parts: list[tuple[str, str]]) -> str:
    return "".join(text for op, text in parts if op != DELETE)
