import datetime
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from danvan.audit.models import AuditEntry
from danvan.core.models import DataLoad
from danvan.org.models import Unit
from danvan.plans import interchange
from danvan.plans.demo import load_plan_demo
from danvan.plans.models import LegalDocument, Plan, Task
from danvan.reporting.models import Period

D = datetime.date
SEED_TEXT = interchange.SEED_SOURCE_PATH.read_text(encoding="utf-8")


def _nothing_imported():
    return not (Plan.objects.exists() or Task.objects.exists() or LegalDocument.objects.exists()
                or Period.objects.exists())


# The format and the seed file --------------------------------------------------------------------------------

def test_the_seed_file_follows_the_format():
    assert interchange.validate(interchange.load(interchange.SEED_PATH)) == []


def test_the_schema_names_the_same_kinds_as_the_models():
    schema = interchange.schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["assigned"]["properties"]["kinds"]["items"]["enum"] == Unit.Kind.values
    assert schema["$defs"]["period"]["properties"]["kind"]["enum"] == Period.Kind.values
    assert set(schema["required"]) == set(schema["properties"])
    # Every property of the format says what it is.
    missing = [key for key, node in schema["properties"].items() if not node.get("description")]
    assert missing == []


def test_the_seed_file_says_what_the_seed_text_says(seed):
    assert (seed["number"], seed["date"], seed["symbol"], seed["place"], seed["year"]) == (
        None, None, "KH-UBND", "Bình Định", 2025)
    assert seed["type"] == "KẾ HOẠCH" and seed["title"] == "Thực hiện công tác dân vận chính quyền năm 2025"
    assert len(seed["purposes"]) == 3 and len(seed["requirements"]) == 2 and len(seed["implementation"]) == 2
    assert [t["number"] for t in seed["tasks"]] == list(range(1, 10))
    assert [t["body"] == "" for t in seed["tasks"]] == [False] * 6 + [True] * 3
    assert seed["recipients"][0] == "Bộ Nội vụ" and seed["recipients"][-1] == "Lưu: VT, K7"
    assert len(seed["recipients"]) == 8
    assert seed["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "prefix": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                              "name": "Lâm Hải Giang"}
    assert seed["assigned"]["kinds"] == ["department", "district", "commune"]
    assert [(p["kind"], p["data_from"], p["data_to"], p["due_date"]) for p in seed["periods"]] == [
        ("Q1", "2024-12-15", "2025-03-14", "2025-03-20"), ("6M", "2024-12-15", "2025-06-14", "2025-06-20"),
        ("9M", "2024-12-15", "2025-09-14", "2025-09-20"), ("YEAR", "2024-12-15", "2025-11-14", "2025-11-25"),
    ]
    # Every text of the file is in the seed text word for word (page breaks of the source aside).
    text = " ".join(SEED_TEXT.split())
    pieces = [seed["title"], seed["closing"], seed["assigned"]["text"], seed["periods"][0]["recipient"],
              *seed["purposes"], *seed["requirements"], *seed["implementation"], *seed["preamble"].split("\n\n")]
    for task in seed["tasks"]:
        pieces += [task["title"], *[p for p in task["body"].split("\n\n") if p]]
    for ref in seed["legal_references"]:
        pieces += [p for p in (ref["number_symbol"], ref["issuer"], ref["summary"]) if p]
    assert [p for p in pieces if " ".join(p.split()) not in text] == []


def test_every_document_the_seed_text_cites_is_a_legal_reference(seed):
    text = SEED_TEXT
    numbers = {ref["number_symbol"] for ref in seed["legal_references"]}
    cited = set(re.findall(r"(?:số|Chỉ thị) (\d+[-/][\w/.\-]+[\wĐđ])", text))
    assert cited <= numbers
    assert {"33/CT-TTg", "64-KH/UBND-BDVTU", "23-QĐ/TW", "126-KL/TW", "59/2023/NĐ-CP", "61/2023/NĐ-CP",
            "11-QĐi/TW", "27/CT-TTg", "37-CT/TU"} <= numbers
    assert len(seed["legal_references"]) == 21
    by_number = {ref["number_symbol"]: ref for ref in seed["legal_references"]}
    assert by_number["33/CT-TTg"] | {"summary": ""} == {
        "kind": "Chỉ thị", "number_symbol": "33/CT-TTg", "date": "2021-11-26", "issuer": "Thủ tướng Chính phủ",
        "summary": ""}
    law = [r for r in seed["legal_references"] if r["kind"] == "Luật"]
    assert law == [{"kind": "Luật", "number_symbol": None, "date": None, "issuer": "",
                    "summary": "Thực hiện dân chủ ở cơ sở năm 2022"}]


# Import and export -------------------------------------------------------------------------------------------

def test_importing_the_seed_creates_a_draft_with_everything_and_export_gives_it_back(people, tree, seed):
    plan = interchange.import_plan(seed, by=people["coordinator"], issuer=tree["province"])
    assert plan.status == Plan.Status.DRAFT and plan.number is None and plan.issued_on is None
    assert plan.issuer == tree["province"] and plan.created_by == people["coordinator"]
    assert plan.tasks.count() == 9 and plan.legal_bases.count() == 21
    assert [(p.kind, p.data_to, p.due_date) for p in plan.periods.all()] == [
        ("Q1", D(2025, 3, 14), D(2025, 3, 20)), ("6M", D(2025, 6, 14), D(2025, 6, 20)),
        ("9M", D(2025, 9, 14), D(2025, 9, 20)), ("YEAR", D(2025, 11, 14), D(2025, 11, 25)),
    ]
    assert {p.recipient for p in plan.periods.all()} == {"Ủy ban nhân dân tỉnh (qua Sở Nội vụ)"}
    assert interchange.export_plan(plan) == interchange.load(interchange.SEED_PATH)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"plan_created", "plan_tasks_set", "plan_legal_bases_set", "period_created", "plan_imported"} <= actions


def test_a_second_import_reuses_the_legal_documents(people, tree, seed):
    interchange.import_plan(seed, by=people["coordinator"], issuer=tree["province"])
    second = interchange.import_plan(seed, by=people["coordinator"], issuer=tree["province"])
    assert LegalDocument.objects.count() == 21
    assert interchange.export_plan(second) == interchange.load(interchange.SEED_PATH)


def test_a_file_with_a_number_date_and_named_units_round_trips(people, tree, seed):
    seed["number"], seed["date"] = 12, "2025-01-20"
    seed["assigned"]["units"] = [{"name": "Sở Nội vụ", "code": ""}, {"name": "Xã Đắk Pơ", "code": "24000"}]
    seed["periods"].append({"kind": "ADHOC", "label": "Báo cáo chuyên đề", "data_from": "2025-01-01",
                            "data_to": "2025-04-30", "due_date": "2025-05-05", "recipient": "Sở Nội vụ"})
    seed["periods"].sort(key=lambda p: p["due_date"])
    plan = interchange.import_plan(seed, by=None, issuer=tree["province"])
    assert set(plan.assigned_units.all()) == {tree["dept"], tree["other_commune"]}
    exported = interchange.export_plan(plan)
    assert exported["assigned"]["units"] == [{"name": "Sở Nội vụ", "code": ""}, {"name": "Xã Đắk Pơ", "code": "24000"}]
    assert exported == seed


def test_a_broken_file_names_the_path_of_each_error_and_imports_nothing(people, tree, seed):
    seed["tasks"][3]["title"] = ""
    seed["tasks"][5]["number"] = "6"
    seed["periods"][1]["due_date"] = "20/06/2025"
    seed["legal_references"][2]["date"] = "2021-02-30"
    del seed["signer"]["name"]
    seed["colour"] = "đỏ"
    with pytest.raises(ValidationError) as error:
        interchange.import_plan(seed, by=people["coordinator"], issuer=tree["province"])
    paths = [message.split(":")[0] for message in error.value.messages]
    assert paths == ["colour", "legal_references[2].date", "tasks[3].title", "tasks[5].number",
                     "periods[1].due_date", "signer.name"]
    assert _nothing_imported()


def test_rules_beyond_the_schema_name_their_paths_too(seed):
    seed["tasks"][4]["number"] = 2
    seed["periods"][2]["kind"] = "6M"
    seed["periods"][3]["data_to"] = "2025-12-14"
    seed["legal_references"].append(dict(seed["legal_references"][0]))
    errors = interchange.validate(seed)
    assert [e.split(":")[0] for e in errors] == [
        "tasks[4].number", "periods[2].kind", "periods[3].due_date", "legal_references[21]"]


@pytest.mark.parametrize("data, path", [
    ([], "$"),
    ({"format": "danvan-plan/2", "title": 5}, "format"),
    ({"title": "Kế hoạch"}, "format"),
])
def test_a_file_that_is_not_a_plan_says_so(data, path):
    errors = interchange.validate(data)
    assert len(errors) == 1 and errors[0].startswith(f"{path}: ")


def test_an_unknown_unit_in_the_file_imports_nothing(tree, seed):
    seed["assigned"]["units"] = [{"name": "Sở Không Có", "code": ""}]
    with pytest.raises(ValidationError) as error:
        interchange.import_plan(seed, by=None, issuer=tree["province"])
    assert error.value.messages[0].startswith("assigned.units[0]: ")
    assert _nothing_imported()


def test_a_failure_half_way_through_the_import_leaves_nothing_behind(tree, seed, monkeypatch):
    saved = []
    original = Period.save

    def failing_save(self, *args, **kwargs):
        saved.append(self.kind)
        if len(saved) == 3:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Period, "save", failing_save)
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError):
        interchange.import_plan(seed, by=None, issuer=tree["province"])
    assert saved == ["Q1", "6M", "9M"]
    assert _nothing_imported() and AuditEntry.objects.count() == audit_before


def test_only_a_coordinator_imports(people, tree, seed):
    with pytest.raises(PermissionDenied):
        interchange.import_plan(seed, by=people["owner"], issuer=tree["province"])
    assert _nothing_imported()


# The command and the demo ------------------------------------------------------------------------------------

def test_the_import_command_imports_a_file(tree, capsys):
    call_command("import_plan", str(interchange.SEED_PATH), issuer=tree["province"].pk)
    plan = Plan.objects.get()
    assert "9 tasks, 4 periods" in capsys.readouterr().out
    assert plan.issuer == tree["province"] and plan.status == Plan.Status.DRAFT


def test_the_import_command_explains_what_is_wrong(tree, tmp_path, seed):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_plan", str(tmp_path / "missing.json"), issuer=tree["province"].pk)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"format": "danvan-plan/1",\n  "year": }', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2, column"):
        call_command("import_plan", str(bad_json), issuer=tree["province"].pk)
    with pytest.raises(CommandError, match="No unit with id 999999"):
        call_command("import_plan", str(interchange.SEED_PATH), issuer=999999)
    seed["tasks"][0]["title"] = ""
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=r"nothing changed\):\n  tasks\[0\]\.title: "):
        call_command("import_plan", str(broken), issuer=tree["province"].pk)
    assert _nothing_imported()


def test_the_demo_imports_the_seed_plan_once_as_a_draft_of_binh_dinh(demo):
    assert load_plan_demo() is True
    plan = Plan.objects.get()
    assert plan.issuer.name == "Tỉnh Bình Định" and plan.status == Plan.Status.DRAFT
    assert plan.tasks.count() == 9 and plan.periods.count() == 4
    counts = (Plan.objects.count(), AuditEntry.objects.count())
    assert load_plan_demo() is False
    assert (Plan.objects.count(), AuditEntry.objects.count()) == counts
    assert DataLoad.objects.filter(name="demo-plan").count() == 1


def test_the_demo_needs_the_organisation_demo_first(db):
    with pytest.raises(LookupError):
        load_plan_demo()
    assert not DataLoad.objects.filter(name="demo-plan").exists()
