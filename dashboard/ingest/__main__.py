"""The command: python -m dashboard.ingest FILE [FILE…] --out DIR [options]."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from dashboard.ingest import Provenance, guessing, preview, read_source, run
from dashboard.ingest import mapping as mappings
from dashboard.ingest.mapping import MappingError
from dashboard.ingest.readers import SourceError

UNRESOLVED_SHOWN = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.ingest",
                                     description="Import CSV, Excel, IATI XML or AidData TUFF files into an SSC "
                                                 "Flows dataset (validated; with dataset.yaml and import-report.csv).")
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--mapping-reference", action="store_true", help="print the mapping reference (Markdown)")
    parser.add_argument("--out", type=Path, help="the dataset directory to write")
    parser.add_argument("--mapping", type=Path, help="a mapping YAML file (see --init)")
    parser.add_argument("--init", type=Path, metavar="MAPPING.yaml",
                        help="write a starter mapping for the (first) file, with the detected guesses, and stop")
    parser.add_argument("--rates", type=Path, help="exchange rates in the IMF's CSV layout (Date, Rate, Currency)")
    parser.add_argument("--south", choices=["not-dac", "all"], help="which providers count as South")
    parser.add_argument("--skip-unresolved", action="store_true", help="import without names that do not resolve")
    parser.add_argument("--sheet", help="Excel sheet (name or number)")
    parser.add_argument("--layout", choices=["table", "sections"], help="sections: a title row above each block")
    for name in ("title", "publisher", "source", "licence", "citation"):
        parser.add_argument(f"--{name}")
    args = parser.parse_args(argv)
    if args.mapping_reference:
        print(mappings.reference_markdown(), end="")
        return 0
    if not args.files:
        parser.error("name at least one FILE")
    try:
        given = mappings.load(args.mapping) if args.mapping else None
        overrides = {k: v for k, v in (("south", args.south), ("sheet", args.sheet), ("layout", args.layout),
                                       ("skip_unresolved", args.skip_unresolved or None)) if v is not None}
        if overrides:
            base = given or mappings.Mapping(name="command line")
            given = mappings.Mapping({**base.options, **overrides}, base.fields, base.funding, base.name)
        if args.init:
            return _init(args.files[0], args.init, given)
        if not args.out:
            parser.error("--out DIR is required (or --init MAPPING.yaml)")
        provenance = Provenance(args.title, args.publisher, args.source, args.licence, args.citation)
        result = run(args.files, args.out, given, args.rates, provenance)
    except (SourceError, MappingError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for name, detected in result.detected.items():
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in detected.items() if k != "sheets"))
    print(result.summary())
    if result.unresolved:
        print(f"{len(result.unresolved)} value(s) did not resolve:")
        for u in result.unresolved[:UNRESOLVED_SHOWN]:
            where = ", ".join(u.refs[:3]) + (f" and {len(u.refs) - 3} more" if len(u.refs) > 3 else "")
            hint = f"; did you mean {', '.join(u.suggestions)}?" if u.suggestions else ""
            print(f"- {u.field} {u.value!r} ({where}){hint}")
        if len(result.unresolved) > UNRESOLVED_SHOWN:
            print(f"- … and {len(result.unresolved) - UNRESOLVED_SHOWN} more (see import-report.csv)")
    for problem in result.problems:
        print(f"problem: {problem}")
    if result.written:
        print(f"wrote {args.out} (initiatives.parquet, funding_sources.parquet, dataset.yaml, import-report.csv)")
        return 0
    print(f"nothing imported; the report is {args.out / 'import-report.csv'}")
    return 1


def theme_values(table, chosen: mappings.Mapping) -> list[str]:
    """The values the themes column(s) hold, split on the field's separator, most frequent first."""
    spec = chosen.fields.get("themes", {})
    wanted = spec.get("column")
    names = wanted if isinstance(wanted, list) else [wanted] if wanted else []
    separator = spec.get("separator", chosen.option("list_separator", ";"))
    counts: Counter = Counter()
    for name in names:
        if name in table.columns:
            at = table.columns.index(name)
            counts.update(p.strip() for row in table.rows for p in str(row[at] or "").split(separator) if p.strip())
    return [value for value, _ in counts.most_common()]


def _init(path: Path, target: Path, given: mappings.Mapping | None) -> int:
    from dashboard.ingest import choose_mapping

    kind, table = read_source(path, given)
    if table is None:
        chosen = choose_mapping(path, None, given)
        target.write_text("# SSC Flows import mapping for an IATI file (the preset; fields may name an xpath:)\n"
                          + chosen.as_yaml(), encoding="utf-8")
    else:
        chosen = choose_mapping(path, table, given)
        first = table.rows[0] if table.rows else []
        samples = {c: str(v) for c, v in zip(table.columns, first, strict=False)}
        target.write_text(guessing.init_text(table.columns, chosen, samples, theme_values(table, chosen)),
                          encoding="utf-8")
        print(preview(table))
    print(f"wrote {target} ({chosen.name}); edit it, then: python -m dashboard.ingest {path} --mapping {target} "
          "--out DIR")
    return 0


if __name__ == "__main__":
    sys.exit(main())
