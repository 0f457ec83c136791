"""Every page renders on every imported sample (data with few amounts, many currencies, partners named
only by region, SDGs), and its KPIs equal the query layer."""

from __future__ import annotations

import pytest
from paths import ROOT, shared
from streamlit.testing.v1 import AppTest

from dashboard import questions
from dashboard.data.filters import Filters
from dashboard.data.store import open_store
from dashboard.ingest import mapping, run

PAGES = ["pages/overview.py", "pages/map.py", "pages/country.py", "pages/network.py", "pages/funding.py",
         "pages/initiatives.py", "pages/about.py"]
SAMPLES = {
    "honduras-iati-2.03": ("iati", "iati_2.03_HondurasAIMS_GeocodedResearchRelease.xml", None),
    "nepal-iati-1.04": ("iati", "iati_1.04_NepalAIMS_GeocodedResearchRelease.xml", {"south": "all"}),
    "qatar-tuff": ("aiddata", "Qatar_TUFFDonorDataset_Level1_v1.0.csv", None),
    "china-tuff": ("aiddata", "GlobalChineseOfficialFinanceDataset_v1.0.xlsx", None),
    "brazil-sections": ("aiddata", "Brazil_2005-2011_raw_data.xlsx", "brazil"),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Each sample imported once (lazily), by name."""
    done = {}

    def get(name: str):
        if name not in done:
            folder, file, given = SAMPLES[name]
            source = shared("samples", folder, file)
            if given == "brazil":
                given = mapping.load(ROOT / "docs" / "mappings" / "brazil-abc-sections.yaml")
            elif given:
                given = mapping.from_dict(given, "test")
            out = tmp_path_factory.mktemp(name)
            assert run([source], out, given).written
            done[name] = out
        return done[name]

    return get


@pytest.mark.parametrize("name", list(SAMPLES))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_every_imported_sample(imported, monkeypatch, page, name):
    directory = imported(name)
    monkeypatch.setenv("SSC_DATA_DIR", str(directory))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    if page == "pages/overview.py":
        kpis = questions.kpis(open_store(directory), Filters()).iloc[0]
        shown = {m.label: m.value for m in at.metric}
        assert shown["Initiatives"] == f"{int(kpis['initiatives']):,}"


@pytest.mark.parametrize(("name", "lang"), [("brazil-sections", "pt"), ("china-tuff", "fr"),
                                            ("honduras-iati-2.03", "es")])
@pytest.mark.parametrize("page", PAGES)
def test_imported_samples_in_other_languages(imported, monkeypatch, page, name, lang):
    """Real data in the language of its users: the Brazilian report (no amounts) in Portuguese, the Chinese
    dataset (many currencies) in French, Honduras's AIMS (partners named only by region) in Spanish."""
    from test_languages import english_left

    from dashboard.words import languages as i18n

    monkeypatch.setenv("SSC_DATA_DIR", str(imported(name)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = lang
    at.switch_page(page)
    at.run()
    i18n.use(i18n.DEFAULT)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert not english_left(at, lang)
