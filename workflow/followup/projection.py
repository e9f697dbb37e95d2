"""Is an ambition on track? A straight line through its measured values, read at the target year.

The line is the least-squares fit through the baseline and every measured value up to the
report year (the ambition's ``datapunkter`` and the values recorded under ``oppfolging/``; a
later value for the same year replaces an earlier one). Whether the target is a floor or a
ceiling is the ambition's ``krav`` (``minst`` / ``høyst``), or else follows from the direction
from baseline to target: a target above the baseline is a floor («minst»), one below it a
ceiling («høyst»). The verdict:

* «i rute»: the projected value at the target year reaches the target;
* «ikke i rute»: it does not;
* «for få målinger»: fewer than three values (a line through two points is no trend), or no
  target to project to;
* «ikke målt ennå»: nothing measured since the baseline.

The line never goes where the indicator cannot: an indicator whose values are all zero or above
(a count, a share) is not projected below zero, a share (unit «prosent» or «%») not above 100.
When the line crosses such a bound before the target year the words say so instead of a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workflow.text.norwegian import format_number

if TYPE_CHECKING:
    from workflow.plan.model import Ambition

ON_TRACK, OFF_TRACK, NO_DATA, NOT_MEASURED = "i rute", "ikke i rute", "for få målinger", "ikke målt ennå"
MIN_POINTS = 3  # fewer values give no projected number
SHARE_UNITS = ("prosent", "%")


@dataclass(frozen=True)
class Projection:
    verdict: str
    points: tuple[tuple[int, float], ...]  # (year, value), sorted, the baseline first
    slope: float | None  # change per year
    projected: float | None  # the line's value at the target year
    words: str  # the reasoning, in Norwegian
    line: tuple[tuple[int, float], ...] = ()  # the projection year by year to the target year, within bounds


def fit(points: Sequence[tuple[float, float]]) -> tuple[float, float]:
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


def project(ambition: Ambition, values: Iterable[tuple[int, float]], until: int) -> Projection:
    """``values``: (year, value) measured since the baseline; those after ``until`` are left out.

    Works for ambitions whose baseline or target value is not set (a direction ``retning``
    or a target in words instead): the first measured value stands in for a missing baseline;
    without a target value the verdict follows the direction (økende, synkende, stabil), and
    without either the ambition cannot be judged by a projection («for lite data»)."""
    baseline = getattr(ambition, "baseline", None)
    target_m = getattr(ambition, "target", None)
    by_year: dict[int, float] = {}
    if baseline is not None:
        by_year[baseline.year] = float(baseline.value)
    for year, value in values:
        if (baseline is None or baseline.year < year) and year <= until:
            by_year[year] = float(value)
    points = tuple(sorted(by_year.items()))
    if not points:
        return Projection(NOT_MEASURED, points, None, None, "Det finnes ingen målinger ennå.")
    direction = getattr(ambition, "direction", None)
    if target_m is None:
        return _by_direction(ambition, points, direction)
    target, target_year = float(target_m.value), target_m.year
    requirement = getattr(ambition, "requirement", None)
    if requirement:
        rising = requirement == "minst"
    elif direction in ("økende", "synkende"):
        rising = direction == "økende"
    else:
        rising = target >= points[0][1]
    goal = f"Målet er {'minst' if rising else 'høyst'} {_num(target)} {ambition.unit} i {target_year}."
    if len(points) < 2:
        return Projection(
            NOT_MEASURED,
            points,
            None,
            None,
            f"Det er ikke målt noen verdi etter utgangspunktet ({_num(points[0][1])} i {points[0][0]}). {goal}",
        )
    slope, intercept = fit(points)
    if len(points) < MIN_POINTS:
        words = (
            f"{_trend(points, slope)} To målinger er for få til å si hvor utviklingen går, så verdien i "
            f"{target_year} framskrives ikke ennå. {goal}"
        )
        return Projection(NO_DATA, points, slope, None, words)
    return _along_the_line(ambition, points, (slope, intercept), (target, target_year), rising, goal)


def _along_the_line(
    ambition: Ambition,
    points: tuple[tuple[int, float], ...],
    line_: tuple[float, float],
    target_at: tuple[float, int],
    rising: bool,
    goal: str,
) -> Projection:
    """The verdict from the straight line (slope, intercept), held within ``bounds``."""
    slope, intercept = line_
    target, target_year = target_at
    projected = slope * target_year + intercept
    low, high = bounds(ambition, points)
    bounded = min(max(projected, low), high)
    reached = bounded >= target if rising else bounded <= target
    if bounded != projected:
        limit = f"{_num(bounded)} {ambition.unit}" if bounded == high else "null"
        where = (
            f"Fortsetter utviklingen i samme takt, når verdien {limit} før {target_year}, og lenger kan den ikke gå; "
            "en rett linje gir derfor ikke noe tall for målåret."
        )
    else:
        where = f"Fortsetter utviklingen i samme takt, blir verdien om lag {_num(projected)} i {target_year}."
    words = f"{_trend(points, slope)} {where} {goal} " + (
        "Ambisjonen er dermed i rute." if reached else "Ambisjonen er dermed ikke i rute."
    )
    line = tuple((y, min(max(slope * y + intercept, low), high)) for y in range(points[0][0], target_year + 1))
    return Projection(
        ON_TRACK if reached else OFF_TRACK, points, slope, None if bounded != projected else projected, words, line
    )


def bounds(ambition: Ambition, points: Sequence[tuple[int, float]]) -> tuple[float, float]:
    """Where the indicator can go: not below zero when every value so far is zero or above (a
    count, an amount, a share), not above 100 for a share."""
    low = 0.0 if all(v >= 0 for _, v in points) else float("-inf")
    unit = (getattr(ambition, "unit", "") or "").strip().lower()
    high = 100.0 if unit in SHARE_UNITS else float("inf")
    return low, high


def _trend(points: Sequence[tuple[int, float]], slope: float) -> str:
    first, last = points[0], points[-1]
    per_year = (
        "uendret" if abs(slope) < 1e-9 else f"{'økt' if slope > 0 else 'sunket'} med {_num(abs(slope))} per år i snitt"
    )
    return f"Fra {_num(first[1])} i {first[0]} til {_num(last[1])} i {last[0]} har verdien {per_year}."


STABLE_SHARE = 0.01  # «stabil»: the line moves less than 1 % of the first value a year


def _by_direction(ambition: Ambition, points: tuple[tuple[int, float], ...], direction: str | None) -> Projection:
    """No target value: the verdict is whether the line goes the way the ambition wants."""
    wanted = {"økende": "øke", "synkende": "synke", "stabil": "holde seg stabil"}.get(direction or "")
    if wanted is None or len(points) < 2:
        relative = getattr(ambition, "relative_target", None)
        goal = f" Målet er «{relative}»; det vurderes ikke med en framskriving." if relative else ""
        return Projection(NO_DATA, points, None, None, f"For få målinger eller ingen målverdi å framskrive mot.{goal}")
    slope, _ = fit(points)
    if direction == "stabil":
        reached = abs(slope) <= STABLE_SHARE * max(abs(points[0][1]), 1e-9)
    else:
        reached = slope > 0 if direction == "økende" else slope < 0
    words = f"{_trend(points, slope)} Målet er at verdien skal {wanted}. " + (
        "Ambisjonen er dermed i rute." if reached else "Ambisjonen er dermed ikke i rute."
    )
    return Projection(ON_TRACK if reached else OFF_TRACK, points, slope, None, words)
