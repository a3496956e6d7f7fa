"""python manage.py import_catalog / export_catalog."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from motcua.catalog.excel import reader
from motcua.catalog.models import Field, Procedure
from motcua.testing import make_procedure

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    """Run a command as `manage.py` does; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def write_book(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    book.save(path)
    return str(path)


def test_export_then_import_reports_zero_changes(tmp_path):
    make_procedure("1.000001", "Cấp giấy phép xây dựng", days=5)
    target = tmp_path / "danh-muc.xlsx"
    code, out, _ = run("export_catalog", str(target))
    assert code == 0
    assert "Đã xuất 1 thủ tục" in out
    code, out, err = run("import_catalog", str(target), "--no-progress")
    assert code == 0
    assert "Thủ tục: thêm 0, cập nhật 0, không đổi 1, xóa 0" in out
    assert "Đã nhập xong: 0 thay đổi." in out
    assert err == ""


def test_it_prints_every_error_and_exits_with_1(tmp_path):
    path = write_book(
        tmp_path / "loi.xlsx",
        {
            "Lĩnh vực": [["Mã lĩnh vực", "Tên lĩnh vực", "Thứ tự"], ["XD", "", "x"]],
            "Thủ tục": [["Mã thủ tục", "Tên thủ tục", "Mã lĩnh vực"], ["1.000001", "A", "ZZ"]],
        },
    )
    code, out, err = run("import_catalog", path, "--no-progress")
    assert code == 1
    assert out.splitlines() == [
        "Lĩnh vực!B2 (Tên lĩnh vực): Ô này không được để trống.",
        "Lĩnh vực!C2 (Thứ tự): “x” không phải là số nguyên.",
        "Thủ tục!C2 (Mã lĩnh vực): Không có lĩnh vực mã “ZZ” trong trang “Lĩnh vực” "
        "của tệp hay trong hệ thống.",
    ]
    assert "Tệp có 3 lỗi; không có thay đổi nào được lưu." in err
    assert not Field.objects.exists()
    assert not Procedure.objects.exists()


def test_a_file_that_is_not_an_xlsx_exits_with_2(tmp_path):
    path = tmp_path / "danh-muc.xlsx"
    path.write_text("Mã thủ tục,Tên\n", encoding="utf-8")
    code, out, err = run("import_catalog", str(path), "--no-progress")
    assert code == 2
    assert out.strip() == str(reader.NOT_XLSX)
    missing = run("import_catalog", str(tmp_path / "khong-co.xlsx"))
    assert missing[0] == 2
    assert "Không tìm thấy tệp" in missing[2]


def test_the_real_exit_code_of_manage_py(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_catalog", str(path), "--no-progress"]).execute()
    assert exit_info.value.code == 2


def test_it_shows_progress_on_stderr(tmp_path):
    rows = [["Mã lĩnh vực", "Tên lĩnh vực"]] + [
        [f"LV{i:04d}", f"Lĩnh vực số {i}"] for i in range(1200)
    ]
    path = write_book(tmp_path / "lon.xlsx", {"Lĩnh vực": rows})
    code, out, err = run("import_catalog", path)
    assert code == 0
    assert "Lĩnh vực: thêm 1200" in out
    # Not a terminal: one line per finished stage.
    assert "Đọc Lĩnh vực: [##############################] 1200/1200" in err
    assert Field.objects.count() == 1200


def test_a_dry_run_saves_nothing(tmp_path):
    path = write_book(
        tmp_path / "a.xlsx", {"Lĩnh vực": [["Mã lĩnh vực", "Tên lĩnh vực"], ["XD", "Xây dựng"]]}
    )
    code, out, _ = run("import_catalog", path, "--dry-run", "--no-progress")
    assert code == 0
    assert "Kiểm tra xong (không lưu): 1 thay đổi." in out
    assert not Field.objects.exists()


def test_the_template_command_writes_only_headers(tmp_path):
    target = tmp_path / "mau.xlsx"
    assert run("export_catalog", str(target), "--template")[0] == 0
    book = openpyxl.load_workbook(target)
    assert book["Lĩnh vực"].max_row == 1
    assert "Hướng dẫn" in book.sheetnames
