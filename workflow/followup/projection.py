"""Is an ambition on track? A straight line through its measured values, read at the target year.

The line is the least-squares fit through the baseline and every measured value up to the
report year (the ambition's ``datapunkter`` and the values recorded under ``oppfolging/``; a
later value for the same year replaces an earlier one). Whether the target is a floor or a
ceiling is the ambition's ``krav`` (``minst`` / ``høyst``), or else follows from the direction
from baseline to target: a target above the baseline is a floor («minst»), one below it a
ceiling («høyst»). The verdict:

* «i rute»: the projected value at the target year reaches the target;
* «ikke i rute»: it does not;
* «for lite data»: only the baseline is known (nothing measured since).
"""

from __future__ import annotations

from dataclasses import dataclass

from workflow.text.norwegian import format_number

ON_TRACK, OFF_TRACK, NO_DATA = "i rute", "ikke i rute", "for lite data"


@dataclass(frozen=True)
class Projection:
    verdict: str
    points: tuple[tuple[int, float], ...]  # (year, value), sorted, the baseline first
    slope: float | None  # change per year
    projected: float | None  # the line's value at the target year
    words: str  # the reasoning, in Norwegian


def fit(points) -> tuple[float, float]:
    """Least squares: (slope, intercept) of value = slope * year + intercept."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    sxy = sum((x - mx) * (y - my) for x, y in points)
    slope = sxy / sxx if sxx else 0.0
    return slope, my - slope * mx


def _num(value: float) -> str:
    return format_number(round(value, 1) if abs(value) < 100 else round(value))


def project(ambition, values, until: int) -> Projection:
    """``values``: (year, value) measured since the baseline; those after ``until`` are left out."""
    by_year: dict[int, float] = {ambition.baseline.year: float(ambition.baseline.value)}
    for year, value in values:
        if ambition.baseline.year < year <= until:
            by_year[year] = float(value)
    points = tuple(sorted(by_year.items()))
    target, target_year = float(ambition.target.value), ambition.target.year
    requirement = getattr(ambition, "requirement", None)
    rising = requirement == "minst" if requirement else target >= ambition.baseline.value
    goal = f"Målet er {'minst' if rising else 'høyst'} {_num(target)} {ambition.unit} i {target_year}."
    if len(points) < 2:
        return Projection(
            NO_DATA,
            points,
            None,
            None,
            f"Det er ikke målt noen verdi etter utgangspunktet ({_num(points[0][1])} i {points[0][0]}). {goal}",
        )
    slope, intercept = fit(points)
    projected = slope * target_year + intercept
    reached = projected >= target if rising else projected <= target
    first, last = points[0], points[-1]
    per_year = (
        "uendret" if abs(slope) < 1e-9 else f"{'økt' if slope > 0 else 'sunket'} med {_num(abs(slope))} per år i snitt"
    )
    words = (
        f"Fra {_num(first[1])} i {first[0]} til {_num(last[1])} i {last[0]} har verdien {per_year}. "
        f"Fortsetter utviklingen i samme takt, blir verdien om lag {_num(projected)} i {target_year}. {goal} "
        + ("Ambisjonen er dermed i rute." if reached else "Ambisjonen er dermed ikke i rute.")
    )
    return Projection(ON_TRACK if reached else OFF_TRACK, points, slope, projected, words)
