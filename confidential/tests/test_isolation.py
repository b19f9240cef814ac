"""The confidential channel stays apart from case visibility."""

from pathlib import Path

import confidential

APP_DIR = Path(confidential.__file__).parent


def test_the_app_never_reads_through_the_case_selectors():
    for source in APP_DIR.rglob("*.py"):
        if "tests" in source.parts:
            continue
        text = source.read_text()
        assert "cases.incidents.selectors" not in text, source
        assert "from cases import selectors" not in text, source


def test_no_case_code_imports_the_confidential_app():
    cases_dir = APP_DIR.parent / "cases"
    for source in cases_dir.rglob("*.py"):
        text = source.read_text()
        assert "from confidential" not in text, source
        assert "import confidential" not in text, source
