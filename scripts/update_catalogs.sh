#!/bin/sh
# Extract every word the app marks (_, N_, ngettext) into locales/messages.pot and merge the template into each
# language's catalog (locales/<lang>/LC_MESSAGES/messages.po); new words arrive untranslated, words no longer used
# leave. Then translate the empty entries, and run `pytest tests/unit/test_i18n.py`.
set -e
cd "$(dirname "$0")/.."
pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ -k ngettext:1,2 -k NC_:1c,2 --add-location=file -w 120 \
  --project="SSC Flows" --copyright-holder="SSC Flows contributors" -o locales/messages.pot .
pybabel update -i locales/messages.pot -d locales -D messages -w 120 --ignore-obsolete --no-fuzzy-matching
