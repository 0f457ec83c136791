"""The Initiatives list: sort and paging controls, the server-paged table and one initiative's detail
(`page`).

A page family: it may import the layers below (shell, words, questions, data; ingest for its importer),
not another family, the API or `pages/`."""
