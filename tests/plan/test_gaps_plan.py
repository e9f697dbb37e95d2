"""Gaps a mutation run found in the suite (issue 12 §4), in the plan's ids and digest: each test here fails for a
mutant the older tests let through."""

from __future__ import annotations


import pytest

from workflow.plan.load import load_project
from workflow.plan.source import WorkTree


# --- ids are unique across focus areas --------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, old, new",
    [
        ("tiltak", "id: T2.1\n", "id: T1.1\n"),
        ("mål", "id: M2.1\n", "id: M1.1\n"),
        ("strategi", "id: S2.1\n", "id: S1.1\n"),
    ],
)
def test_an_id_used_in_two_focus_areas_is_an_error(cli, plan_dir, kind, old, new):
    path = plan_dir / "plan" / "satsingsomrader" / "naeringsvennlig-kommune.yaml"
    text = path.read_text(encoding="utf-8")
    assert old.strip() in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = cli(plan_dir, "check")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if new.strip().split(": ")[1] in line and "feil" in line]
    assert lines, result.output
    assert any("naeringsvennlig-kommune.yaml" in line for line in lines), result.output


# --- the plan digest depends on the contents -----------------------------------------------------


def test_the_plan_digest_changes_with_one_byte_of_any_plan_file(plan_dir):
    before = load_project(WorkTree(plan_dir))[0].digest
    path = plan_dir / "plan" / "satsingsomrader" / "rammebetingelser.yaml"
    text = path.read_text(encoding="utf-8")
    import re

    match = re.search(r"kostnad: (\d)", text)
    digit = "1" if match[1] != "1" else "2"
    changed = text[: match.start(1)] + digit + text[match.end(1) :]
    assert len(changed) == len(text) and changed != text
    path.write_text(changed, encoding="utf-8")
    after = load_project(WorkTree(plan_dir))[0].digest
    assert after != before
    path.write_text(text, encoding="utf-8")
    assert load_project(WorkTree(plan_dir))[0].digest == before  # contents, not time or order of reading


def test_the_plan_digest_separates_file_names_from_contents(tmp_path, plan_dir):
    """Moving bytes from one file's end to the next file's start keeps the files' bytes, read
    one after the other, the same, and the plan's data too; the digest must still change."""
    from workflow.plan.load import load_project as load

    before, _ = load(WorkTree(plan_dir))
    first, second = (
        plan_dir / "plan" / "prosess.yaml",
        plan_dir / "plan" / "sak.yaml",
    )  # next to each other in name order
    a, b = first.read_bytes(), second.read_bytes()
    assert a.endswith(b"\n")
    first.write_bytes(a[:-1])
    second.write_bytes(b"\n" + b)
    assert first.read_bytes() + second.read_bytes() == a + b
    after, _ = load(WorkTree(plan_dir))
    assert after.case == before.case and after.process == before.process  # the same plan, read again
    assert after.digest != before.digest
