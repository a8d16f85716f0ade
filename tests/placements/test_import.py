"""Importing the directory from CSV: all rows or none, every bad row reported by line."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from placements.models import Setting
from placements.services.importing import (
    MAX_IMPORT_BYTES,
    ImportRefused,
    import_settings,
    parse_settings_csv,
    template_csv,
)
from tests.factories import SettingFactory

pytestmark = pytest.mark.django_db

HEADER = "urn,ukprn,name,type,phase,la_code,open\n"
GOOD = (
    HEADER
    + "100101,,Brook Primary School,mainstream_maintained,primary,999,yes\n"
    + "100102,,Far Hall School,Independent special school,all_through,201,\n"
    + ",10012345,Northgate College,FE_COLLEGE,16 plus,999,no\n"
    + ",,Elective home education,EHE,,999,yes\n"
)


def test_a_good_file_adds_every_row(administrator, settings):
    settings.LA_CODE = "999"
    result = import_settings(data=GOOD.encode(), by=administrator)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    far = Setting.objects.get(urn="100102")
    assert far.setting_type == "independent_special"
    assert far.in_area is False
    college = Setting.objects.get(ukprn="10012345")
    assert (college.setting_type, college.phase, college.is_open) == ("fe_college", "post16", False)
    assert far.history.first().history_change_reason == "Imported from CSV"


def test_a_second_import_updates_by_urn_and_leaves_the_rest(administrator):
    import_settings(data=GOOD.encode(), by=administrator)
    changed = GOOD.replace("Brook Primary School", "Brook Primary Academy").replace(
        "mainstream_maintained", "academy"
    )
    result = import_settings(data=changed.encode(), by=administrator)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    assert Setting.objects.get(urn="100101").name == "Brook Primary Academy"
    assert Setting.objects.count() == 4


def test_a_bad_file_reports_every_bad_line_and_imports_nothing(administrator):
    SettingFactory(name="Existing", urn="100900")
    bad = (
        HEADER
        + "100101,,Good School,academy,primary,999,yes\n"  # line 2: fine
        + "100102,,Castle School,castle,primary,999,yes\n"  # 3: unknown type
        + "12345,,Short URN School,academy,,999,yes\n"  # 4: bad URN
        + "100101,,Twice School,academy,,999,yes\n"  # 5: duplicate URN in the file
        + "100104,,,academy,,999,yes\n"  # 6: no name
        + "100105,,Bad LA School,academy,,99,maybe\n"  # 7: bad LA code and open
        + "100106,123,Bad UKPRN School,academy,,999,yes\n"  # 8: bad UKPRN
        + "100107,,No LA School,academy,,,yes\n"  # 9: LA code missing
        + "100108,,Moon School,academy,lunar,999,yes\n"  # 10: unknown phase
    )
    with pytest.raises(ImportRefused) as refused:
        import_settings(data=bad.encode(), by=administrator)
    lines = refused.value.lines
    assert [line.split(":")[0] for line in lines] == [f"Line {n}" for n in range(3, 11)]
    assert "unknown type 'castle'" in lines[0]
    assert "bad URN '12345'" in lines[1]
    assert lines[2] == "Line 5: URN 100101 is also on line 2"
    assert "the name is missing" in lines[3]
    assert "bad LA code '99'" in lines[4] and "'open' must be yes or no" in lines[4]
    assert "bad UKPRN '123'" in lines[5]
    assert "the LA code is missing" in lines[6]
    assert "unknown phase 'lunar'" in lines[7]
    assert list(Setting.objects.values_list("name", flat=True)) == ["Existing"]


def test_a_ukprn_that_belongs_to_another_setting_is_refused(administrator):
    SettingFactory(name="College A", urn="", ukprn="10000001")
    data = HEADER + "100111,10000001,College B,fe_college,,999,yes\n"
    with pytest.raises(ImportRefused) as refused:
        import_settings(data=data.encode(), by=administrator)
    assert refused.value.lines == ["Line 2: UKPRN 10000001 already belongs to College A"]
    assert Setting.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        ("name,type,la_code\nÉcole,academy,999\n".encode("latin-1"), "not UTF-8"),
        (b"name,kind\nA,academy\n", "Line 1: the header row has no column type, la_code"),
        (HEADER.encode(), "no settings"),
        (b"x" * (MAX_IMPORT_BYTES + 1), "larger than 2 MB"),
    ],
)
def test_files_that_cannot_be_read_are_refused_clearly(data, message):
    with pytest.raises(ImportRefused) as refused:
        parse_settings_csv(data)
    assert message in refused.value.lines[0]


def test_a_byte_order_mark_and_blank_lines_are_fine(administrator):
    data = "\ufeff" + GOOD + "\n,,,,,,\n"
    assert import_settings(data=data.encode(), by=administrator).created == 4


def test_the_template_imports_as_it_is(administrator):
    assert template_csv().startswith("urn,ukprn,name,type,phase,low_age,high_age,la_code,open")
    assert import_settings(data=template_csv().encode(), by=administrator).created == 3


def test_the_management_command(tmp_path):
    good = tmp_path / "settings.csv"
    good.write_text(GOOD)
    out = StringIO()
    call_command("import_settings", str(good), stdout=out)
    assert "4 added" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "1,,X,academy,,999,yes\n")
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported: 1 problem"):
        call_command("import_settings", str(bad), stderr=err)
    assert "Line 2: bad URN '1'" in err.getvalue()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_settings", str(tmp_path / "missing.csv"))


# --- the page ------------------------------------------------------------------------------


def _upload(client, content: bytes, name="settings.csv"):
    return client.post(
        reverse("placements:settings_import"),
        {"file": SimpleUploadedFile(name, content, "text/csv")},
    )


def test_the_import_page_imports_and_says_how_many(client, team_manager):
    client.force_login(team_manager)
    page = client.get(reverse("placements:settings_import"))
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = _upload(client, GOOD.encode())
    assert response.status_code == 302
    assert Setting.objects.count() == 4
    followed = client.get(response.url)
    assert "Import finished: 4 added, 0 updated, 0 unchanged" in followed.content.decode()


def test_the_import_page_lists_every_problem(client, administrator):
    client.force_login(administrator)
    bad = HEADER + "1,,X,academy,,999,yes\n100200,,Y,castle,,999,yes\n"
    response = _upload(client, bad.encode())
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Line 2: bad URN &#x27;1&#x27; (6 digits)" in body
    assert "Line 3: unknown type &#x27;castle&#x27;" in body
    assert "The file was not imported: 2 problems to fix" in body
    assert not Setting.objects.exists()


def test_the_import_page_refuses_other_files(client, administrator):
    client.force_login(administrator)
    response = _upload(client, b"%PDF-1.4", name="settings.pdf")
    assert "The file must be a CSV file (.csv)" in response.content.decode()
    response = client.post(reverse("placements:settings_import"), {})
    assert "Select a CSV file" in response.content.decode()
    response = _upload(client, "name,type,la_code\nÉ,academy,999\n".encode("cp1252"))
    assert "not UTF-8" in response.content.decode()


def test_the_template_download(client, head_of_service):
    client.force_login(head_of_service)
    response = client.get(reverse("placements:settings_template"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().startswith("urn,ukprn,name")
