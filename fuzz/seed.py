"""Writes the fuzz targets' seed inputs from the repository's own fixtures
(never from ../shared: the corpus is committed).

ingest_file inputs are one byte choosing the file name (the index in
FILE_NAMES of indexer/src/fuzzing.rs, matched here by extension), then the
file's bytes. query inputs are one byte choosing the order, then a query.
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent
FIXTURES = ROOT.parent / "tests" / "fixtures"
NAMES = [
    "message.eml", "boite.mbox", "notes.txt", "rapport.pdf", "budget.docx",
    "comptes.xlsx", "plan.pptx", "lettre.odt", "memo.rtf", "dossier.zip",
    "sauvegarde.tar.gz", "archive.7z", "winmail.dat", "outlook.msg",
    "page.html", "invitation.ics", "contact.vcf", "table.csv", "apple.emlx",
    "ancien.doc", "ancien.xls", "ancien.ppt", "sans-nom",
]
QUERIES = [
    "budget", "réunion OR meeting", '"conseil municipal"', "from:alice@example.org",
    "budg*", "-spam trésorerie", "(a OR b) AND NOT c", "subject:rapport date:2017",
    "to:desk@example.net kind:attachment", "élections AND (mairie OR préfecture)",
    '"unterminated', "((((((x))))))", "a* b* c*", "lang:fr", "has:attachment",
]


def name_index(path: pathlib.Path) -> int:
    name = path.name.lower()
    for index, candidate in enumerate(NAMES):
        extension = candidate.split(".", 1)[-1]
        if "." in candidate and name.endswith("." + extension):
            return index
    if "mbox" in name:
        return NAMES.index("boite.mbox")
    return NAMES.index("message.eml")


def write(directory: pathlib.Path, data: bytes) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main() -> None:
    for path in sorted(FIXTURES.rglob("*")):
        if path.is_file() and path.suffix not in (".py", ".md") and path.stat().st_size < 256 * 1024:
            write(ROOT / "seeds" / "ingest_file", bytes([name_index(path)]) + path.read_bytes())
    for order, query in enumerate(QUERIES):
        write(ROOT / "seeds" / "query", bytes([order % 3]) + query.encode())


if __name__ == "__main__":
    main()
