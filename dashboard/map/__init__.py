"""The Map: what each country provides and receives as classes (`geo`: measures, classes, outlines and
ribbons), the map chart (`charts`), and the page's controls, summary and tables (`page`).

A page family: it may import the layers below (shell, words, questions, data; ingest for its importer),
not another family, the API or `pages/`."""
