"""The data layer: the contract (schema), reading and validating a dataset, the store (Parquet → DuckDB) and
the stores a process keeps open, Filters and their SQL, the datasets offered, current and constant prices, the
reference data compiled from the seed documents and the synthetic data.

It may import `dashboard.settings` and the words it marks for translation (`dashboard.words.languages`,
`dashboard.words.markup`), nothing else of the app: everything above builds on it.
"""
