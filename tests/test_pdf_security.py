"""Printing can neither run nor read anything (issue 32 item 3): a bundle whose client name and
labels carry script and frame payloads is printed by Chromium and report.pdf read back with
pypdf: no script ran (the PDF's title and text are unchanged), no file was framed (no hostname),
the payload shows as text. Each layer is also tested alone: the print with scripts disabled,
and the Content-Security-Policy against a frame."""
import socket
import uuid
from pathlib import Path

import pytest

from workbench import pdf

pytestmark = pytest.mark.skipif(pdf.chromium_path() is None,
                                reason="chromium is not installed (make browser-setup): nothing to print with")

# what a script would write is assembled at run time: the markers are not in the payload's text
SCRIPT = ('<script>document.title="PW"+"NED";'
          'document.body.insertAdjacentText("afterbegin","SCRIPT"+"RAN")</script>')
# a file of the machine, outside the bundle, that a frame would print: its token must never show
SECRET_FILE = Path("/tmp") / f"wb-secret-{uuid.uuid4().hex}.txt"
TOKEN = "TOPSECRET" + uuid.uuid4().hex[:12]
FRAME = (f'<iframe src="file:///etc/hostname" width=600 height=60></iframe>'
         f'<iframe src="{SECRET_FILE.as_uri()}" width=600 height=60></iframe>')
CLIENT = f'Evil"; }} </style>{SCRIPT}{FRAME} Corp'
LABEL = f"Finance{SCRIPT}{FRAME}"


@pytest.fixture(autouse=True)
def secret_file():
    SECRET_FILE.write_text(TOKEN + "\n")
    yield
    SECRET_FILE.unlink(missing_ok=True)


def _secrets() -> list[str]:
    names = {TOKEN, socket.gethostname()}
    try:
        names.add(Path("/etc/hostname").read_text().strip())
    except OSError:
        pass
    return [n for n in names if len(n) >= 4]


def _read(path: Path) -> tuple[str, dict]:
    import pypdf
    reader = pypdf.PdfReader(str(path))
    return "\n".join(p.extract_text() or "" for p in reader.pages), dict(reader.metadata or {})


def _flat(text: str) -> str:
    import unicodedata
    return "".join(unicodedata.normalize("NFKC", text).split())   # "ﬁ" ligatures as "fi"


def test_hostile_bundle_prints_payloads_as_text(tmp_path):
    import html
    e = html.escape
    # the pages as the workbench writes them: labels escaped by the views / nbconvert
    (tmp_path / "index.html").write_text(
        f"<!doctype html><html><head><title>{e(CLIENT)}</title></head><body>"
        f"<h2>What we found</h2><p>Department {e(LABEL)} is short of mentors.</p></body></html>")
    (tmp_path / "01.html").write_text(
        "<!doctype html><html><head><style>td{color:#222}</style></head><body><h2>Readiness</h2>"
        f"<table><thead><tr><th>Department</th><th>Mentees</th></tr></thead>"
        f"<tbody><tr><td>{e(LABEL)}</td><td>12</td></tr></tbody></table></body></html>")
    out = pdf.write_pdf(tmp_path, [("Summary", "index.html"), (f"Goals {LABEL}", "01.html")],
                        client=CLIENT, program=f"Pilot {SCRIPT}", date="30 Jun 2026")
    text, meta = _read(out)
    assert "SCRIPTRAN" not in text and "PWNED" not in meta.get("/Title", "")
    assert meta.get("/Title", "").startswith('Evil"; } </style><script>')   # the template's title
    for secret in _secrets():
        assert secret not in text, "a framed file was printed"
    flat = _flat(text)
    assert _flat("Evil\"; } </style><script>document.title=") in flat        # cover and footer
    assert _flat('Finance<script>document.title="PW"+"NED"') in flat         # the label, as text
    assert _flat('<iframe src="file:///etc/hostname"') in flat


def test_printing_runs_no_script_even_without_the_policy(tmp_path):
    """The print itself disables scripts (DevTools Emulation.setScriptExecutionDisabled)."""
    src = tmp_path / "page.html"
    src.write_text(f"<html><body><h1 id=h>static text</h1>{SCRIPT}</body></html>")
    out = tmp_path / "out.pdf"
    pdf._print(pdf.chromium_path(), src, out, str(tmp_path), "out.pdf")
    text, meta = _read(out)
    assert "static text" in text and "SCRIPTRAN" not in text and "PWNED" not in str(meta)


def test_the_policy_alone_stops_a_frame(tmp_path):
    """A client page's Content-Security-Policy refuses a frame, whatever else lets it through."""
    src = tmp_path / "page.html"
    src.write_text(pdf.with_csp(f"<html><head></head><body><p>before</p>{FRAME}<p>after</p></body></html>"))
    out = tmp_path / "out.pdf"
    pdf._print(pdf.chromium_path(), src, out, str(tmp_path), "out.pdf")
    text, _ = _read(out)
    assert "before" in text and "after" in text
    for secret in _secrets():
        assert secret not in text
