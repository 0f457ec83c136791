"""The synthetic generator: follows the contract, looks like SSC, is reproducible."""

from __future__ import annotations

from collections import Counter

import pyarrow.parquet as pq
import pytest

from dashboard.data import schema, synth, tables
from dashboard.data.validate import validate_dataset


@pytest.fixture(scope="module")
def generated():
    initiatives, funding = synth.generate(5_000, seed=3)
    return initiatives.to_pandas(), funding.to_pandas()


def test_validates_and_is_synthetic(tmp_path):
    initiatives, funding = synth.generate(3_000, seed=5)
    tables.write_dataset(initiatives, funding, tmp_path)
    assert validate_dataset(tmp_path) == []
    assert pq.read_table(tmp_path / schema.INITIATIVES_FILE).column("synthetic").to_pylist() == [True] * 3_000
    assert all(s.startswith("Synthetic") for s in initiatives.column("source").to_pylist())


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = synth.generate(500, seed=1), synth.generate(500, seed=1), synth.generate(500, seed=2)
    assert a[0].equals(b[0]) and a[1].equals(b[1])
    assert not a[0].equals(c[0])


def test_looks_like_south_south_cooperation(generated):
    initiatives, funding = generated
    providers = Counter(c for row in initiatives["providers"] for c in row)
    receivers = Counter(c for row in initiatives["receivers"] for c in row)
    top_providers = {c for c, _ in providers.most_common(8)}
    assert {"CHN", "IND", "BRA"} <= top_providers
    assert sum(receivers[c] for c in ("HTI", "MOZ", "NPL")) > sum(providers[c] for c in ("HTI", "MOZ", "NPL"))
    assert 0.08 < initiatives["two_way"].mean() < 0.16
    triangular = initiatives[initiatives["cooperation_type"] == "triangular"]
    assert (triangular["facilitators"].map(len) > 0).all()
    assert (initiatives[initiatives["cooperation_type"] != "triangular"]["facilitators"].map(len) == 0).all()
    assert (initiatives["receiver_regions"].map(len) > 0).mean() > 0.02  # some partners named only by region
    share_unreported = funding["amount_usd"].isna().mean()
    assert 0.15 < share_unreported < 0.35
    assert funding["in_kind"].any()
    assert set(funding["source_type"]) == set(schema.SOURCE_TYPES) - {"joint"}  # joint: only where a source says so
    assert funding.loc[funding["source_type"] == "provider_government", "funder"].str.startswith("Government of ").all()


def test_cli(tmp_path, capsys):
    assert synth.main(["--initiatives", "50", "--seed", "9", "--out", str(tmp_path)]) == 0
    assert "wrote 50 initiatives" in capsys.readouterr().out
    assert validate_dataset(tmp_path) == []
    with pytest.raises(SystemExit):
        synth.main(["--initiatives", "0", "--out", str(tmp_path)])
