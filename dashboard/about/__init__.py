"""About the data: provenance, method, the data dictionary, the link keys and how to bring your own data
(`page`).

A page family: it may import the layers below (shell, words, questions, data; ingest for its importer),
not another family, the API or `pages/`."""
