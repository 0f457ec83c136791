"""The Funding mix: readable keys, shares, the leverage summary and the coverage lines (`mix`), its charts
(`charts`), and the page's sections (`page`).

A page family: it may import the layers below (shell, words, questions, data; ingest for its importer),
not another family, the API or `pages/`."""
