"""The headings required documents are listed under in the national database
(``RequiredDocument.case_name``): a case, a section of every dossier's papers, or notes."""

from __future__ import annotations

# Headings of the national database that divide every dossier's papers rather than name a
# case: what is handed in, what is shown, the whole list, and notes.
SECTION_HEADINGS = ("giấy tờ phải nộp", "giấy tờ phải xuất trình", "thành phần hồ sơ")
NOTE_HEADINGS = ("lưu ý", "ghi chú")


def _heading(text: str) -> str:
    return text.strip().lstrip("*+•-– ").strip().lower()


def is_note_heading(heading: str) -> bool:
    """A heading such as "* Lưu ý:" or "Ghi chú": the rows under it are notes, not papers
    to require."""
    return _heading(heading).startswith(NOTE_HEADINGS)


def is_case_heading(heading: str) -> bool:
    """The heading documents are listed under (``RequiredDocument.case_name``) names a
    case (trường hợp) only some dossiers are in, not a section of every dossier's papers."""
    key = _heading(heading)
    return bool(key) and not key.startswith(SECTION_HEADINGS + NOTE_HEADINGS)
