"""Who may change datasets: the operator's SSC_SIGN_IN and SSC_EDITORS against st.user's fields."""

from dashboard.settings import from_environment


def settings(**env):
    return from_environment({f"SSC_{k.upper()}": v for k, v in env.items()})


ALICE = {"email": "Alice@Ministry.gov", "groups": "ssc-editors, staff"}


def test_without_sign_in_anyone_may_change_as_a_local_run_does():
    assert settings().may_change({}) and settings(sign_in="off").may_change({})


def test_headers_need_the_identity_header_and_a_listed_editor():
    anyone = settings(sign_in="headers")
    assert not anyone.may_change({}) and not anyone.may_change({"email": "  "})
    assert anyone.may_change({"email": "bob@elsewhere.org"})
    assert settings(sign_in="headers", editors="alice@ministry.gov").may_change(ALICE)
    assert not settings(sign_in="headers", editors="alice@ministry.gov").may_change({"email": "bob@ministry.gov"})
    assert settings(sign_in="headers", editors="@ministry.gov").may_change(ALICE)
    assert not settings(sign_in="headers", editors="@ministry.gov").may_change({"email": "x@ministry.gov.evil.org"})
    assert settings(sign_in="headers", editors="group:ssc-editors").may_change(ALICE)
    assert not settings(sign_in="headers", editors="group:ssc-editors").may_change({"email": "bob@x.org",
                                                                                   "groups": "staff"})


def test_oidc_needs_a_logged_in_user():
    oidc = settings(sign_in="oidc")
    assert not oidc.may_change({"email": "alice@ministry.gov"})  # a header is not an OIDC sign-in
    assert not oidc.may_change({"is_logged_in": False, "email": "alice@ministry.gov"})
    assert oidc.may_change({"is_logged_in": True, "email": "alice@ministry.gov"})


def test_a_mistyped_sign_in_lets_no_one_change():
    assert not settings(sign_in="header").may_change(ALICE)
    assert not settings(sign_in="header").may_change({"is_logged_in": True, **ALICE})


def test_closing_uploads_and_viewing_is_the_operator_s_choice():
    assert not settings().uploads_need_sign_in and not settings().viewing_needs_sign_in
    closed = settings(uploads_need_sign_in="on", viewing_needs_sign_in="yes", editors=" , ")
    assert closed.uploads_need_sign_in and closed.viewing_needs_sign_in and closed.editors == ("*",)


def test_the_log_warns_of_saving_open_to_anyone_and_of_a_sign_in_it_does_not_know():
    assert "anyone" in settings().warnings()[0]
    assert settings(saving="off").warnings() == [] and settings(sign_in="headers").warnings() == []
    assert "no one may change" in settings(sign_in="ldap").warnings()[0]
