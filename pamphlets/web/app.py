"""The Flask application: four steps (program, materials, check and preview, download) over the project's files.

Views only read forms and call the same pipeline the command line calls (profile validation, `check`, `kit`,
`preview`); nothing here composes or draws. Every file name from a request is checked to be a plain name inside
the project before it is used.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import threading
from pathlib import Path
from typing import Any

from flask import Flask, abort, redirect, render_template, request, send_file, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge, SecurityError

from ..errors import PamphletsError
from ..jurisdictions import US_STATES
from ..loader import display
from ..preview import PDFIUM
from ..project import Project
from ..resolve import Resolver
from ..text.languages import NAMES
from . import files
from .words import UI_LANGS, words

PAPERS = ("letter", "a4")
PREVIEW_DPI = 40  # thumbnails: a Letter page is 340 x 440 pixels
# Copies a program usually orders of each format, as the form's starting values.
COPIES = {"wallet-card": 500, "fact-sheet": 50, "trifold": 100, "booklet": 50, "poster": 10}
_previews: dict[tuple[str, int, int], bytes] = {}  # (file, mtime, page) -> PNG
# The last check's findings about each program's details, by field, shown beside the fields until the next save.
_findings: dict[tuple[str, str], dict[str, list[str]]] = {}
_lock = threading.Lock()  # one build at a time: two tabs must not write the same output folder at once
_pdfium = PDFIUM  # PDFium is not thread-safe: the preview module's lock, which its own renders take too


def create_app(project: Path, *, secret: bytes | None = None, testing: bool = False,
               host: str = "127.0.0.1") -> Flask:
    """The web app for a project folder (its local/, kits/ and output/ folders)."""
    app = Flask(__name__)
    # TRUSTED_HOSTS: a request naming any other host (a DNS-rebinding page that points its own name at 127.0.0.1)
    # is refused, so no other site can read a page, take its CSRF token and post with it.
    app.config.update(SECRET_KEY=secret or os.urandom(32), MAX_CONTENT_LENGTH=files.MAX_UPLOAD + 64 * 1024,
                      TESTING=testing, WTF_CSRF_TIME_LIMIT=None, SESSION_COOKIE_SAMESITE="Strict",
                      TRUSTED_HOSTS=sorted({"127.0.0.1", "localhost", "::1", host}))
    CSRFProtect(app)
    # Only a #RRGGBB colour goes into a style attribute (a typed value is shown back, never written into CSS).
    app.jinja_env.tests["colour"] = lambda value: isinstance(value, str) and bool(re.fullmatch(r"#[0-9A-Fa-f]{6}",
                                                                                               value))
    root = project.resolve()
    app.config["PROJECT"] = root

    @app.before_request
    def same_site_only() -> None:
        # Builds and outputs answer this app's own pages only: another site's <img src=".../check/x"> must not
        # start builds (browsers say where a request comes from in Sec-Fetch-Site).
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            abort(403)

    @app.before_request
    def choose_language() -> None:
        asked = request.args.get("ui")
        if asked in UI_LANGS:
            session["ui"] = asked
        elif "ui" not in session:
            session["ui"] = request.accept_languages.best_match(UI_LANGS) or "en"

    @app.context_processor
    def globals_() -> dict[str, Any]:
        lang = session.get("ui", "en")
        return {"w": words(lang), "ui": lang, "other_ui": "es" if lang == "en" else "en"}

    @app.after_request
    def protect(response: Any) -> Any:
        # Pages load only this app's own styles, scripts and pictures; a served logo (an SVG could carry a script)
        # is sandboxed and runs nothing; no page can be framed by another site.
        if request.endpoint == "logo":
            response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        else:
            response.headers["Content-Security-Policy"] = (
                "default-src 'self'; img-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; "
                "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.errorhandler(SecurityError)
    def untrusted_host(exc: HTTPException) -> tuple[str, int, dict[str, str]]:
        # No page for a host name that is not this computer's (no links can be built for it either).
        return "This app answers only at 127.0.0.1 or localhost.\n", 400, {"Content-Type": "text/plain"}

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(exc: HTTPException) -> tuple[str, int]:
        return render_template("error.html", message=words(session.get("ui", "en"))["error.large"]), 413

    @app.errorhandler(CSRFError)
    def csrf(exc: CSRFError) -> tuple[str, int]:
        return render_template("error.html", message=exc.description), 400

    @app.errorhandler(404)
    def missing(exc: HTTPException) -> tuple[str, int]:
        return render_template("error.html", message=words(session.get("ui", "en"))["error.missing"]), 404

    @app.errorhandler(Exception)
    def failed(exc: Exception) -> tuple[str, int]:
        if isinstance(exc, HTTPException):
            return render_template("error.html", message=exc.description), exc.code or 500
        app.logger.exception("request failed")  # the terminal gets the traceback; the page never does
        return render_template("error.html", message=words(session.get("ui", "en"))["error.body"]), 500

    # ---- pages ------------------------------------------------------------------------------------------
    @app.get("/")
    def home() -> str:
        return render_template("home.html", programs=_names(root / "local"), kits=_names(root / "kits"))

    @app.post("/new")
    def new() -> Any:
        kind, name = request.form.get("kind"), request.form.get("name", "").strip()
        if kind not in ("program", "kit") or not files.plain_name(name):
            return render_template("home.html", programs=_names(root / "local"), kits=_names(root / "kits"),
                                   bad={kind or "program": True}, typed=name), 200
        return redirect(url_for(kind if kind == "program" else "materials", name=name))

    @app.route("/program/<name>", methods=["GET", "POST"])
    def program(name: str) -> Any:
        _plain(name)
        path = root / "local" / f"{name}.yaml"
        if path.is_symlink() or (path.exists() and not path.resolve().is_relative_to(root)):
            abort(404)  # a link to a file elsewhere: the app neither shows nor replaces it
        values = files.profile_values(path)
        problems: dict[str, list[str]] = {}
        notes: dict[str, str] = {}
        saved = False
        if request.method == "POST":
            form: dict[str, Any] = {k: request.form.get(k, "") for k in (*files.TEXT_FIELDS, "jurisdiction",
                                                                            "services", "brand.primary",
                                                                            "brand.accent")}
            form["optional"] = request.form.getlist("optional")
            upload = request.files.get("logo")
            logo: files.Upload | None = None
            if upload and upload.filename:
                logo, why = files.check_logo(root, name, upload.read())
                if logo:
                    form["logo"], notes["logo"] = logo.name, logo.note
                else:
                    problems["logo"] = [why]
            if not problems:
                result = files.save_profile(path, form, display(path.relative_to(root)))
                problems, saved = result.problems, result.ok
            if logo is not None:  # the new logo replaces the old one only with the profile that names it
                if saved:
                    logo.keep()
                else:
                    logo.drop()
                    form.pop("logo", None)
            values = {**values, **form}
        if saved:
            _findings.pop((str(root), name), None)  # the details changed: the next check says what still stands
        return render_template("program.html", name=name, v=values, problems=problems, notes=notes, saved=saved,
                               found=_findings.get((str(root), name), {}),
                               path=f"local/{name}.yaml", states=sorted(US_STATES.items(), key=lambda s: s[1]),
                               contrast=_contrast(values.get("brand.primary") or "#4B2E83"))

    @app.get("/logo/<name>")
    def logo(name: str) -> Any:
        _plain(name.rsplit("-logo.", 1)[0])
        kind = name.rsplit(".", 1)[-1]
        if not name.endswith(f"-logo.{kind}") or kind not in ("png", "jpg", "svg"):
            abort(404)
        path = _inside(root, root / "local" / name)
        mime = {"png": "image/png", "jpg": "image/jpeg", "svg": "image/svg+xml"}[kind]
        return send_file(io.BytesIO(path.read_bytes()), mimetype=mime)

    @app.route("/materials/<name>", methods=["GET", "POST"])
    def materials(name: str) -> Any:
        _plain(name)
        path = root / "kits" / f"{name}.yaml"
        catalogue = Project.at(root)
        # What the project offers, read once per request: the form's choices and what a POST may name.
        all_topics, all_langs = catalogue.topics(), _languages(catalogue)
        resolver = Resolver(catalogue)
        sizes = {fmt: _sizes(resolver, fmt) for fmt in catalogue.formats()}
        values = files.kit_values(path)
        problems: dict[str, list[str]] = {}
        saved = False
        if request.method == "POST":
            topics = [t for t in request.form.getlist("topic") if t in all_topics]
            langs = [x for x in request.form.getlist("lang") if x in all_langs] or ["en"]
            profile = request.form.get("profile", "")
            paper = request.form.get("paper", "letter")
            formats: dict[str, tuple[str, int]] = {}
            for fmt in (f for f in request.form.getlist("format") if f in sizes):
                size = request.form.get(f"size.{fmt}", "")
                copies = request.form.get(f"copies.{fmt}", "").strip()
                number = int(copies) if re.fullmatch(r"[0-9]{1,7}", copies) else 0  # ASCII digits only
                if not 1 <= number <= 1_000_000:
                    problems[f"copies.{fmt}"] = [words(session["ui"])["m.copies.bad"]]
                formats[fmt] = (size if size in sizes[fmt] else "", number)
            items = [(t, f, size, n) for t in topics for f, (size, n) in formats.items()]
            if not files.plain_name(profile) or not (root / "local" / f"{profile}.yaml").is_file():
                problems["profile"] = [words(session["ui"])["m.profile.missing"]]
            if paper not in PAPERS:
                problems["paper"] = ["letter / a4"]
            if not problems:
                result = files.save_kit(path, name, profile, langs, paper, items,
                                        display(path.relative_to(root)))
                problems, saved = result.problems, result.ok
            values = {"profile": f"local/{profile}.yaml", "languages": langs, "paper": paper, "topics": topics,
                      "formats": formats}
        programs = _names(root / "local")
        return render_template("materials.html", name=name, path=f"kits/{name}.yaml", problems=problems,
                               saved=saved, programs=programs,
                               profile=Path(values["profile"]).stem or (programs[0] if programs else ""),
                               topics=_topics(catalogue, session["ui"]),
                               formats=list(sizes.items()),
                               languages=[(code, *NAMES.get(code, (code, code))) for code in all_langs],
                               chosen_topics=set(values["topics"]),
                               chosen=values["formats"], chosen_langs=set(values["languages"]),
                               paper=values["paper"], copies=COPIES,
                               thumbnails={p.stem for p in (Path(__file__).parent / "static/formats").glob("*.png")})

    @app.get("/check/<name>")
    def check(name: str) -> Any:
        _plain(name)
        kit_path = root / "kits" / f"{name}.yaml"
        if not kit_path.is_file():
            return redirect(url_for("materials", name=name))
        with _lock, _pdfium:  # the build counts pages with PDFium too
            outcome = _check_and_build(root, kit_path)
        return render_template("check.html", name=name, **outcome)

    @app.get("/preview/<name>/<file>/<int:page>.png")
    def preview(name: str, file: str, page: int) -> Any:
        if not file.endswith(".pdf"):
            abort(404)
        pdf = _output_file(root, name, file)
        key = (str(pdf), pdf.stat().st_mtime_ns, page)
        with _pdfium:  # PDFium is not thread-safe: one page at a time
            if key not in _previews:
                from ..preview import render

                if len(_previews) > 2000:  # a long session: start again rather than grow without end
                    _previews.clear()
                for number, image in enumerate(render(pdf, PREVIEW_DPI)):  # every page of the file, while it is open
                    out = io.BytesIO()
                    image.save(out, "PNG")
                    _previews[(*key[:2], number)] = out.getvalue()
        if key not in _previews:
            abort(404)
        return send_file(io.BytesIO(_previews[key]), mimetype="image/png")

    @app.get("/download/<name>/<file>")
    def download(name: str, file: str) -> Any:
        path = _output_file(root, name, file)
        mime = "application/zip" if file.endswith(".zip") else "application/pdf"
        return send_file(io.BytesIO(path.read_bytes()), mimetype=mime, as_attachment=True, download_name=file)

    return app


# ---- helpers ----------------------------------------------------------------------------------------------
def _plain(name: str) -> None:
    """Refuse any name that is not a plain file name (no '/', '..', hidden files): 404, nothing read."""
    if not files.plain_name(name):
        abort(404)


def _names(folder: Path) -> list[str]:
    """The plain names of the YAML files in a folder."""
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if files.plain_name(p.stem))


def _languages(project: Project) -> list[str]:
    """Every language some topic is written in."""
    return sorted({lang for topic in project.topics() for lang in project.languages(topic)})


def _topics(project: Project, ui: str) -> list[tuple[str, str]]:
    """(slug, title) of each topic, the title in the interface's language where the topic has it."""
    import yaml

    out = []
    for slug in project.topics():
        title = slug.replace("-", " ").capitalize()
        for lang in (ui, "en"):
            path = project.find("content", slug, f"{lang}.yaml")
            if path:
                try:
                    data = yaml.safe_load(path.read_text(encoding="utf-8"))
                    title = str(data.get("title", title)) if isinstance(data, dict) else title
                except yaml.YAMLError:
                    pass
                break
        out.append((slug, title))
    return out


def _sizes(resolver: Resolver, fmt: str) -> list[str]:
    """A layout's sizes, its default first (none if the layout cannot be read: the kit's check will say why)."""
    try:
        layout = resolver.layout(fmt)
    except PamphletsError:
        return []
    return [layout.default_size, *(s for s in layout.sizes if s != layout.default_size)]


def _contrast(colour: str) -> tuple[str, bool]:
    """The contrast ratio of white text on the colour, and whether it passes WCAG AA for small text."""
    from ..colours import is_colour
    from ..preflight import contrast

    if not is_colour(colour):
        return "?", False
    ratio = contrast(colour, "#FFFFFF")
    return f"{ratio:.1f}", ratio >= 4.5


def _output_file(root: Path, kit: str, file: str) -> Path:
    """A file the kit's build wrote (a plain name in output/<kit>/), or 404."""
    _plain(kit)
    if "/" in file or "\\" in file or file.startswith(".") or not file.endswith((".pdf", ".zip")):
        abort(404)
    folder = _inside(root, root / "output" / kit, folder=True)
    path = (folder / file).resolve()
    if path.parent != folder or not path.is_file():
        abort(404)
    return path


def _inside(root: Path, path: Path, *, folder: bool = False) -> Path:
    """The path resolved (links followed), or 404 unless it is an existing file (or folder) inside the project."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root) or not (resolved.is_dir() if folder else resolved.is_file()):
        abort(404)
    return resolved


def _check_and_build(root: Path, kit_path: Path) -> dict[str, Any]:
    """Run `check` on the kit's topics, formats and languages with its profile, then build the kit."""
    from ..kit import kit_from, profile_path, run_kit, specs
    from ..loader import load_yaml
    from ..preflight import CheckRequest, check, split_builtin

    out: dict[str, Any] = {"error": "", "fields": [], "topics": [], "other": [], "documents": [], "zip": ""}
    try:
        kit = kit_from(load_yaml(kit_path), kit_path.stem)
        profile = profile_path(kit, root)
        output = root / "output" / kit.name
        if not profile.resolve().is_relative_to(root) or (output.exists() and not output.resolve().is_relative_to(
                root)) or not (root / "output").resolve().is_relative_to(root):  # nothing outside the project
            out["error"] = (f"{display(kit_path)}: its profile ({kit.profile}) or output folder is outside the "
                            "project; choose one of its programs on the Materials page")
            return out
        out["profile_name"] = profile.stem
        wanted = specs(kit)
        request_ = CheckRequest(root, profile, tuple({s.topic for s, _ in wanted}), tuple({s.fmt for s, _ in wanted}),
                                tuple({s.lang for s, _ in wanted}), dt.date.today())
        findings, _ = split_builtin(check(request_).sorted(), root)
        shown_profile = display(profile)
        by_field: dict[str, list[str]] = {}
        for f in findings:
            if Path(f.loc.path).resolve() == profile.resolve() or f.loc.path == shown_profile:
                out["fields"].append(f)
                by_field.setdefault(files.field_of(f.loc.key), []).append(f.message)
            elif "content/" in f.loc.path:
                out["topics"].append((f.loc.path.split("content/")[1].split("/")[0], f))
            else:
                out["other"].append(f)
        _findings[str(root), profile.stem] = by_field
        run = run_kit(kit_path, root, jobs=1)
    except PamphletsError as exc:
        out["error"] = exc.format_message()
        return out
    from ..preview import open_pdf

    for built in run.report.built:
        shop = ".sheet-" not in built.path.name  # previews of the designs; the home sheets are downloads
        out["documents"].append((built.path.name, len(open_pdf(built.path)) if shop else 0))
    out["failed"] = [f"{name}: {message}" for name, message in run.report.failed]
    zip_path = run.out_dir / f"{kit.name}.zip"
    out["zip"] = zip_path.name if zip_path.is_file() and run.out_dir.name == kit_path.stem else ""
    out["kit_folder"] = run.out_dir.name
    return out
