"""The Funding mix page's arithmetic on the query layer's frames: readable keys, shares, the
leverage summary, and the lines that say what each chart covers and what it leaves out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.data import schema
from dashboard.data.store import LEVERAGE_BINS, NO_COFINANCING, OPEN_BIN
from dashboard.words import languages as i18n
from dashboard.words import text
from dashboard.words.languages import N_, _, ngettext

DIMENSIONS = {
    "year": N_("Year of contribution"),
    "theme": N_("Theme"),
    "cooperation_type": N_("Cooperation type"),
    "lead_actor": N_("Lead actor"),
    "provider_region": N_("Provider region"),
    "receiver_region": N_("Receiver region"),
}
NOT_PLACED = N_("Not placed by the source")
NO_RATIO_REASONS = {"anchor not reported": N_("anchor amount not reported"),
                    "anchor of zero": N_("anchor amount of US$0"),
                    "co-financing not reported": N_("a co-financing amount not reported"),
                    "joint funding, not split": N_("joint funding the source does not split among its funders")}
NOT_MEASURABLE = {"anchor not reported": N_("No ratio: anchor amount not reported"),
                  "anchor of zero": N_("No ratio: anchor amount of US$0"),
                  "co-financing not reported": N_("No ratio: a co-financing amount not reported"),
                  "joint funding, not split": N_("No ratio: joint funding, not split")}
RATIO_MEASURED = N_("Ratio measured")
RATIO_BINS = [NO_COFINANCING, *(label for _, label in LEVERAGE_BINS), OPEN_BIN]


def keyed(mix: pd.DataFrame, by: str) -> pd.DataFrame:
    """funding_mix(by) with a readable 'key' per row (null for a contribution with no year)."""
    column = mix[by]
    if by == "year":
        keys = [None if pd.isna(y) else str(int(y)) for y in column]
    elif by == "theme":
        keys = [schema.label("themes", c) for c in column]
    elif by in ("cooperation_type", "lead_actor"):
        keys = [schema.label(by, c) for c in column]
    else:
        keys = [_(NOT_PLACED) if r == "World" else i18n.region(r) for r in column]
    return mix.assign(key=keys)


def with_shares(mix: pd.DataFrame, field: str, group: str | None = None) -> pd.DataFrame:
    """Adds 'share': each row's part of field within its group (all rows if group is None); a group
    whose field sums to zero gets no shares (null), never a division by zero."""
    totals = mix[field].sum() if group is None else mix.groupby(group, dropna=False)[field].transform("sum")
    return mix.assign(share=mix[field] / (totals.where(totals > 0) if group else (totals or float("nan"))))


@dataclass(frozen=True)
class Leverage:
    """The leverage under the filters (see questions.leverage): how many initiatives it covers and the
    aggregate ratio, co-financing per US$ of anchor contribution, over the measured ones."""

    anchored: int  # initiatives with a multilateral or facilitator contribution
    with_cofinancing: int  # of which record any other contribution (with an amount or not)
    measured: int  # of which every amount is reported
    none_recorded: int  # measured, with no other contribution recorded (ratio 0)
    not_measurable: dict[str, int]  # status → initiatives without a ratio
    anchor_usd: float  # of the measured initiatives
    cofinancing_usd: float
    quartiles: tuple[float, float, float] | None

    @property
    def ratio(self) -> float | None:
        return self.cofinancing_usd / self.anchor_usd if self.measured and self.anchor_usd else None


def leverage_summary(bins: pd.DataFrame) -> Leverage:
    rows = bins.to_dict("records")  # a dozen rows: plain Python is quicker than pandas here
    measured = [r for r in rows if r["status"] == "measured"]
    not_measurable: dict[str, int] = {}
    for r in rows:
        if r["status"] != "measured":
            not_measurable[r["status"]] = not_measurable.get(r["status"], 0) + int(r["initiatives"])
    first = measured[0] if measured else None
    return Leverage(
        anchored=sum(int(r["initiatives"]) for r in rows),
        with_cofinancing=sum(int(r["with_cofinancing"]) for r in rows),
        measured=sum(int(r["initiatives"]) for r in measured),
        none_recorded=sum(int(r["initiatives"]) for r in measured if r["bin"] == NO_COFINANCING),
        not_measurable=not_measurable,
        anchor_usd=float(sum(r["anchor_usd"] for r in measured)),
        cofinancing_usd=float(sum(r["cofinancing_usd"] for r in measured)),
        quartiles=None if first is None or pd.isna(first["median"]) else
        (float(first["q1"]), float(first["median"]), float(first["q3"])),
    )


def distribution(lev: Leverage, bins: pd.DataFrame) -> pd.DataFrame:
    """Initiatives per ratio band, every band in order (empty ones as 0), then those with no ratio:
    columns bin, initiatives, measured (bool)."""
    counts = {b: int(n) for s, b, n in zip(bins["status"], bins["bin"], bins["initiatives"], strict=True)
              if s == "measured"}
    rows = [(_(b), counts.get(b, 0), True) for b in RATIO_BINS]
    rows += [(_(NOT_MEASURABLE[s]), n, False) for s, n in lev.not_measurable.items()]
    return pd.DataFrame(rows, columns=["bin", "initiatives", "measured"])


def coverage_line(cov: Mapping) -> str:
    """What the filtered initiatives' funding records hold, in one sentence."""
    n = int(cov["initiatives"])
    parts = [ngettext("**{all} of {n} initiative ({share}) has every amount reported**",
                      "**{all} of {n} initiatives ({share}) have every amount reported**", n).format(
        all=text.count(cov["all_reported"]), n=text.count(n), share=text.share(int(cov["all_reported"]), n))]
    if cov["partly_reported"]:
        parts.append(_("{n} some of them").format(n=text.count(cov["partly_reported"])))
    if cov["none_reported"]:
        parts.append(_("{n} record contributions with no amount").format(n=text.count(cov["none_reported"])))
    if cov["no_funding"]:
        parts.append(_("{n} record no contribution at all").format(n=text.count(cov["no_funding"])))
    if cov.get("unconverted"):
        parts.append(ngettext("{n} reports an amount that could not be converted to these prices (reported, not "
                              "converted)",
                              "{n} report an amount that could not be converted to these prices (reported, not "
                              "converted)", int(cov["unconverted"])).format(n=text.count(cov["unconverted"])))
    # The clauses' separator, as the language writes it ("; " in English, " ; " in French).
    return _("; ").join(parts) + ". " + _("Unknown amounts are never counted as zero: they are left out of the values "
                                       "and counted here.")


def left_out(mix: pd.DataFrame, measure: str, by: str | None = None) -> str:
    """What one funding chart shows of its contributions, and what it leaves out."""
    total, missing = int(mix["contributions"].sum()), int(mix["not_reported"].sum())
    if measure == "value" and missing:
        line = _("Values cover the {known} contributions with an amount; the {missing} without one ({share}) are "
                 "left out.").format(known=text.count(total - missing), missing=text.count(missing),
                                     share=text.share(missing, total))
    elif measure == "value":
        line = _("Every one of the {n} contributions has an amount.").format(n=text.count(total))
    else:
        line = _("Counts every contribution, {n} of them with no amount reported.").format(n=text.count(missing))
    extra = ""
    if by == "year":
        undated = int(mix.loc[mix["year"].isna(), "contributions"].sum())
        if undated:
            extra = ngettext("{n} contribution with no year is not shown.",
                             "{n} contributions with no year are not shown.", undated).format(n=text.count(undated))
    elif by == "theme":
        extra = _("A contribution counts in each theme of its initiative, so these counts add up to more than the "
                  "contributions above.")
    elif by in ("provider_region", "receiver_region"):
        extra = _("Values are shared across each initiative's provider→receiver pairs; a contribution is counted in "
                  "every region it reaches, so these counts can add up to more than the contributions above.")
    return f"{line} {extra}" if extra else line


def leverage_line(lev: Leverage) -> str:
    """What the leverage ratio rests on and what it leaves out."""
    if not lev.measured:
        out = [ngettext("No ratio can be measured: the {n} initiative with an anchor contribution does not report "
                        "every amount.",
                        "No ratio can be measured: none of the {n} initiatives with an anchor contribution reports "
                        "every amount.", lev.anchored).format(n=text.count(lev.anchored))]
    else:
        out = [ngettext("The ratio covers {measured} of the {n} initiative with an anchor contribution: {cofinancing} "
                        "of co-financing on {anchor} of anchor.",
                        "The ratio covers {measured} of the {n} initiatives with an anchor contribution: {cofinancing} "
                        "of co-financing on {anchor} of anchor.", lev.anchored).format(
            measured=text.count(lev.measured), n=text.count(lev.anchored), cofinancing=text.usd(lev.cofinancing_usd),
            anchor=text.usd(lev.anchor_usd))]
    left = [f"{text.count(n)} ({_(NO_RATIO_REASONS[s])})" for s, n in sorted(lev.not_measurable.items()) if n]
    if left:
        out.append(_("Left out, because an amount is unknown or zero: {reasons}.").format(reasons="; ".join(left)))
    if lev.none_recorded:
        out.append(ngettext("{n} measured initiative records no other contribution and counts as US$0 of "
                            "co-financing.",
                            "{n} measured initiatives record no other contribution and count as US$0 of "
                            "co-financing.", lev.none_recorded).format(n=text.count(lev.none_recorded)))
    if lev.quartiles:
        q1, median, q3 = (i18n.number(q, 2) for q in lev.quartiles)
        out.append(_("Per initiative, the median is US${median} per US$1; the middle half of the measured "
                     "initiatives lie between US${q1} and US${q3}.").format(median=median, q1=q1, q3=q3))
    return " ".join(out)


def status_label(status: str) -> str:
    return _(RATIO_MEASURED) if status == "measured" else _(NOT_MEASURABLE[status])
