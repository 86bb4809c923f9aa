"""``oparl sync --files``: the papers' files fetched from the fixture server on 127.0.0.1, their
text extracted (a real PDF written with reportlab, plain text, HTML) and searchable; a file too
large, of another type, announced as PDF but none, and one whose transfer breaks off are refused
or failed, reported, and the sync goes on. Incremental by ``modified`` and resumable."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from oparl_servers import FAKE_BASE, FixtureServer
from oparl_support import local_client
from reportlab.pdfgen import canvas

from integrationkonzept.cli import main
from integrationkonzept.oparl.files import FileReport
from integrationkonzept.oparl.search import match_expression
from integrationkonzept.oparl.store import Store
from integrationkonzept.oparl.sync import SyncOptions, SyncReport, sync

SYSTEM = FAKE_BASE + "system"
T1 = "https://schema.oparl.org/1.1/"
CAP = 50_000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def u(path: str) -> str:
    return FAKE_BASE + path


def pdf(*lines: str) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    for number, line in enumerate(lines):
        page.drawString(72, 760 - 16 * number, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def file_object(number: int, mime: str, **fields: object) -> dict[str, object]:
    return {
        "id": u(f"file/{number}"),
        "type": T1 + "File",
        "name": f"Anlage {number}",
        "accessUrl": u(f"file/{number}/download"),
        "mimeType": mime,
        "modified": "2024-01-10T12:00:00+00:00",
        **fields,
    }


def add_file_papers(server: FixtureServer) -> None:
    """Papers 20–28, each with one file (see the module)."""
    files = {
        20: file_object(20, "application/pdf"),
        21: file_object(21, "text/plain", downloadUrl=u("file/21/download")),
        22: file_object(22, "text/html"),
        23: file_object(23, "application/pdf"),  # too large, found when fetched
        24: file_object(24, "application/pdf", size=CAP + 1),  # too large, says so
        25: file_object(25, "image/png"),
        26: file_object(26, "application/pdf"),  # is a PNG
        27: file_object(27, "text/plain"),  # breaks off
        28: file_object(28, DOCX),
    }
    for number, item in files.items():
        server.add_paper(number, f"Vorlage mit Anlage {number}")
        field = "auxiliaryFile" if number == 21 else "mainFile"
        server.update(f"paper/{number}", **{field: [item] if number == 21 else item})
    server.contents.update(
        {
            "file/20/download": (
                200,
                pdf("Die Stadt fördert die Integra-", "tion von Geflüchteten im Quartier."),
                {"Content-Type": "application/pdf"},
            ),
            "file/21/download": (
                200,
                "Protokoll: Schulwegsicherung an der Hauptstraße".encode(),
                {"Content-Type": "text/plain; charset=utf-8"},
            ),
            "file/22/download": (
                200,
                b"<!DOCTYPE html><html><head><title>Kopf</title><style>p{x:y}</style></head>"
                b"<body><p>Stadtteilm&uuml;tter begleiten Familien</p></body></html>",
                {"Content-Type": "text/html"},
            ),
            "file/23/download": (200, b"%PDF-1.4\n" + b"0" * (CAP + 10), {}),
            "file/24/download": (200, b"%PDF-1.4\n", {}),
            "file/25/download": (200, b"\x89PNG\r\n\x1a\n", {}),
            "file/26/download": (200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, {}),
            "file/27/download": (200, b"Abgebrochene Sprachmittlung " * 200, {"X-Cut-At": "100"}),
            "file/28/download": (200, b"PK\x03\x04", {}),
        }
    )


def run_sync(path: Path, server: FixtureServer) -> SyncReport:
    with Store(path) as store, local_client(server, retries=1) as client:
        report = sync(store, client, SYSTEM, SyncOptions(files=True, file_max_bytes=CAP))
    assert report.complete
    return report


def refs(path: Path, query: str) -> list[str]:
    expression = match_expression(query)
    assert expression is not None
    with Store(path, readonly=True) as store:
        return [hit.reference or "" for hit in store.search(expression)]


def downloads(server: FixtureServer) -> list[str]:
    return sorted(path for path in server.take_requests() if path.endswith("/download"))


@pytest.fixture
def database(tmp_path: Path, fixture_server: FixtureServer) -> Path:
    add_file_papers(fixture_server)
    return tmp_path / "oparl.sqlite3"


def test_files_are_fetched_and_their_text_is_searchable(
    database: Path, fixture_server: FixtureServer
) -> None:
    report = run_sync(database, fixture_server)
    assert report.files == FileReport(fetched=3, unchanged=0, refused=5, failed=1)
    assert refs(database, "Integration Geflüchteten") == ["BS-DS-0020/24"]  # PDF, hyphen joined
    assert refs(database, "Hauptstrasse") == ["BS-DS-0021/24"]  # text, by downloadUrl
    assert refs(database, "Stadtteilmütter") == ["BS-DS-0022/24"]  # HTML without its tags
    assert refs(database, "Kopf") == []
    with Store(database, readonly=True) as store:
        texts = store.file_texts()
        problems = {url: message for _run, url, message in store.problems()}
    assert {url.rsplit("/", 1)[1]: status for url, (status, _text) in texts.items()} == {
        "20": "text",
        "21": "text",
        "22": "text",
        "23": "too-large",
        "24": "too-large",
        "25": "type",
        "26": "type",
        "27": "failed",
        "28": "type",
    }
    assert "Antwort zu groß" in problems[u("file/23")]
    assert "nicht geholt" in problems[u("file/24")]
    assert "image/png wird nicht gelesen" in problems[u("file/25")]
    assert "als PDF angekündigt, ist aber keins" in problems[u("file/26")]
    assert "Verbindungsfehler" in problems[u("file/27")]
    assert DOCX in problems[u("file/28")]
    fetched = {path.split("/")[-2] for path in downloads(fixture_server)}
    assert fetched == {"20", "21", "22", "23", "26", "27"}  # 24, 25 and 28 were not fetched


def test_a_second_sync_fetches_only_new_changed_and_failed_files(
    database: Path, fixture_server: FixtureServer
) -> None:
    first = run_sync(database, fixture_server)
    fixture_server.set_clock(first.started.astimezone(dt.UTC) + dt.timedelta(seconds=5))
    downloads(fixture_server)
    fixture_server.contents["file/27/download"] = (200, b"Sprachmittlung im Jobcenter", {})
    fixture_server.contents["file/21/download"] = (200, b"Schulweg am Lindenplatz", {})
    changed = file_object(21, "text/plain", modified="2024-05-01T00:00:00+00:00")
    fixture_server.update("paper/21", auxiliaryFile=[changed])
    report = run_sync(database, fixture_server)
    assert report.files == FileReport(fetched=2, unchanged=7, refused=0, failed=0)
    assert downloads(fixture_server) == [
        "/oparl/v1.1/file/21/download",
        "/oparl/v1.1/file/27/download",
    ]
    assert refs(database, "Sprachmittlung") == ["BS-DS-0027/24"]
    assert refs(database, "Lindenplatz") == ["BS-DS-0021/24"]
    assert refs(database, "Hauptstrasse") == []  # the old text left the index


def test_an_interrupted_file_fetch_resumes_without_fetching_twice(
    database: Path, fixture_server: FixtureServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = Store.save_file

    def save_then_stop(self: Store, run: int, url: str, *args: object, **kwargs: object) -> None:
        if len(calls) == 2:
            raise KeyboardInterrupt
        calls.append(url)
        original(self, run, url, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "save_file", save_then_stop)
    with pytest.raises(KeyboardInterrupt):
        run_sync(database, fixture_server)
    monkeypatch.undo()
    report = run_sync(database, fixture_server)
    assert report.files is not None
    assert report.files.unchanged == 2
    assert report.files.fetched + report.files.refused + report.files.failed == 7
    with Store(database, readonly=True) as store:
        assert len(store.file_texts()) == 9


def test_the_command_fetches_files_and_says_so(
    database: Path, fixture_server: FixtureServer, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(
        [
            "oparl",
            "sync",
            SYSTEM,
            "--db",
            str(database),
            "--map",
            f"{FAKE_BASE}={fixture_server.origin}/oparl/v1.1/",
            "--files",
            "--file-max-mb",
            "0.04",
            "--retries",
            "1",
            "--no-progress",
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out.splitlines()[-1] == (
        "Dateien: 3 Texte gelesen, 0 unverändert, 5 abgelehnt, 1 fehlgeschlagen (beim nächsten "
        "Abgleich erneut)"
    )
    assert f"Problem: {u('file/23')}: Datei: " in err
    status = main(["oparl", "search", "Geflüchteten", "--db", str(database)])
    out, _err = capsys.readouterr()
    assert out.splitlines()[0].startswith("BS-DS-0020/24")
    assert "«Geflüchteten»" in out


def test_without_files_nothing_is_fetched(database: Path, fixture_server: FixtureServer) -> None:
    with Store(database) as store, local_client(fixture_server) as client:
        report = sync(store, client, SYSTEM)
    assert report.files is None
    assert downloads(fixture_server) == []


def test_a_file_the_paper_no_longer_names_leaves_the_index(
    database: Path, fixture_server: FixtureServer
) -> None:
    first = run_sync(database, fixture_server)
    assert refs(database, "Stadtteilmütter") == ["BS-DS-0022/24"]
    fixture_server.set_clock(first.started.astimezone(dt.UTC) + dt.timedelta(seconds=5))
    fixture_server.update("paper/22", mainFile=None)
    run_sync(database, fixture_server)
    assert refs(database, "Stadtteilmütter") == []
