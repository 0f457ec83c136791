"""The Country profile: one country's partners both ways and its KPIs (`profile`), its own charts
(`charts`), and the page's pieces: choosing the country, KPIs by role, partners (`page`).

A page family: it may import the layers below (shell, words, questions, data; ingest for its importer),
not another family, the API or `pages/`."""
