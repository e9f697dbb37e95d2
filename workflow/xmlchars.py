"""Characters a Word document (XML 1.0) cannot hold: C0 controls other than tab, newline and
carriage return, lone surrogates, U+FFFE and U+FFFF. One definition for the plan's validation
(``plan/yamlsafe.py``), the command line's checks and the writers (``text/markdown.py``)."""

from __future__ import annotations

import re

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
