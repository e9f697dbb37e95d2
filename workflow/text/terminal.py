"""Foreign text (a server's answer, a file's content) made safe to print on a terminal."""

from __future__ import annotations

import unicodedata

# Bidirectional overrides and isolates: they reorder what the reader sees (Trojan Source).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` without control characters: no terminal escape sequence (ESC, CSI, OSC, BEL,
    backspace, carriage return) and no bidirectional override reaches the terminal. A line
    break or tab becomes a space, unless ``lines`` keeps them."""
    out = []
    for c in text:
        if c in "\n\t":
            out.append(c if lines else " ")
        elif unicodedata.category(c) != "Cc" and c not in BIDI_CONTROLS:
            out.append(c)
    return "".join(out)
