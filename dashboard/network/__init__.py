"""The Network: graph metrics and a deterministic layout (`metrics`), the drawing and its companion
charts (`charts`), and the page's controls and tables (`page`).

A page family: it may import the layers below (shell, words, questions, data; ingest for its importer),
not another family, the API or `pages/`."""
