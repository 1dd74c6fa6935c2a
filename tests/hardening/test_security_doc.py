"""docs/security.md points at the tests that prove each control: every `tests/...py` it names
must exist, and every test it names (`file::test`, `file::Class::test`, or a bare `::test`
after a file on the same line) must be defined in that file."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security.md"
FILE = re.compile(r"`(tests/[\w/]+\.py)((?:::\w+)*)`")
BARE = re.compile(r"`((?:::\w+)+)`")


def defined(path: str, name: str) -> bool:
    source = (ROOT / path).read_text(encoding="utf-8")
    return re.search(rf"^\s*(?:def|class) {re.escape(name)}\b", source, re.MULTILINE) is not None


def references() -> list[tuple[str, list[str]]]:
    found = []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        last_file = None
        for match in re.finditer(rf"{FILE.pattern}|{BARE.pattern}", line):
            if match.group(1):
                last_file = match.group(1)
                found.append((last_file, match.group(2).split("::")[1:]))
            else:
                assert last_file, f"a bare {match.group(3)} with no file before it: {line[:80]}"
                found.append((last_file, match.group(3).split("::")[1:]))
    return found


def test_the_security_doc_names_only_tests_that_exist():
    refs = references()
    assert len(refs) > 50  # the parser still finds the references
    missing = [
        f"{path}::{'::'.join(names)}"
        for path, names in refs
        if not (ROOT / path).exists() or not all(defined(path, name) for name in names)
    ]
    assert missing == []
