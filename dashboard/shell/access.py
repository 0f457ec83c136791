"""Sign-in for changes: who the visitor is (st.user: Streamlit's OIDC sign-in, or the identity headers of the
organisation's proxy through server.trustedUserHeaders), whether they may change datasets, and the prompt that says
why not. What is allowed is decided by dashboard.settings (SSC_SIGN_IN, SSC_EDITORS); viewing stays open unless the
operator sets SSC_VIEWING_NEEDS_SIGN_IN."""

from __future__ import annotations

import streamlit as st

from dashboard.settings import Settings, signed_in
from dashboard.words.languages import _
from dashboard.words.markup import plain


def user() -> dict:
    """The visitor's st.user fields ({} outside a session)."""
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - no script context (a test calling a page function): nobody
        return {}


def may_change(s: Settings) -> bool:
    """Whether this visitor may save, rename and delete datasets (and upload, when the operator says so)."""
    return s.may_change(user())


def who(s: Settings) -> str | None:
    """The signed-in visitor's e-mail (or name), else None."""
    u = user()
    if not signed_in(s.sign_in, u):
        return None
    return str(u.get("email") or u.get("name") or _("a signed-in user"))


def ask(s: Settings, needs: str) -> None:
    """Say that `needs` (e.g. 'Saving datasets on this server') needs an editor's sign-in, and offer it."""
    name = who(s)
    if name is not None:
        st.info(_("{needs} needs an editor's sign-in. You are signed in as {who}, who is not among this server's "
                  "editors: ask its operator.").format(needs=needs, who=plain(name)), icon=":material/lock:")
    elif s.sign_in == "oidc":
        st.info(_("{needs} needs an editor's sign-in.").format(needs=needs), icon=":material/lock:")
        st.button(_("Sign in"), icon=":material/login:", on_click=st.login, key=f"sign-in-{needs}")
    elif s.sign_in == "headers":
        st.info(_("{needs} needs an editor's sign-in: open this server through your organisation's sign-in.").format(
            needs=needs), icon=":material/lock:")
    else:
        st.info(_("{needs} is turned off: the server's sign-in setting (SSC_SIGN_IN) is not one it knows.").format(
            needs=needs), icon=":material/lock:")


def signed_in_line(s: Settings) -> None:
    """'Signed in as …' (and Sign out, with OIDC) in the sidebar, when someone is."""
    name = who(s)
    if name is None:
        return
    st.sidebar.caption(_("Signed in as {who}").format(who=plain(name)))
    if s.sign_in == "oidc":
        st.sidebar.button(_("Sign out"), icon=":material/logout:", on_click=st.logout, type="tertiary")


def gate_viewing(s: Settings) -> bool:
    """Whether the pages may be shown: always, unless the operator closed viewing and no one is signed in (then
    the sign-in prompt is shown instead)."""
    if not s.viewing_needs_sign_in or s.sign_in == "off" or who(s) is not None:
        return True
    if s.sign_in == "oidc":
        st.info(_("Sign in to see this server's dashboard."), icon=":material/lock:")
        st.button(_("Sign in"), icon=":material/login:", on_click=st.login, key="sign-in-to-view")
    elif s.sign_in == "headers":
        st.info(_("Open this server through your organisation's sign-in to see its dashboard."),
                icon=":material/lock:")
    else:
        st.info(_("This server's sign-in setting (SSC_SIGN_IN) is not one it knows: its dashboard cannot be shown."),
                icon=":material/lock:")
    return False
