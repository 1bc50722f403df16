"""`pamphlets serve`: the web app through Flask's test client, on a copy of the fixture project."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from pamphlets.web import HOST, create_app, make_server

from helpers import ROOT, cli, copy_project, page_text

GOOD = {"organization": "Riverside Outreach", "phone": "1-800-662-4357", "text_line": "988",
        "address": "12 Test Lane, Springfield", "hours": "Tue-Sat 9am-5pm", "email": "", "website": "",
        "link": "https://findtreatment.gov/locator", "jurisdiction": "", "services": "Naloxone\nTest strips",
        "language_line": "", "brand.primary": "#4B2E83", "brand.accent": "#F2A900"}


class Fields(HTMLParser):
    """Every form control, every label's target, and each element's id, from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.labelled: set[str] = set()
        self.in_label = 0
        self.ids: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids[a["id"]] = {"tag": tag, **a}
        if tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.labelled.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append({**a, "wrapped": "yes" if self.in_label else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1


def parse(html: bytes) -> Fields:
    fields = Fields()
    fields.feed(html.decode())
    return fields


def resources(page, kind: str) -> list:  # type: ignore[no-untyped-def]
    """A page's resources of one kind (/Font, /XObject), its own and its form XObjects' (card sheets use forms)."""
    found, todo = [], [page["/Resources"]]
    while todo:
        res = todo.pop()
        found += [v.get_object() for v in res.get(kind, {}).values()]
        todo += [x.get_object()["/Resources"] for x in res.get("/XObject", {}).values()
                 if x.get_object()["/Subtype"] == "/Form"]
    return found


def token(html: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def client(project: Path):  # type: ignore[no-untyped-def]
    return create_app(project, testing=True).test_client()


def save(client, name: str, **changes: object):  # type: ignore[no-untyped-def]
    page = client.get(f"/program/{name}")
    data = {**GOOD, **changes, "csrf_token": token(page.data)}
    return client.post(f"/program/{name}", data=data, content_type="multipart/form-data")


def test_every_field_of_each_step_has_a_label(client) -> None:  # type: ignore[no-untyped-def]
    expected = {"/": {"name"}, "/program/new-one": {*GOOD, "optional", "logo"},
                "/materials/winter": {"profile", "topic", "format", "lang", "paper", "size.wallet-card",
                                      "size.fact-sheet", "size.poster", "size.trifold", "size.booklet",
                                      *(f"copies.{f}" for f in ("wallet-card", "fact-sheet", "poster", "trifold",
                                                                "booklet"))}}
    for url, names in expected.items():
        fields = parse(client.get(url).data)
        assert {c["name"] for c in fields.controls} == names, url
        for control in fields.controls:
            assert control["wrapped"] or control.get("id") in fields.labelled, (url, control)


def test_a_saved_profile_keeps_its_comments_and_the_cli_builds_it(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    profile = project / "local/test.yaml"
    before = profile.read_text()
    response = save(client, "test", organization="Hillside Harm Reduction", hours="Mon-Fri 9-5")
    assert response.status_code == 200 and b"Saved." in response.data
    after = profile.read_text()
    assert "# A test profile." in after  # the person's comment survives
    assert after.index("organization") < after.index("phone") < after.index("link")  # and the order
    assert "Hillside Harm Reduction" in after and before != after
    out = project / "out"
    result = cli("build", "naloxone", "-f", "fact-sheet", "-l", "en", "--local", str(profile), "--project",
                 str(project), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Hillside Harm Reduction" in page_text(out / "naloxone.fact-sheet.en.pdf")[0]


def test_bad_input_is_shown_next_to_its_field_and_nothing_is_written(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    profile = project / "local/test.yaml"
    before = profile.read_text()
    response = save(client, "test", link="ftp://files.test/x", **{"brand.primary": "purple"})
    fields = parse(response.data)
    link = fields.ids["f-link"]
    assert link["aria-invalid"] == "true" and "f-link-error" in link["aria-describedby"]
    assert fields.ids["f-link-error"]["role"] == "alert"
    assert "is not an absolute link" in response.data.decode()
    assert "'purple' is not a colour" in response.data.decode().replace("&#39;", "'")
    assert 'value="ftp://files.test/x"' in response.data.decode()  # what was typed stays in the form
    assert profile.read_text() == before


def test_placeholder_details_are_refused_at_their_field(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    response = save(client, "test", phone="(555) 010-0100")
    fields = parse(response.data)
    assert fields.ids["f-phone"]["aria-invalid"] == "true" and "f-phone-error" in fields.ids
    assert "(555) 010-0100" not in (project / "local/test.yaml").read_text()


def test_forms_without_the_csrf_token_are_refused(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    before = (project / "local/test.yaml").read_text()
    response = client.post("/program/test", data={**GOOD, "organization": "Forged"})
    assert response.status_code == 400 and b"CSRF" in response.data
    assert (project / "local/test.yaml").read_text() == before


def test_a_logo_upload_is_stored_in_the_project_and_printed(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    png = io.BytesIO()
    Image.new("RGB", (900, 300), "#4B2E83").save(png, "PNG")
    response = save(client, "test", logo=(io.BytesIO(png.getvalue()), "../../etc/evil name.png"))
    assert b"Saved." in response.data, response.data
    assert (project / "local/test-logo.png").read_bytes() == png.getvalue()  # our name, never the upload's
    assert "logo: test-logo.png" in (project / "local/test.yaml").read_text()
    assert b"sharp up to 3.0 in wide" in response.data
    assert client.get("/logo/test-logo.png").data == png.getvalue()
    out = project / "out"
    result = cli("build", "naloxone", "-f", "fact-sheet", "-l", "en", "--local", str(project / "local/test.yaml"),
                 "--project", str(project), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = pypdf.PdfReader(out / "naloxone.fact-sheet.en.pdf").pages[0]
    images = [x for x in resources(page, "/XObject") if x["/Subtype"] == "/Image"]
    assert images and images[0]["/Width"] == 900


def test_oversized_and_wrong_type_uploads_are_refused(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024)
    response = save(client, "test", logo=(io.BytesIO(big), "big.png"))
    assert response.status_code == 413 and b"larger than 4 MB" in response.data
    response = save(client, "test", logo=(io.BytesIO(b"MZ\x90\x00 not a picture"), "logo.png"))
    fields = parse(response.data)
    assert fields.ids["f-logo"]["aria-invalid"] == "true"
    assert b"not a PNG, JPEG or SVG file" in response.data
    assert not list((project / "local").glob("*-logo.*"))


@pytest.mark.parametrize("url", ["/program/..%2F..%2Fetc%2Fpasswd", "/program/.hidden", "/materials/a%2Fb",
                                 "/logo/..%2Ftest.yaml", "/logo/test.yaml", "/download/kit/..%2Flocal%2Ftest.yaml",
                                 "/download/..%2Flocal/test.yaml", "/preview/kit/..%2F..%2Fx.pdf/0.png",
                                 "/check/..%2Fkits%2Ftest"])
def test_paths_outside_the_project_are_refused(client, url: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url)
    assert response.status_code == 404 and b"Traceback" not in response.data


def test_a_kit_is_saved_checked_previewed_and_downloaded_as_a_zip(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/materials/winter")
    response = client.post("/materials/winter", data={
        "csrf_token": token(page.data), "profile": "test", "topic": ["naloxone"],
        "format": ["wallet-card", "fact-sheet"], "lang": ["en", "es"], "paper": "letter",
        "size.wallet-card": "us", "copies.wallet-card": "500", "size.fact-sheet": "letter", "copies.fact-sheet": "25",
        "copies.poster": "oops"})  # a format not ticked: its fields are not read
    assert b"Saved." in response.data
    kit = (project / "kits/winter.yaml").read_text()
    assert "profile: local/test.yaml" in kit
    assert "{topic: naloxone, format: wallet-card, size: us, quantity: 500}" in kit
    assert "{topic: naloxone, format: fact-sheet, size: letter, quantity: 25}" in kit
    again = parse(client.get("/materials/winter").data)  # the saved kit fills the form
    assert again.ids["m-copies-wallet-card"]["value"] == "500" and "checked" in again.ids["m-format-fact-sheet"]
    check = client.get("/check/winter")
    assert check.status_code == 200
    html = check.data.decode()
    previews = re.findall(r'src="(/preview/[^"]+)"', html)
    assert len(previews) == 2 * 2 + 2 * 2  # card front and back, fact sheet two pages, in en and es
    assert client.get(previews[0]).data.startswith(b"\x89PNG")
    (zip_url,) = re.findall(r'href="(/download/winter/winter\.zip)"', html)
    archive = zipfile.ZipFile(io.BytesIO(client.get(zip_url).data))
    pdfs = [n for n in archive.namelist() if n.endswith(".pdf") and "print-order" not in n]
    assert len(pdfs) == 6  # 4 shop files + 2 card sheets
    for name in pdfs:  # the same checks the CLI's files pass: boxes, embedded fonts, the program's details
        reader = pypdf.PdfReader(io.BytesIO(archive.read(name)))
        assert all("/TrimBox" in p for p in reader.pages)
        fonts = [f for p in reader.pages for f in resources(p, "/Font") if f["/Subtype"] == "/Type0"]
        assert fonts and all("/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts)
        assert "1-800-662-4357" in "".join(page_text(archive.read(name)))


def test_bad_copies_are_shown_next_to_their_format(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/materials/spring")
    response = client.post("/materials/spring", data={
        "csrf_token": token(page.data), "profile": "test", "topic": ["naloxone"], "format": ["poster"],
        "lang": ["en"], "paper": "letter", "size.poster": "18x24", "copies.poster": "0"})
    fields = parse(response.data)
    assert fields.ids["m-copies-poster"]["aria-invalid"] == "true"
    assert fields.ids["m-copies-poster-error"]["role"] == "alert"
    assert b"Give a whole number of copies from 1 to 1,000,000." in response.data
    assert not (project / "kits/spring.yaml").exists()


def test_a_build_error_is_a_message_on_the_page(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    (project / "kits/broken.yaml").write_text("name: broken\nprofile: local/missing.yaml\n"
                                              "items:\n  - {topic: naloxone, format: fact-sheet, quantity: 1}\n")
    response = client.get("/check/broken")
    assert response.status_code == 200
    assert b"no such local profile" in response.data and b"Traceback" not in response.data


def test_the_interface_speaks_spanish(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/program/test?ui=es").data.decode()
    assert '<html lang="es">' in page and "Nombre de la organización" in page
    assert "Teléfono" in client.get("/program/test").data.decode()  # the choice stays for the session


def test_the_server_listens_on_this_computer_only(project: Path) -> None:
    server = make_server(project, port=0)
    try:
        assert HOST == "127.0.0.1" and server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()
    options = {o.name: o.default for o in __import__("pamphlets.commands").commands.serve_command.params}
    assert options["host"] == "127.0.0.1" and options["port"] == 8000


def test_root_fixture_is_untouched() -> None:
    assert "Riverside Outreach" in (ROOT / "tests/data/project/local/test.yaml").read_text()


def test_a_kit_needs_a_saved_program(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/materials/autumn")
    response = client.post("/materials/autumn", data={
        "csrf_token": token(page.data), "profile": "nobody", "topic": ["naloxone"], "format": ["poster"],
        "lang": ["en"], "paper": "letter", "copies.poster": "5"})
    assert parse(response.data).ids["m-profile"]["aria-invalid"] == "true"
    assert b"Choose a program whose details are saved (step 1) first." in response.data
    assert not (project / "kits/autumn.yaml").exists()


def test_links_out_of_the_project_and_outside_profiles_are_refused(client, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 not yours")
    (project / "output/winter").mkdir(parents=True)
    (project / "output/winter/x.pdf").symlink_to(secret)
    (project / "output/elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (project / "local/ext-logo.png").symlink_to(secret)
    for url in ("/download/winter/x.pdf", "/download/elsewhere/secret.pdf", "/logo/ext-logo.png"):
        response = client.get(url)
        assert response.status_code == 404 and b"not yours" not in response.data, url
    (project / "kits/outside.yaml").write_text(f"name: outside\nprofile: {tmp_path / 'p.yaml'}\n"
                                               "items:\n  - {topic: naloxone, format: poster, quantity: 1}\n")
    (tmp_path / "p.yaml").write_text((project / "local/test.yaml").read_text())
    page = client.get("/check/outside").data.decode()
    assert "is outside the project" in page and not (project / "output/outside").exists()


def test_pages_and_logos_carry_a_content_security_policy(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/program/test")
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "onerror" not in page.data.decode() and "<script>" not in page.data.decode()
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="300" height="100"/></svg>'
    save(client, "test", logo=(io.BytesIO(svg), "logo.svg"))
    logo = client.get("/logo/test-logo.svg")
    assert logo.mimetype == "image/svg+xml" and "sandbox" in logo.headers["Content-Security-Policy"]


def test_another_host_name_and_cross_site_requests_are_refused(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    # A DNS-rebinding page reaches 127.0.0.1 under its own name: it gets no page, so no CSRF token to post with.
    assert client.get("/program/test", headers={"Host": "rebind.attacker.test:8000"}).status_code == 400
    assert client.get("/program/test", headers={"Host": "localhost:8000"}).status_code == 200
    # Another site's <img src=".../check/x"> does not start a build.
    assert client.get("/check/test", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert not (project / "output/test").exists()


def test_a_refused_upload_or_save_keeps_the_current_logo(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    first = io.BytesIO()
    Image.new("RGB", (900, 300), "#4B2E83").save(first, "PNG")
    assert b"Saved." in save(client, "test", logo=(io.BytesIO(first.getvalue()), "a.png")).data
    logo = project / "local/test-logo.png"
    save(client, "test", logo=(io.BytesIO(b"\x89PNG\r\n\x1a\nJUNK"), "b.png"))  # not a readable PNG
    second = io.BytesIO()
    Image.new("RGB", (600, 200), "#0B5394").save(second, "PNG")
    refused = save(client, "test", phone="(555) 010-0100", logo=(io.BytesIO(second.getvalue()), "c.png"))
    assert b"Saved." not in refused.data
    assert logo.read_bytes() == first.getvalue() and "logo: test-logo.png" in (project / "local/test.yaml").read_text()
    assert not list((project / "local").glob(".upload-*"))  # nothing left waiting


def test_active_svg_long_fields_odd_names_and_odd_numbers_are_refused(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" onload="alert(1)"><rect/></svg>'
    response = save(client, "test", logo=(io.BytesIO(svg), "logo.svg"))
    assert b"an SVG with scripts, event handlers" in response.data and not (project / "local/test-logo.svg").exists()
    response = save(client, "test", organization="x" * 301)
    assert parse(response.data).ids["f-organization"]["aria-invalid"] == "true"
    assert b"at most 300 characters" in response.data
    response = save(client, "test", **{"brand.primary": "red; background-image: url(http://x.test/y)"})
    assert b"url(http://x.test/y)" not in response.data.split(b'class="swatch"')[1].split(b">")[0]
    page = client.get("/program/test")
    assert client.post("/program/test%0A", data={**GOOD, "csrf_token": token(page.data)}).status_code == 404
    assert not [p for p in (project / "local").iterdir() if "\n" in p.name]
    form = client.get("/materials/winter")
    for copies in ("\u00b2", "\u0661\u0662", "9" * 5000):
        response = client.post("/materials/winter", data={
            "csrf_token": token(form.data), "profile": "test", "topic": ["naloxone"], "format": ["poster"],
            "lang": ["en"], "paper": "letter", "copies.poster": copies})
        assert response.status_code == 200 and b"Give a whole number of copies" in response.data, copies


def test_hand_written_files_with_odd_values_still_open(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    profile = project / "local/test.yaml"
    profile.write_text(profile.read_text() + "services: 5\noptional: 7\n")
    assert client.get("/program/test").status_code == 200
    (project / "kits/odd.yaml").write_text("name: odd\nprofile: local/test.yaml\nlanguages: 5\nitems: 5\n")
    assert client.get("/materials/odd").status_code == 200
    (project / "output/odd").mkdir(parents=True)
    (project / "output/odd/odd.zip").write_bytes(b"PK")
    assert client.get("/preview/odd/odd.zip/0.png").status_code == 404


def test_a_kit_whose_output_folder_links_elsewhere_is_not_built(client, project: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "output").mkdir()
    (project / "output/linked").symlink_to(elsewhere, target_is_directory=True)
    (project / "kits/linked.yaml").write_text("name: linked\nprofile: local/test.yaml\n"
                                              "items:\n  - {topic: naloxone, format: poster, quantity: 1}\n")
    page = client.get("/check/linked").data.decode()
    assert "output folder is outside the project" in page and not list(elsewhere.iterdir())


def test_the_last_checks_findings_stand_beside_the_program_fields(client, project: Path) -> None:  # type: ignore[no-untyped-def]
    small = io.BytesIO()
    Image.new("RGB", (400, 140), "#4B2E83").save(small, "PNG")  # sharp up to 1.3 in: coarse where it prints larger
    assert b"Saved." in save(client, "test", logo=(io.BytesIO(small.getvalue()), "logo.png")).data
    page = client.get("/materials/summer")
    client.post("/materials/summer", data={
        "csrf_token": token(page.data), "profile": "test", "topic": ["naloxone"], "format": ["poster"],
        "lang": ["en"], "paper": "letter", "size.poster": "18x24", "copies.poster": "5"})
    check = client.get("/check/summer").data.decode()
    assert "test-logo.png" in check and "ppi" in check
    fields = parse(client.get("/program/test").data)
    assert "f-logo-finding" in fields.ids
    program = client.get("/program/test").data.decode()
    finding = program.split('id="f-logo-finding">')[1].split("</p>")[0]
    assert finding.startswith("The last check found:") and "ppi" in finding
