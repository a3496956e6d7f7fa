"""English as the second locale: the language switch, translated pages, and the catalogue.

Vietnamese is the source language of every string; the English catalogue is
motcua/locale/en/LC_MESSAGES/django.po, compiled into django.mo (both committed).
"""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as translate
from django.utils.translation import override

from motcua.accounts.models import User
from motcua.catalog.models import Agency, Fee, Field, Procedure, ProcessStep, RequiredDocument
from motcua.dossiers import permissions
from motcua.dossiers.actions.intake import dossier_accept
from motcua.dossiers.models import Dossier, FinancialObligation, Payment, Status
from motcua.feedback import services as feedback_services
from motcua.feedback.models import RATING_CRITERIA, Rating
from motcua.feedback.tests.factories import published
from motcua.lib.errors import InvalidTransition
from motcua.portal.models import PostalDelivery
from motcua.testing import (
    MONDAY_9,
    VN,
    Province,
    applicant,
    make_procedure,
    make_user,
    receive_dossier,
    standard_procedure,
    submit_dossier,
)
from motcua.workdays import deadlines
from motcua.workdays import services as workday_services
from motcua.workdays.units import TimeUnit

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
CATALOGUE = Path(settings.BASE_DIR) / "motcua" / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\([a-zA-Z0-9_]+\)[sdfr]|%[sdfr]|%%")
# Letters that exist in Vietnamese but not in English.
VIETNAMESE_LETTER = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE
)
# Kept in Vietnamese in English text: numbers of legal documents (118/2025/NĐ-CP, 766/QĐ-TTg), the word
# Tết, quoted names (e.g. the sheet names of the catalogue workbook) and the letter of criterion đ)
# of Decree 118 Art. 33.1 (the criteria keep the letters of the decree: a, b, c, d, đ, e, g, h).
KEPT_AS_IS = re.compile(r"\b\d+(?:/\d{4})?/[\w-]+|Tết|“[^”]*”|^đ(?=\)|$)")


class _VisibleText(HTMLParser):
    """Text a reader sees or hears: element text and the attributes read out or shown."""

    ATTRIBUTES = {"placeholder", "title", "aria-label", "alt", "data-confirm"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [v for k, v in attrs if k in self.ATTRIBUTES and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(response) -> str:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    return "\n".join(parser.parts)


def untranslated(response, *data: str) -> list[str]:
    """Visible pieces of text still in Vietnamese, once the given data values are removed."""
    text = visible_text(response)
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, "")
    return [
        line for line in text.splitlines() if VIETNAMESE_LETTER.search(KEPT_AS_IS.sub("", line))
    ]


@pytest.fixture
def english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


@pytest.fixture
def procedure(db):
    procedure = make_procedure(code="1.000001", name="Cấp giấy phép xây dựng", days=5)
    Fee.objects.create(procedure=procedure, name="Lệ phí cấp giấy phép", amount=1_500_000)
    return procedure


def data_names(procedure) -> list[str]:
    """Names that are data, not interface text: shown as entered, in Vietnamese."""
    names = [procedure.name, procedure.field.name, settings.MOTCUA_ORG_NAME]
    names += [fee.name for fee in procedure.fees.all()]
    return names + list(Agency.objects.values_list("name", flat=True))


def test_the_switch_remembers_english_and_the_page_says_so(english):
    body = english.get("/").content.decode()
    assert '<html lang="en">' in body
    assert 'aria-current="true">EN</button>' in body


def test_home_page_is_in_english(english, procedure):
    response = english.get("/")
    text = visible_text(response)
    assert "Look up and carry out administrative procedures" in text
    assert "1 administrative procedures in force, of which 1 can be submitted online." in text
    assert "Administrative procedures" in text
    assert "Feedback and complaints" in text
    assert "Working calendar" in text
    assert "1 procedure" in text
    assert "Thủ tục hành chính" not in text
    assert "Tra cứu và thực hiện thủ tục hành chính" not in text
    assert untranslated(response, *data_names(procedure)) == []


def test_catalog_list_is_in_english(english, procedure):
    response = english.get(reverse("catalog:list"))
    text = visible_text(response)
    assert "Catalogue of administrative procedures" in text
    assert "1 procedure found." in text
    assert "All fields" in text and "Clear filters" in text
    assert "Danh mục thủ tục hành chính" not in text
    assert "Tìm kiếm" not in text
    assert untranslated(response, *data_names(procedure)) == []


def test_procedure_page_is_in_english(english, procedure):
    response = english.get(reverse("catalog:procedure", args=[procedure.code]))
    assert response.status_code == 200
    text = visible_text(response)
    assert "Time limit" in text
    assert "5 working days" in text
    assert "Required documents" in text
    assert "Fees and charges" in text
    assert "1,500,000 VND" in text
    assert "Thời hạn giải quyết" not in text
    assert "ngày làm việc" not in text
    assert "Thành phần hồ sơ" not in text
    assert untranslated(response, *data_names(procedure)) == []


def test_login_page_is_in_english(english):
    response = english.get(reverse("login"))
    text = visible_text(response)
    assert "Log in" in text
    assert "Forgotten your password?" in text
    assert "Username, email address or phone number" in text
    assert "Đăng nhập" not in text
    assert "Mật khẩu" not in text
    assert untranslated(response, settings.MOTCUA_ORG_NAME) == []


def test_a_wrong_password_is_explained_in_english(english):
    response = english.post(reverse("login"), {"username": "nobody", "password": "wrong-pass"})
    assert response.status_code == 200
    assert "The login details or password are incorrect." in visible_text(response)


@time_machine.travel(NOW, tick=False)
def test_working_calendar_is_in_english(english):
    response = english.get(reverse("workdays:current"), follow=True)
    assert response.status_code == 200
    text = visible_text(response)
    assert "Working calendar 2026" in text
    assert "working days in the year" in text
    assert "Mon" in text and "Sun" in text
    assert "Lịch làm việc năm" not in text
    assert "Ngày nghỉ cuối tuần" not in text


def test_vietnamese_stays_the_default(client, procedure):
    text = visible_text(client.get(reverse("catalog:procedure", args=[procedure.code])))
    assert "Thời hạn giải quyết" in text
    assert "1.500.000 đồng" in text
    assert "Time limit" not in text


def test_error_pages_follow_the_language(english):
    response = english.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    text = visible_text(response)
    assert "Page not found" in text
    assert "Không tìm thấy trang" not in text


# --- staff pages, messages and amounts ------------------------------------------------


def vietnamese(text: str) -> bool:
    return bool(VIETNAMESE_LETTER.search(KEPT_AS_IS.sub("", str(text))))


def province_data(p: Province) -> list[str]:
    """Names entered by people (agencies, users, procedures, steps, documents)."""
    names = [settings.MOTCUA_ORG_NAME, applicant().name, applicant().address]
    names += Agency.objects.values_list("name", flat=True)
    names += User.objects.values_list("full_name", flat=True)
    names += Procedure.objects.values_list("name", flat=True)
    names += Field.objects.values_list("name", flat=True)
    names += ProcessStep.objects.values_list("name", flat=True)
    names += RequiredDocument.objects.values_list("name", flat=True)
    return [n for n in names if n]


def test_every_dossier_status_error_is_english():
    actions = {n: getattr(permissions, n) for n in dir(permissions) if n.startswith("ACT_")}
    assert len(actions) >= 19
    with override("en"):
        for name, action in actions.items():
            message = permissions.status_error(Dossier(status=Status.PROCESSING), action).message
            assert message.startswith(f"Cannot {action} while the dossier is in status "), name
            assert not vietnamese(message), message


def test_every_status_error_names_its_action_with_a_translated_constant():
    """A literal (``status_error(dossier, "rút hồ sơ")``) would stay Vietnamese in English."""
    source = Path(permissions.__file__).read_text(encoding="utf-8")
    calls = [
        node
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) in ("status_error", "_check_decision")
    ]
    assert len(calls) >= 19
    actions = [call.args[-1] for call in calls]
    assert [ast.unparse(a) for a in actions if isinstance(a, ast.Constant)] == []
    assert {a.id for a in actions if isinstance(a, ast.Name)} <= {
        n for n in dir(permissions) if n.startswith("ACT_")
    } | {"action"}


@time_machine.travel(MONDAY_9, tick=False)
def test_a_refused_dossier_action_is_explained_in_english(p):
    dossier = submit_dossier(p, standard_procedure(p))
    dossier_accept(actor=p.officer_a, dossier=dossier)
    with override("en"), pytest.raises(InvalidTransition) as exc:
        dossier_accept(actor=p.officer_a, dossier=dossier)
    assert exc.value.message.startswith("Cannot receive the dossier while the dossier is in status")
    assert not vietnamese(exc.value.message)


def test_feedback_status_errors_are_english(p):
    feedback = published(p)
    with override("en"), pytest.raises(feedback_services.InvalidTransition) as exc:
        feedback_services.feedback_refuse(feedback=feedback, actor=p.leader_a, reason="Muộn")
    assert exc.value.message.startswith("Cannot refuse to handle it while the feedback is in")
    assert not vietnamese(exc.value.message)
    with override("en"):
        words = [str(w) for w in feedback_services._ACTION_WORDS.values()]
    assert "close it" in words  # not "finished", the label of the same Vietnamese word
    assert [w for w in words if vietnamese(w)] == []


def test_amounts_follow_the_language():
    dossier = Dossier(code="H99.50.01-261102-0001")
    rows = [
        FinancialObligation(dossier=dossier, amount=1_500_000),
        Payment(dossier=dossier, amount=1_500_000),
    ]
    for row in rows:
        with override("vi"):
            assert str(row) == "H99.50.01-261102-0001 · 1.500.000 đồng"
        with override("en"):
            assert str(row) == "H99.50.01-261102-0001 · 1,500,000 VND"
    with override("en"):
        assert str(PostalDelivery(dossier_id=7, fee=25_000)) == "7: 25,000 VND"


def test_the_dossier_page_is_in_english(p, english):
    procedure = standard_procedure(p)
    RequiredDocument.objects.create(procedure=procedure, order=1, name="Đơn đề nghị", originals=1)
    # Received on Friday 20/11/2026, before the Vietnam Cultural Day (24/11).
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, 0, tzinfo=VN), tick=False):
        dossier = receive_dossier(p, procedure)
        english.force_login(p.officer_a)
        response = english.get(reverse("office:dossier", args=[dossier.pk]))
    assert response.status_code == 200
    text = visible_text(response)
    assert "Dossier received: 09:00 Friday, 20/11/2026." in text
    assert "4 weekend days not counted: 21/11, 22/11, 28/11, 29/11." in text
    assert "Public holidays and compensatory days off not counted: 24/11/2026 (Vietnam" in text
    assert "Result due: 09:00 Monday, 30/11/2026." in text
    assert "Form 01: Receipt and appointment slip" in text
    assert untranslated(response, dossier.code, *province_data(p)) == []


def test_the_dossier_admin_is_in_english(p, english):
    procedure = standard_procedure(p)
    with time_machine.travel(MONDAY_9, tick=False):
        dossier = receive_dossier(p, procedure)
    Payment.objects.create(dossier=dossier, amount=150_000, method="cash", paid_at=MONDAY_9)
    superuser = make_user("sieuquantri", is_staff=True, is_superuser=True)
    english.force_login(superuser)
    response = english.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk]))
    assert response.status_code == 200
    assert f"{dossier.code} · 150,000 VND" in visible_text(response)
    assert untranslated(response, dossier.code, *province_data(p)) == []
    changelist = english.get(reverse("admin:dossiers_dossier_changelist"))
    assert untranslated(changelist, dossier.code, *province_data(p)) == []


def test_the_rating_criteria_are_named_in_english():
    with override("en"):
        names = [str(Rating._meta.get_field(f).verbose_name) for f in RATING_CRITERIA]
    assert names[:2] == ["criterion a", "criterion b"]


def test_calendar_errors_are_english():
    messages = [
        deadlines.AMOUNT_NEGATIVE,
        deadlines.AMOUNT_NOT_WHOLE,
        deadlines.UNIT_UNKNOWN,
        deadlines.OUT_OF_RANGE,
        deadlines.NAIVE_DATETIME,
        workday_services.OVERRIDE_EXISTS,
        workday_services.OVERRIDE_REASON_REQUIRED,
        workday_services.OVERRIDE_SESSIONS_ON_DAY_OFF,
        workday_services.OVERRIDE_OUT_OF_RANGE,
        workday_services.SESSIONS_INVALID,
        workday_services.NO_WORKING_DAY,
        workday_services.NOT_ALLOWED_NATIONAL,
        workday_services.NOT_ALLOWED_AGENCY,
    ]
    with override("en"):
        assert [m for m in messages if vietnamese(translate(m))] == []
        with pytest.raises(ValueError, match="The time limit cannot be negative."):
            deadlines.add_working_time(MONDAY_9, -1, TimeUnit.WORKING_DAYS)


# Modules whose every string is interface text: a Vietnamese literal outside gettext would
# show in Vietnamese on English pages and exports.
INTERFACE_MODULES = [
    "motcua/reports/indicators.py",
    "motcua/reports/exports.py",
    "motcua/reports/charts.py",
    "motcua/reports/satisfaction.py",
    "motcua/reports/stats.py",
    "motcua/reports/periods.py",
    "motcua/workdays/deadlines.py",
    "motcua/workdays/services.py",
    "motcua/dossiers/models.py",
    "motcua/portal/models.py",
    "motcua/lib/numbers.py",
]
GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy"}


def untranslated_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT:
            skipped |= {id(n) for n in ast.walk(node)}
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))  # docstrings
    return [
        f"{path.name}:{node.lineno}: {node.value}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and vietnamese(node.value)
    ]


@pytest.mark.parametrize("module", INTERFACE_MODULES)
def test_interface_modules_mark_every_vietnamese_string(module):
    assert untranslated_literals(Path(settings.BASE_DIR) / module) == []


# --- the catalogue itself ---------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def read_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgid, msgid_plural, msgstr or msgstr[n], and flags."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += _unquote(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = _unquote(value)
    return entries


def catalogue_of(entries: list[dict]) -> dict:
    """What msgfmt compiles: translated, non-fuzzy entries, keyed like GNUTranslations."""
    catalog = {}
    for e in entries:
        if e["msgid"] == "" or "fuzzy" in e["flags"]:
            continue
        msgid = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            forms = {int(k[7:-1]): v for k, v in e.items() if k.startswith("msgstr[")}
            if all(forms.values()):
                catalog.update({(msgid, n): v for n, v in forms.items()})
        elif e["msgstr"]:
            catalog[msgid] = e["msgstr"]
    return catalog


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    return read_po(CATALOGUE / "django.po")


def test_the_compiled_catalogue_matches_the_po_file(po_entries):
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {k: v for k, v in compiled.items() if k != ""}
    expected = catalogue_of(po_entries)
    assert set(expected) - set(compiled) == set(), "run `make messages` to recompile django.mo"
    assert set(compiled) - set(expected) == set(), "run `make messages` to recompile django.mo"
    changed = [k for k in expected if expected[k] != compiled[k]]
    assert changed == [], "run `make messages` to recompile django.mo"


def test_every_string_is_translated(po_entries):
    messages = [e for e in po_entries if e["msgid"]]
    assert len(messages) > 1000
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    empty = [
        e["msgid"]
        for e in messages
        if not e.get("msgstr") and not all(v for k, v in e.items() if k.startswith("msgstr["))
    ]
    assert fuzzy == []
    assert empty == []


def test_translations_keep_placeholders_and_surrounding_spaces(po_entries):
    wrong = []
    for e in po_entries:
        if not e["msgid"]:
            continue
        pairs = [(e["msgid"], e.get("msgstr", ""))]
        if "msgid_plural" in e:
            pairs = [(e["msgid"], e["msgstr[0]"]), (e["msgid_plural"], e["msgstr[1]"])]
        for source, translation in pairs:
            same_marks = sorted(PLACEHOLDER.findall(source)) == sorted(
                PLACEHOLDER.findall(translation)
            )
            same_edges = (source[:1].isspace(), source[-1:].isspace()) == (
                translation[:1].isspace(),
                translation[-1:].isspace(),
            )
            if not (same_marks and same_edges):
                wrong.append(source)
    assert wrong == []


def test_translations_are_english(po_entries):
    """No Vietnamese left in translations, except what is kept as is (KEPT_AS_IS)."""
    left = [
        e["msgid"]
        for e in po_entries
        for k, v in e.items()
        if k.startswith("msgstr") and VIETNAMESE_LETTER.search(KEPT_AS_IS.sub("", v))
    ]
    assert left == []
