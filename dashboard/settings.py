"""What the server operator decides, from the environment (documented in the README):

- SSC_UPLOADS      on | off   the "Add your data" page (default on)
- SSC_SAVING       on | off   saving an upload on the server for everyone (default on: a local run)
- SSC_SAVED_DIR    a folder   where saved datasets live (default ~/.local/share/ssc-flows/datasets,
                              outside the repository)
- SSC_UPLOAD_MAX_MB           the largest file a visitor may upload (default 50)
- SSC_UPLOAD_MAX_ROWS         the most rows (or IATI activities) an upload may hold (default 200,000)
- SSC_IMPORT_WORKERS          uploads read and imported at once, each in its own process (default 2)
- SSC_IMPORT_CPU_SECONDS      the processor time one upload's reading or import may use (default 120)
- SSC_IMPORT_MEMORY_MB        the address space one upload's worker may reserve, in MB (default 6144; see README)
- SSC_PUBLIC_URL              the server's public address, for the links in citations and embeds (default: none;
                              links are then relative, never built from a request's Host header)
- SSC_SIGN_IN      off | oidc | headers   who may change datasets is decided by: nobody's sign-in (off, the default
                              of a local run: anyone who reaches the server), Streamlit's OIDC sign-in (st.login, its
                              provider in .streamlit/secrets.toml), or identity headers set by the organisation's
                              authenticating proxy (server.trustedUserHeaders maps them to st.user's email and groups)
- SSC_EDITORS                 who, signed in, may save, rename and delete datasets: comma-separated e-mail addresses,
                              @domain.org, group:NAME (from the groups header), or * for anyone signed in (default *)
- SSC_UPLOADS_NEED_SIGN_IN    on | off   uploading (even for one's own session) needs an editor too (default off)
- SSC_VIEWING_NEEDS_SIGN_IN   on | off   the pages show nothing until a user signs in (default off; the API stays
                              open: an operator closes it at the proxy)

A public deployment sets SSC_SAVING=off (or a reviewed SSC_SAVED_DIR) and sizes the limits to its machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SAVED_DIR = Path.home() / ".local" / "share" / "ssc-flows" / "datasets"


@dataclass(frozen=True)
class Settings:
    uploads: bool = True
    saving: bool = True
    saved_dir: Path = DEFAULT_SAVED_DIR
    max_mb: int = 50
    max_rows: int = 200_000
    import_workers: int = 2
    import_cpu_seconds: int = 120
    import_memory_mb: int = 6144
    public_url: str = ""
    sign_in: str = "off"  # off | oidc | headers (anything else: no one may change)
    editors: tuple[str, ...] = ("*",)
    uploads_need_sign_in: bool = False
    viewing_needs_sign_in: bool = False

    def may_change(self, user: Mapping[str, object]) -> bool:
        """Whether this user (st.user's fields) may save, rename and delete datasets."""
        if self.sign_in == "off":
            return True
        email = str(user.get("email") or "").strip().lower()
        if not signed_in(self.sign_in, user):
            return False
        groups = {g.strip().lower() for g in str(user.get("groups") or "").split(",") if g.strip()}
        for editor in (e.lower() for e in self.editors):
            if (editor == "*" or editor == email or (editor.startswith("@") and email.endswith(editor))
                    or (editor.startswith("group:") and editor[6:] in groups)):
                return True
        return False

    def warnings(self) -> list[str]:
        """What the server's log should say about these settings as it starts."""
        if self.sign_in not in SIGN_IN_KINDS:
            return [f"SSC_SIGN_IN={self.sign_in} is none of {', '.join(SIGN_IN_KINDS)}: no one may change datasets."]
        if self.sign_in == "off" and self.saving:
            return ["Saving is on and SSC_SIGN_IN=off: anyone who reaches this server may save, rename and delete "
                    "datasets. A server for others sets SSC_SIGN_IN=oidc or headers (README)."]
        return []


SIGN_IN_KINDS = ("off", "oidc", "headers")


def signed_in(kind: str, user: Mapping[str, object]) -> bool:
    """Whether st.user's fields say someone is signed in: through OIDC (is_logged_in), or by the identity header the
    authenticating proxy sets (mapped to `email`)."""
    if kind == "oidc":
        return user.get("is_logged_in") is True
    return kind == "headers" and bool(str(user.get("email") or "").strip())


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() in ("1", "on", "true", "yes")


def _number(value: str | None, default: int) -> int:
    try:
        return max(1, int(value)) if value else default
    except ValueError:
        return default


def from_environment(environ: Mapping[str, str]) -> Settings:
    """The settings an environment gives (a value that cannot be read keeps its default)."""
    return Settings(
        uploads=_flag(environ.get("SSC_UPLOADS"), True),
        saving=_flag(environ.get("SSC_SAVING"), True),
        saved_dir=Path(environ["SSC_SAVED_DIR"]).expanduser() if environ.get("SSC_SAVED_DIR") else DEFAULT_SAVED_DIR,
        max_mb=_number(environ.get("SSC_UPLOAD_MAX_MB"), 50),
        max_rows=_number(environ.get("SSC_UPLOAD_MAX_ROWS"), 200_000),
        import_workers=_number(environ.get("SSC_IMPORT_WORKERS"), 2),
        import_cpu_seconds=_number(environ.get("SSC_IMPORT_CPU_SECONDS"), 120),
        import_memory_mb=_number(environ.get("SSC_IMPORT_MEMORY_MB"), 6144),
        public_url=(environ.get("SSC_PUBLIC_URL") or "").strip().rstrip("/"),
        # A value that is none of SIGN_IN_KINDS lets no one change anything (and the server's log says so).
        sign_in=(environ.get("SSC_SIGN_IN") or "off").strip().lower(),
        editors=tuple(e.strip() for e in (environ.get("SSC_EDITORS") or "*").split(",") if e.strip()) or ("*",),
        uploads_need_sign_in=_flag(environ.get("SSC_UPLOADS_NEED_SIGN_IN"), False),
        viewing_needs_sign_in=_flag(environ.get("SSC_VIEWING_NEEDS_SIGN_IN"), False),
    )
