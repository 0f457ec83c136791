"""Add your data: one module per step (`receive`, `detect`, `mapping`, `check`, `keep`), the visitor's
upload session (`session`) and the page's flow through the steps (`flow`).

A page family: it may import the layers below (shell, words, questions, data; ingest for its importer),
not another family, the API or `pages/`."""
