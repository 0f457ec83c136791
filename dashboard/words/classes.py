"""Value classes for maps and frames: round class bounds, their labels in the language, and each value's class and
colour (sequential for amounts and counts, diverging for net values and for changes). Pure functions on Series."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.words import colours, text
from dashboard.words import languages as i18n
from dashboard.words.languages import N_, _

# Class labels (English, N_-marked): a map's classes are written in the language of the run (_() of these).
NO_INITIATIVES = N_("No initiatives under these filters")
AMOUNT_NOT_REPORTED = N_("Amounts not reported")
NO_VALUE = N_("None")


def nice(value: float) -> float:
    """The nearest 'round' number at or above value: 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value * (1 - 1e-9))


def breaks(values: pd.Series, k: int = 5) -> list[float]:
    """Up to k-1 round upper bounds splitting the positive values into classes of similar size."""
    positive = np.sort(values[values > 0].to_numpy(dtype=float))
    if positive.size == 0:
        return []
    cuts = sorted({nice(q) for q in np.quantile(positive, [i / k for i in range(1, k)])})
    return [c for c in cuts if c < positive[-1]]


def _bounds_labels(cuts: list[float], money: bool, prefix: str = "") -> list[str]:
    """One label per class that _assign gives: 'under US$1M', 'US$1M–5M', 'US$5M and more'; for
    counts (whole numbers from 1) '1–4', '5–9', '10 and more'."""
    if not cuts:
        labels = [_("any amount") if money else _("any number")]
    elif money:
        # US$1M–5M in English; other languages write the currency on both bounds (1 M $US–5 M $US).
        english = i18n.current() == i18n.DEFAULT
        inner = [f"{text.usd(a)}–{text.usd(b).removeprefix('US$') if english else text.usd(b)}"
                 for a, b in zip(cuts, cuts[1:], strict=False)]
        labels = [_("under {amount}").format(amount=text.usd(cuts[0])), *inner,
                  _("{amount} and more").format(amount=text.usd(cuts[-1]))]
    else:
        def span(low: float, high: float) -> str:
            return text.count(low) if low == high else f"{text.count(low)}–{text.count(high)}"

        lows = [1, *cuts[:-1]]
        labels = [*(span(low, high - 1) for low, high in zip(lows, cuts, strict=True)),
                  _("{amount} and more").format(amount=text.count(cuts[-1]))]
    return [prefix.format(label=label) if prefix else label for label in labels]


@dataclass(frozen=True)
class Classes:
    """A map legend: class labels in order and their colours, plus each place's class."""

    domain: list[str]
    colours: list[str]
    labels: pd.Series  # one per place, aligned with the values given


# Sequential (viridis, light to dark) and diverging (ColorBrewer PuOr) schemes, both colour-blind safe.
SEQUENTIAL = ["#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"]
DIVERGING_RECEIVES = ["#542788", "#998ec3", "#d8daeb"]  # most received first
DIVERGING_PROVIDES = ["#fee0b6", "#f1a340", "#b35806"]  # least provided first
ZERO = "#ffffff"
BALANCED = "#f7f7f7"
BALANCED_LABEL = N_("Balanced (net zero)")
NOT_REPORTED_GREY = "#969696"
NO_DATA_GREY = colours.NO_DATA


def _assign(values: np.ndarray, cuts: list[float]) -> np.ndarray:
    """The class index of each positive value: 0 below cuts[0], …, len(cuts) at or above the last."""
    return np.searchsorted(np.asarray(cuts, dtype=float), values, side="right" if cuts else "left")


def _spread(colours: list[str], n: int) -> list[str]:
    """n colours spread evenly over a scheme, so two classes do not both look pale."""
    if n <= 1:
        return colours[len(colours) // 2:][:n]
    return [colours[round(i)] for i in np.linspace(0, len(colours) - 1, n)]


def class_bounds(values: pd.Series, kind: str) -> list[float]:
    """The class bounds of a measure's values: kind 'usd' (money), 'count' (whole numbers) or 'net'."""
    if kind == "net":
        return breaks(values.abs(), 3)[:2]
    return breaks(values) if kind == "usd" else [c for c in breaks(values) if c > 1]


def classify(values: pd.Series, unreported: pd.Series, money: bool, cuts: list[float] | None = None) -> Classes:
    """Sequential classes of non-negative values: 'None' for zero, up to 5 round-bounded classes (bounds
    cuts, by default those of the values), and (for money) 'Amounts not reported' where the value is zero
    but some amounts are unknown."""
    if cuts is None:
        cuts = class_bounds(values, "usd" if money else "count")
    labels = [label[0].upper() + label[1:] for label in _bounds_labels(cuts, money)]
    out = pd.Series(_(NO_VALUE), index=values.index, dtype=object)
    positive = values > 0
    out[positive] = [labels[i] for i in _assign(values[positive].to_numpy(dtype=float), cuts)]
    if money:
        out[~positive & (unreported > 0)] = _(AMOUNT_NOT_REPORTED)
    domain = [_(NO_VALUE), *labels] + ([_(AMOUNT_NOT_REPORTED)] if money else []) + [_(NO_INITIATIVES)]
    colours = [ZERO, *_spread(SEQUENTIAL, len(labels))] + ([NOT_REPORTED_GREY] if money else []) + [NO_DATA_GREY]
    return Classes(domain=domain, colours=colours, labels=out)


def classify_net(net: pd.Series, unreported: pd.Series, reported: pd.Series, cuts: list[float] | None = None
                 ) -> Classes:
    """Diverging classes of net value: net receivers (purple) ← balanced → net providers (orange).

    reported: whether the place has any reported amount either way; one with none but some
    amounts not reported is 'Amounts not reported', not 'Balanced'. cuts: as class_bounds(net, 'net') gives."""
    if cuts is None:
        cuts = class_bounds(net, "net")
    provides = _bounds_labels(cuts, money=True, prefix=_("Net provider: {label}"))
    receives = _bounds_labels(cuts, money=True, prefix=_("Net receiver: {label}"))
    out = pd.Series(_(BALANCED_LABEL), index=net.index, dtype=object)
    for sign, names in ((1, provides), (-1, receives)):
        side = (net * sign) > 0
        out[side] = [names[i] for i in _assign((net[side] * sign).to_numpy(dtype=float), cuts)]
    out[(net == 0) & ~reported & (unreported > 0)] = _(AMOUNT_NOT_REPORTED)
    n = len(provides)
    domain = [*receives[::-1], _(BALANCED_LABEL), *provides, _(AMOUNT_NOT_REPORTED), _(NO_INITIATIVES)]
    colours = [*DIVERGING_RECEIVES[3 - n:], BALANCED, *DIVERGING_PROVIDES[:n], NOT_REPORTED_GREY, NO_DATA_GREY]
    return Classes(domain=domain, colours=colours, labels=out)


NO_CHANGE = N_("No change")
CHANGE_NOT_KNOWN = N_("Change not known (amounts not reported)")
IN_NEITHER = N_("No initiatives in either period")


def classify_change(change: pd.Series, known: pd.Series, money: bool) -> Classes:
    """Diverging classes of a change between two periods: decreases (browns) ← no change → increases (blue-greens),
    bounds from the changes' sizes; 'Change not known' where either period's amount is unknown (known False)."""
    sizes = change[known & (change != 0)].abs()
    cuts = class_bounds(sizes, "net")
    ups = _bounds_labels(cuts, money, prefix=_("Increase: {label}"))
    downs = _bounds_labels(cuts, money, prefix=_("Decrease: {label}"))
    out = pd.Series(_(NO_CHANGE), index=change.index, dtype=object)
    for sign, names in ((1, ups), (-1, downs)):
        side = known & (change * sign > 0)
        out[side] = [names[i] for i in _assign((change[side] * sign).to_numpy(dtype=float), cuts)]
    out[~known] = _(CHANGE_NOT_KNOWN)
    n = len(ups)
    domain = [*downs[::-1], _(NO_CHANGE), *ups, _(CHANGE_NOT_KNOWN), _(IN_NEITHER)]
    palette = [*colours.CHANGE_DOWN[3 - n:], colours.UNCHANGED, *colours.CHANGE_UP[:n], NOT_REPORTED_GREY,
               NO_DATA_GREY]
    return Classes(domain=domain, colours=palette, labels=out)
