"""The Country profile: one country's partners both ways, its KPIs, and its charts and page pieces.

A page family: it may import the layers below (shell, words, questions, data), not another family."""
