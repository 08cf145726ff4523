"""The plan interchange format: one JSON object per plan, described by `data/plan.schema.json`.

The seed plan (`data/binh-dinh-2025.json`) is written in it by hand; a later parser of DOCX/PDF files will
produce the same structure. `import_plan` validates and creates a draft plan with its legal references,
tasks and reporting periods in one transaction (a bad file changes nothing); `export_plan` gives the same
structure back, so that export(import(data)) == data.

Validation is done here by a small interpreter of the schema's own keywords (type, const, enum, required,
properties, additionalProperties, items, minItems, uniqueItems, minLength, maxLength, pattern, minimum,
maximum, format "date", $ref) rather than the `jsonschema` package: the messages are Vietnamese and every one
names the JSON path it is about ("tasks[3].title: …"). Rules a schema cannot say (task numbers used twice,
a data window that ends after its due date …) are checked after it.
"""

import datetime
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.audit.services import audit_record, created
from danvan.core.text import nfc
from danvan.org.models import Unit
from danvan.plans import services
from danvan.plans.models import Plan

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_PATH = DATA_DIR / "plan.schema.json"
SEED_PATH = DATA_DIR / "binh-dinh-2025.json"
SEED_SOURCE_PATH = DATA_DIR / "binh-dinh-2025.txt"  # the text the seed file was entered from
FORMAT = "danvan-plan/1"
DOCUMENT_TYPE = "KẾ HOẠCH"
SINGLE_LINE = "^[^\\r\\n]+$"
PERIOD_FIELDS = ["kind", "label", "data_from", "data_to", "due_date", "recipient"]

TYPE_NAMES = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("a whole number"),
    "number": gettext_lazy("a number"),
    "boolean": gettext_lazy("true or false"),
    "object": gettext_lazy("an object {…}"),
    "array": gettext_lazy("a list […]"),
    "null": gettext_lazy("null"),
}


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def load(path: str | Path) -> dict:
    """Read a plan file (UTF-8 JSON)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


# Validation -------------------------------------------------------------------------------------------------

def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return {
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "null": value is None,
    }[name]


def _parse_date(value: str) -> datetime.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Validator:
    def __init__(self, root_schema: dict):
        self.root = root_schema
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path or '$'}: {message}")

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local references are supported: {ref}")
            target = self.root
            for part in ref[2:].split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def check(self, value: Any, node: dict, path: str) -> None:
        node = self.resolve(node)
        if "const" in node and value != node["const"]:
            self.error(path, _("must be “%(value)s”.") % {"value": node["const"]})
            return
        if "enum" in node and value not in node["enum"]:
            self.error(path, _("must be one of: %(values)s.") % {"values": ", ".join(map(str, node["enum"]))})
            return
        if "type" in node:
            types = node["type"] if isinstance(node["type"], list) else [node["type"]]
            if not any(_is_type(value, t) for t in types):
                expected = str(_(" or ")).join(str(TYPE_NAMES[t]) for t in types)
                if node.get("format") == "date":
                    expected = str(_(" or ")).join(
                        str(_("a date yyyy-mm-dd")) if t == "string" else str(TYPE_NAMES[t]) for t in types
                    )
                self.error(path, _("must be %(expected)s.") % {"expected": expected})
                return
        if isinstance(value, str):
            self.check_string(value, node, path)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in node and value < node["minimum"]:
                self.error(path, _("must be at least %(minimum)s.") % {"minimum": node["minimum"]})
            if "maximum" in node and value > node["maximum"]:
                self.error(path, _("must be at most %(maximum)s.") % {"maximum": node["maximum"]})
        elif isinstance(value, list):
            self.check_array(value, node, path)
        elif isinstance(value, dict):
            self.check_object(value, node, path)

    def check_string(self, value: str, node: dict, path: str) -> None:
        if "minLength" in node and len(value) < node["minLength"]:
            self.error(path, _("must not be empty."))
            return
        if "maxLength" in node and len(value) > node["maxLength"]:
            self.error(path, _("is too long (at most %(count)s characters).") % {"count": node["maxLength"]})
        if "pattern" in node and not re.search(node["pattern"], value):
            if node["pattern"] == SINGLE_LINE:
                self.error(path, _("must be one line (no line break)."))
            else:
                self.error(path, _("does not have the expected form."))
        if node.get("format") == "date" and _parse_date(value) is None:
            self.error(path, _("must be a date written yyyy-mm-dd, e.g. 2025-03-20."))

    def check_array(self, value: list, node: dict, path: str) -> None:
        if "minItems" in node and len(value) < node["minItems"]:
            self.error(path, _("needs at least %(count)s item(s).") % {"count": node["minItems"]})
        if node.get("uniqueItems"):
            seen = []
            for i, item in enumerate(value):
                if item in seen:
                    self.error(_join(path, i), _("is repeated."))
                seen.append(item)
        if "items" in node:
            for i, item in enumerate(value):
                self.check(item, node["items"], _join(path, i))

    def check_object(self, value: dict, node: dict, path: str) -> None:
        properties = node.get("properties", {})
        for key in node.get("required", []):
            if key not in value:
                self.error(_join(path, key), _("is missing."))
        if node.get("additionalProperties") is False:
            for key in value:
                if key not in properties:
                    self.error(_join(path, key), _("is not a field of this format."))
        for key, sub in properties.items():
            if key in value:
                self.check(value[key], sub, _join(path, key))


def _check_rules(data: dict) -> list[str]:
    """What the schema cannot say. Runs only on data that passed the schema."""
    errors = []
    seen_numbers: set[int] = set()
    for i, task in enumerate(data["tasks"]):
        if task["number"] in seen_numbers:
            errors.append(f"tasks[{i}].number: " + _("task %(number)s is listed twice.") % {"number": task["number"]})
        seen_numbers.add(task["number"])
    seen_kinds: set[str] = set()
    for i, period in enumerate(data["periods"]):
        path = f"periods[{i}]"
        if period["kind"] != "ADHOC" and period["kind"] in seen_kinds:
            errors.append(f"{path}.kind: " + _("a period of this kind is listed twice."))
        seen_kinds.add(period["kind"])
        data_from, data_to, due = (_parse_date(period[k]) for k in ("data_from", "data_to", "due_date"))
        if data_to < data_from:
            errors.append(f"{path}.data_to: " + _("the data window ends before it starts."))
        if due < data_to:
            errors.append(f"{path}.due_date: " + _("the due date comes before the end of the data window."))
    seen_documents: set[tuple] = set()
    for i, ref in enumerate(data["legal_references"]):
        path = f"legal_references[{i}]"
        if ref["number_symbol"] is None and not ref["summary"].strip():
            errors.append(f"{path}.summary: " + _("a document without a number needs its name here."))
        key = ((ref["number_symbol"], ref["date"]) if ref["number_symbol"] is not None
               else (ref["kind"], ref["summary"]))
        if key in seen_documents:
            errors.append(f"{path}: " + _("the same document is listed twice."))
        seen_documents.add(key)
    return errors


def validate(data: Any) -> list[str]:
    """Every problem of a plan file, each as "json.path: message" (empty when the file is good)."""
    checker = _Validator(schema())
    if isinstance(data, dict) and data.get("format") != FORMAT:
        # Another format (or none): its other differences would only bury the one that matters.
        checker.check(data.get("format"), schema()["properties"]["format"], "format")
        return checker.errors
    checker.check(data, schema(), "")
    if checker.errors:
        return checker.errors
    return _check_rules(data)


# Import -----------------------------------------------------------------------------------------------------

def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _resolve_units(items: list[dict], year: int) -> tuple[list[Unit], list[str]]:
    """The units assigned by name: by official code first, else by name; among namesakes, the one that existed
    on 1 January of the plan's year."""
    units, errors = [], []
    first_day = datetime.date(year, 1, 1)
    for i, item in enumerate(items):
        path = f"assigned.units[{i}]"
        code, name = nfc(item["code"]), nfc(item["name"])
        candidates = list(Unit.objects.filter(code=code) if code else Unit.objects.filter(name=name))
        if len(candidates) > 1:
            candidates = [u for u in candidates if u.is_valid_on(first_day)] or candidates
        if not candidates:
            errors.append(f"{path}: " + _("no unit “%(name)s” in the organisation tree.") % {"name": code or name})
        elif len(candidates) > 1:
            errors.append(f"{path}: " + _("several units are named “%(name)s”: give the official code.")
                          % {"name": name})
        else:
            units.append(candidates[0])
    return units, errors


@transaction.atomic
def import_plan(data: dict, *, by, issuer: Unit) -> Plan:
    """Create a draft provincial plan from a plan file, with its legal references (existing documents reused
    by number and date), tasks and reporting periods. All or nothing: ValidationError lists every problem."""
    from danvan.reporting.models import Period

    services.require_manager(by)
    errors = validate(data)
    if errors:
        raise ValidationError(errors)
    assigned, errors = _resolve_units(data["assigned"]["units"], data["year"])
    if errors:
        raise ValidationError(errors)
    signer = data["signer"]
    plan = services.plan_create(
        by=by, issuer=issuer, year=data["year"], title=data["title"], number=data["number"],
        symbol=data["symbol"], place=data["place"], issuer_title=data["issuer"]["name"],
        parent_body=data["issuer"]["parent_body"], preamble=data["preamble"], purposes=data["purposes"],
        requirements=data["requirements"], implementation=data["implementation"], closing=data["closing"],
        recipients=data["recipients"], signer_authority=signer["authority"], signer_prefix=signer["prefix"],
        signer_title=signer["title"], signer_name=signer["name"], assigned_kinds=data["assigned"]["kinds"],
        assigned_text=data["assigned"]["text"], assigned_units=assigned,
        tasks=[(t["number"], t["title"], t["body"]) for t in data["tasks"]],
        legal_bases=[
            services.LegalRef(kind=r["kind"], number_symbol=r["number_symbol"] or "", date=_date(r["date"]),
                              issuer=r["issuer"], title=r["summary"])
            for r in data["legal_references"]
        ],
    )
    if data["date"]:
        # The file prints a date: keep it on the draft; issuing sets it for good.
        plan.issued_on = _date(data["date"])
        plan.save(update_fields=["issued_on"])
    for item in data["periods"]:
        period = Period(
            plan=plan, kind=item["kind"], label=nfc(item["label"]), data_from=_date(item["data_from"]),
            data_to=_date(item["data_to"]), due_date=_date(item["due_date"]), recipient=nfc(item["recipient"]),
        )
        period.full_clean()
        period.save()
        audit_record(actor=by, action="period_created", obj=period, unit=issuer,
                     changes=created(period, PERIOD_FIELDS))
    audit_record(actor=by, action="plan_imported", obj=plan, unit=issuer,
                 changes={**{key: [None, len(data[key])] for key in ("tasks", "legal_references", "periods")},
                          "issued_on": [None, data["date"]]})
    return plan


# Export -----------------------------------------------------------------------------------------------------

def export_plan(plan: Plan) -> dict:
    """The plan in the interchange format (the structure `import_plan` reads)."""
    documents = [c.document for c in plan.plancitation_set.select_related("document").order_by("order")]
    return {
        "format": FORMAT,
        "issuer": {"name": plan.issuer_title, "parent_body": plan.parent_body},
        "number": plan.number,
        "symbol": plan.symbol,
        "date": plan.issued_on.isoformat() if plan.issued_on else None,
        "place": plan.place,
        "year": plan.year,
        "type": DOCUMENT_TYPE,
        "title": plan.title,
        "preamble": plan.preamble,
        "legal_references": [
            {"kind": d.kind, "number_symbol": d.number_symbol or None, "date": d.date.isoformat() if d.date else None,
             "issuer": d.issuer, "summary": d.title}
            for d in documents
        ],
        "purposes": list(plan.purposes),
        "requirements": list(plan.requirements),
        "tasks": [{"number": t.number, "title": t.title, "body": t.body} for t in plan.tasks.order_by("number")],
        "implementation": list(plan.implementation),
        "periods": [
            {"kind": p.kind, "label": p.label, "data_from": p.data_from.isoformat(), "data_to": p.data_to.isoformat(),
             "due_date": p.due_date.isoformat(), "recipient": p.recipient}
            for p in plan.periods.order_by("due_date", "pk")
        ],
        "assigned": {
            "text": plan.assigned_text,
            "kinds": list(plan.assigned_kinds),
            "units": [{"name": u.name, "code": u.code} for u in plan.assigned_units.order_by("name", "pk")],
        },
        "closing": plan.closing,
        "recipients": list(plan.recipients),
        "signer": {"authority": plan.signer_authority, "prefix": plan.signer_prefix, "title": plan.signer_title,
                   "name": plan.signer_name},
    }
