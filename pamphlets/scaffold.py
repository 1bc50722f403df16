"""`pamphlets init`: a new program's project folder, ready to build a starter outreach kit."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import UsageError
from .write import io_error

CONFIG = "pamphlets.yaml"


def _profile(name: str, title: str) -> str:
    return f"""# {title}'s local details: they go on every card, poster and pamphlet. Replace the examples.
# Quote phone numbers: YAML reads an unquoted 0100 as the number 64.
organization: {title}
phone: "(555) 010-0100"            # example number: put in yours
text_line: "(555) 010-0101"
address: 100 Example Street, Springfield
hours: Mon-Fri 10am-6pm
website: https://example.org
link: https://example.org/services  # the QR code's target: a full https:// link
services: [Naloxone, Fentanyl test strips, Syringe services]
# jurisdiction: US-NC              # your state: the Good Samaritan card then speaks to its law
brand:
  primary: "#1F4E79"
  accent: "#F6C453"
"""


def _kit(name: str) -> str:
    return f"""# A starter outreach kit. Edit the items and quantities, then run: pamphlets kit kits/starter.yaml
# quantity is a number of copies for every language, or one number per language.
profile: local/{name}.yaml
languages: [en, es]
paper: letter                       # your home or office printer's paper: letter or a4
duplex: long-edge                   # how your printer flips two-sided sheets
items:
  - {{topic: fentanyl-test-strips, format: wallet-card, quantity: {{en: 500, es: 200}}}}
  - {{topic: naloxone, format: fact-sheet, quantity: 50}}
  - {{topic: good-samaritan-law, format: poster, quantity: 10}}
"""


def _readme(name: str, title: str) -> str:
    return f"""# {title}: outreach materials

Made with `pamphlets`. Everything here is yours to edit.

1. Put your details in `local/{name}.yaml` (organisation, phone, hours, the QR link, your state).
2. Check everything before printing: `pamphlets check`
3. Build the starter kit: `pamphlets kit kits/starter.yaml`. It writes `output/starter/`: the print-shop PDFs,
   home-print sheets, `print-order.csv` and `.pdf`, `contact-sheet.png` and `starter.zip` to send to a printer.
4. Look at a PDF as pictures: `pamphlets preview output/starter/<file>.pdf`

To change a topic's words or a layout for your program only, copy the built-in file into `content/` or
`layouts/` under the same name (for example `content/naloxone/en.yaml`); your copy replaces the built-in one.
"""


def init(name: str, parent: Path) -> Path:
    """Create parent/name with a profile, a starter kit, pamphlets.yaml and a README; never overwrite.

    The files are written into a hidden folder beside the new one, which is then renamed into place in one step:
    a full disk or a Ctrl-C half-way leaves no half-made project behind.
    """
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise UsageError(f"'{name}' cannot be a folder name here; use letters, digits, '-', '_' or '.'")
    root = parent / name
    elsewhere = "choose another folder with --dir"
    try:
        if root.is_symlink() or (root.exists() and not root.is_dir()):
            raise UsageError(f"{root} already exists and is a file; choose another name or folder")
        if root.exists() and any(root.iterdir()):
            raise UsageError(f"{root} already exists and is not empty; choose another name or folder")
    except OSError as exc:
        raise io_error("read", root, exc, elsewhere=elsewhere) from None
    title = name.replace("-", " ").replace("_", " ").title()
    files = {
        CONFIG: f"# Defaults for pamphlets commands run in this folder.\nprofile: local/{name}.yaml\n",
        f"local/{name}.yaml": _profile(name, title),
        "kits/starter.yaml": _kit(name),
        "README.md": _readme(name, title),
        "content/README.md": "Your own topics, or copies of built-in ones to change: content/<topic>/<lang>.yaml\n",
        "layouts/README.md": "Your own layouts, or copies of built-in ones to change: layouts/<format>.yaml\n",
    }
    staging: Path | None = None
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".init", dir=parent))
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; the project is an ordinary folder
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        os.replace(staging, root)  # root is absent or an empty folder: either way it is replaced in one step
        staging = None
    except OSError as exc:
        raise io_error("create", root, exc, elsewhere=elsewhere) from None
    finally:
        if staging is not None:  # only our own hidden staging folder is ever removed
            shutil.rmtree(staging, ignore_errors=True)
    return root


def _umask() -> int:
    """The process's umask (it can only be read by setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def configured_profile(project_dir: Path) -> Path | None:
    """The profile named in the project's pamphlets.yaml, if any."""
    from .loader import load_yaml
    from .schema import Reader

    path = project_dir / CONFIG
    if not path.is_file():
        return None
    r = Reader(load_yaml(path))
    r.mapping((), ("profile",), (), "project settings")
    profile = r.text(("profile",))
    r.done()
    return project_dir / profile if profile else None
