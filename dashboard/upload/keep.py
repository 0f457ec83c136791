"""Step 5, Open and save: the dataset's description, opening it in this session, saving it on the server,
and renaming or deleting saved datasets."""

from __future__ import annotations

import secrets
from pathlib import Path

import streamlit as st
import yaml

from dashboard.data import cache as store_cache
from dashboard.data import datasets
from dashboard.settings import Settings
from dashboard.shell import access
from dashboard.upload.session import session_datasets
from dashboard.words.languages import N_, _
from dashboard.words.markup import plain


def describe_form(out: Path) -> dict[str, str]:
    """Title, publisher, source and licence for dataset.yaml (shown everywhere the dataset is cited)."""
    meta = datasets.read_meta(out)
    cols = st.columns(2)
    values = {
        "title": cols[0].text_input(_("Title"), meta.get("title", ""), max_chars=200, key="meta-title"),
        "publisher": cols[1].text_input(_("Publisher"), meta.get("publisher", ""), max_chars=200,
                                        key="meta-publisher"),
        "source": cols[0].text_input(_("Source (a URL or a document)"), meta.get("source", ""), max_chars=300,
                                     key="meta-source"),
        "licence": cols[1].text_input(_("Licence"), meta.get("licence", ""), max_chars=100, key="meta-licence"),
    }
    return {k: v.strip() for k, v in values.items()}


def write_meta(out: Path, values: dict[str, str]) -> None:
    path = out / datasets.META_FILE
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    data = loaded if isinstance(loaded, dict) else {}
    data.update({k: v for k, v in values.items() if v})
    if values.get("title") and not values.get("citation"):
        data["citation"] = values["title"] + (f" ({values['publisher']})" if values.get("publisher") else "")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def open_in_session(out: Path) -> str:
    """Make the import this session's dataset (not saved; gone with the session) and return its key."""
    key = f"upload-{secrets.token_hex(4)}"
    session_datasets()[key] = datasets.describe(key, out, datasets.OWN_TITLES[2])
    return key


def save_on_server(out: Path, s: Settings) -> str:
    """Save the import for everyone on this server; its generated id (refused to a visitor who may not change)."""
    if not access.may_change(s):
        raise datasets.SaveError("refused")
    return datasets.save(out, s)


def manage_saved(s: Settings) -> None:
    """Rename or delete the datasets saved on this server."""
    saved = datasets.saved_datasets(s)
    if not saved:
        st.caption(_("No dataset is saved on this server yet."))
        return
    for dataset in saved:
        with st.container(border=True):
            st.markdown(_("**{title}** · id `{id}` · link `?ds={id}`").format(title=plain(_(dataset.label)),
                                                                              id=dataset.key))
            left, middle, right = st.columns([3, 1, 1], vertical_alignment="bottom")
            title = left.text_input(_("New title"), dataset.label, max_chars=200, key=f"rename-{dataset.key}")
            if middle.button(_("Rename"), key=f"rename-button-{dataset.key}", icon=":material/edit:"):
                changed(datasets.rename, (dataset.key, title, s), _("Renaming"), s)
            if right.button(_("Delete"), key=f"delete-{dataset.key}", icon=":material/delete:"):
                store_cache.forget(str(dataset.path))
                changed(datasets.delete, (dataset.key, s), _("Deleting"), s)


SAVE_PROBLEMS = {"full": N_("the server's disk is full"), "read-only": N_("the server's folder of datasets cannot "
                 "be written (read-only)"), "gone": N_("the dataset was deleted meanwhile"),
                 "failed": N_("the server could not write it"),
                 "refused": N_("it needs an editor's sign-in")}


def save_problem(action: str, error: datasets.SaveError) -> str:
    """'Saving did not happen: the server's disk is full. Nothing was changed.', in the visitor's language."""
    return _("{action} did not happen: {why}. Nothing was changed.").format(action=action,
                                                                          why=_(SAVE_PROBLEMS[error.kind]))


def changed(act, args: tuple, action: str, s: Settings) -> None:
    """Rename or delete (act(*args)), then show the list again; or say why not (a visitor who may not change)."""
    try:
        if not access.may_change(s):
            raise datasets.SaveError("refused")
        act(*args)
    except datasets.SaveError as error:
        st.error(save_problem(action, error), icon=":material/error:")
        return
    st.rerun()
