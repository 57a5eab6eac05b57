#!/usr/bin/env python3
"""Moe Delo REST API emulator: counterparties (kontragents) and their contact persons.

After Moe Delo's own Swagger 2.0 (github.com/moedelo/api-examples, ``examples/api.json``: paths under
``/kontragents/api/v1/kontragent``, definitions ``KontragentModel`` and ``KontragentContactModel``) and the community
clients (``inn``/``name`` filters). Only those routes exist; any other path answers ASP.NET's routing 404. Checks:
- Header ``md-api-key`` (missing or wrong → 401; the body is this emulator's choice, Moe Delo documents none).
- ``/kontragents/api/v1/kontragent``: ``GET ?pageNo=&pageSize=&inn=&name=`` → ``{"ResourceList", "_links",
  "_embedded"}`` (pages from 1); ``POST`` creates (201); ``GET|PUT|DELETE /{id}`` (PUT takes the full model,
  fields left out are cleared; there is no PATCH → 405).
- Model: only ``KontragentModel``'s fields (Id, Inn, Ogrn, Okpo, Name, ShortName, Type, Form, IsArchived,
  LegalAddress, ActualAddress, RegistrationAddress, TaxpayerNumber, AdditionalRegNumber). Any other field is
  rejected with 422: the real API (ASP.NET) most likely drops it silently, which would let a connector believe a
  write did something it did not, so this emulator makes that loud. ``Name`` required; ``Type`` 1–4 or
  Undefined/Kontragent/Buyer/Seller/Other; ``Form`` 1–4 or UL/IP/FL/NR; ``Inn`` digits, 10 for a legal entity
  (``Form`` 1) and 12 for a sole proprietor or an individual (2, 3); a non-resident (4) has ``TaxpayerNumber``, never
  ``Inn``. Validation failures → 422 ``{"ValidationErrors": {field: [messages]}}`` (the shape is unconfirmed;
  clients only check the key). Responses carry integers for Type and Form.
- Contact persons: ``GET|POST /{id}/contact``, ``GET|PUT|DELETE /{id}/contact/{cid}``; only
  ``KontragentContactModel``'s fields (Id, Fio (required), Skype, Emails [{Id, Email, Description}],
  Phones [{Id, Number, Description}]).
- ``POST /__seed {"bills": [{"KontragentId": id}]}`` adds documents referencing a counterparty; DELETE of a
  referenced counterparty is refused (422) unless ``--allow-delete-referenced``. ``--ignore-archive`` makes PUT
  drop ``IsArchived`` (to test that a connector reads its writes back).
"""

import re

from emulator_base import App, Response, main

TYPES = {"Undefined": 0, "Kontragent": 1, "Buyer": 2, "Seller": 3, "Other": 4}
FORMS = {"UL": 1, "IP": 2, "FL": 3, "NR": 4}
# KontragentModel's fields, plus Kpp, which real responses carry (community clients' models) but a write may not.
MODEL_FIELDS = ("Inn", "Ogrn", "Okpo", "Kpp", "Name", "ShortName", "Type", "Form", "IsArchived", "LegalAddress",
                "ActualAddress", "RegistrationAddress", "TaxpayerNumber", "AdditionalRegNumber")
CONTACT_FIELDS = ("Id", "Fio", "Skype", "Emails", "Phones")
PREFIX = "/kontragents/api/v1/kontragent"


def invalid(errors):
    return Response(422, {"ValidationErrors": errors})


class MoeDelo(App):
    @staticmethod
    def add_arguments(parser):
        parser.add_argument("--api-key", default="moedelo-test-key")
        parser.add_argument("--allow-delete-referenced", action="store_true")
        parser.add_argument("--ignore-archive", action="store_true")

    def __init__(self, args):
        super().__init__(args)
        self.reset()

    def reset(self):
        self.kontragents = {}
        self.contacts = {}    # kontragent id -> {cid: contact}
        self.bills = []
        self.next_id = 4711
        self.next_contact = 100

    def state(self):
        return {"kontragents": {str(k): v for k, v in self.kontragents.items()},
                "contacts": {str(k): {str(c): p for c, p in v.items()} for k, v in self.contacts.items()},
                "bills": self.bills}

    def seed(self, body):
        self.bills.extend(body.get("bills", []))
        return Response(200, {"bills": len(self.bills)})

    def fault_response(self, status, request):
        return Response(status, {"Message": "An error has occurred."})

    def handle(self, request):
        if request.header("md-api-key") != self.args.api_key:
            return Response(401, {"Message": "Authorization has been denied for this request."})
        if not request.path.startswith(PREFIX):
            return Response(404, {"Message": "No HTTP resource was found that matches the request URI."})
        rest = [p for p in request.path[len(PREFIX):].split("/") if p]
        body = None
        if request.method in ("POST", "PUT") and request.body:
            try:
                body = request.json()
            except Exception:
                return Response(400, {"Message": "The request is invalid."})
        with self.lock:
            return self.route(request, rest, body)

    def route(self, request, rest, body):
        method = request.method
        if not rest:
            if method == "GET":
                return self.list(request)
            if method == "POST":
                return self.create(body)
            return Response(405, {"Message": "The requested resource does not support http method '%s'." % method})
        if not rest[0].isdigit():
            return Response(404, {"Message": "No HTTP resource was found that matches the request URI."})
        kid = int(rest[0])
        model = self.kontragents.get(kid)
        if model is None:
            return Response(404, {"Message": "Kontragent not found"})
        if len(rest) == 1:
            if method == "GET":
                return Response(200, model)
            if method == "PUT":
                return self.replace(kid, body)
            if method == "DELETE":
                if any(b.get("KontragentId") == kid for b in self.bills) and not self.args.allow_delete_referenced:
                    return invalid({"Id": ["Контрагент используется в документах"]})
                del self.kontragents[kid]
                self.contacts.pop(kid, None)
                return Response(204, b"", content_type=None)
            return Response(405, {"Message": "The requested resource does not support http method '%s'." % method})
        if rest[1] != "contact" or len(rest) > 3:
            return Response(404, {"Message": "No HTTP resource was found that matches the request URI."})
        people = self.contacts.setdefault(kid, {})
        if len(rest) == 2:
            if method == "GET":
                return Response(200, {"ResourceList": list(people.values()), "_links": [], "_embedded": []})
            if method == "POST":
                errors = self.validate_contact(body)
                if errors:
                    return invalid(errors)
                cid = self.next_contact
                self.next_contact += 1
                people[cid] = self.contact(cid, body)
                return Response(201, people[cid])
            return Response(405, {"Message": "The requested resource does not support http method '%s'." % method})
        if not rest[2].isdigit() or int(rest[2]) not in people:
            return Response(404, {"Message": "Contact not found"})
        cid = int(rest[2])
        if method == "GET":
            return Response(200, people[cid])
        if method == "PUT":
            errors = self.validate_contact(body)
            if errors:
                return invalid(errors)
            people[cid] = self.contact(cid, body)
            return Response(200, people[cid])
        if method == "DELETE":
            del people[cid]
            return Response(204, b"", content_type=None)
        return Response(405, {"Message": "The requested resource does not support http method '%s'." % method})

    def list(self, request):
        q = {k: v[-1] for k, v in request.query.items()}
        try:
            page = int(q.get("pageNo", "1"))
            size = int(q.get("pageSize", "50"))
        except ValueError:
            return Response(400, {"Message": "The request is invalid."})
        if page < 1 or size < 1:
            return Response(400, {"Message": "The request is invalid."})
        rows = list(self.kontragents.values())
        if q.get("inn"):
            rows = [r for r in rows if r.get("Inn") == q["inn"]]
        if q.get("name"):
            rows = [r for r in rows if q["name"].lower() in (r.get("Name") or "").lower()]
        start = (page - 1) * size
        return Response(200, {"ResourceList": rows[start:start + size], "_links": [], "_embedded": []})

    def normalise(self, body):
        errors = {}
        if not isinstance(body, dict):
            return None, {"": ["The request is invalid."]}
        unknown = sorted(set(body) - set(MODEL_FIELDS) - {"Id"} | ({"Kpp"} & set(body)))
        if unknown:
            return None, {field: ["Поле %s не входит в модель контрагента" % field] for field in unknown}
        model = {field: body.get(field) for field in MODEL_FIELDS}
        if not (model["Name"] or "").strip():
            errors["Name"] = ["Поле Name обязательно"]
        for field, table in (("Type", TYPES), ("Form", FORMS)):
            value = model[field]
            if value is None:
                model[field] = 2 if field == "Type" else 1
            elif isinstance(value, str) and value in table:
                model[field] = table[value]
            elif not isinstance(value, int) or value not in range(1, 5):
                errors[field] = ["Недопустимое значение %s" % field]
        inn = model["Inn"]
        form = model["Form"] if isinstance(model["Form"], int) else None
        if inn not in (None, ""):
            if form == 4:
                errors["Inn"] = ["У нерезидента указывается TaxpayerNumber, а не ИНН"]
            elif form == 1 and not re.fullmatch(r"\d{10}", str(inn)):
                errors["Inn"] = ["ИНН юридического лица состоит из 10 цифр"]
            elif form in (2, 3) and not re.fullmatch(r"\d{12}", str(inn)):
                errors["Inn"] = ["ИНН физического лица или ИП состоит из 12 цифр"]
        if inn and model["TaxpayerNumber"]:
            errors["TaxpayerNumber"] = ["TaxpayerNumber нельзя указывать вместе с Inn"]
        model["IsArchived"] = bool(model["IsArchived"])
        return model, errors

    def create(self, body):
        model, errors = self.normalise(body)
        if errors:
            return invalid(errors)
        model["Id"] = self.next_id
        model["SubcontoId"] = 90000 + self.next_id
        self.next_id += 1
        self.kontragents[model["Id"]] = model
        return Response(201, model)

    def replace(self, kid, body):
        model, errors = self.normalise(body)
        if errors:
            return invalid(errors)
        if self.args.ignore_archive:
            model["IsArchived"] = self.kontragents[kid]["IsArchived"]
        model["Id"] = kid
        model["SubcontoId"] = self.kontragents[kid]["SubcontoId"]
        self.kontragents[kid] = model
        return Response(200, model)

    def validate_contact(self, body):
        if not isinstance(body, dict):
            return {"": ["The request is invalid."]}
        errors = {field: ["Поле %s не входит в модель контактного лица" % field]
                  for field in sorted(set(body) - set(CONTACT_FIELDS))}
        if not (body.get("Fio") or "").strip():
            errors["Fio"] = ["Поле Fio обязательно"]
        for i, email in enumerate(body.get("Emails") or []):
            if not isinstance(email, dict) or not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email.get("Email") or ""):
                errors["Emails[%d].Email" % i] = ["Некорректный email"]
        for i, phone in enumerate(body.get("Phones") or []):
            if not isinstance(phone, dict) or not (phone.get("Number") or "").strip():
                errors["Phones[%d].Number" % i] = ["Поле Number обязательно"]
        return errors

    def contact(self, cid, body):
        return {"Id": cid, "Fio": body.get("Fio"), "Skype": body.get("Skype"),
                "Emails": [{"Email": e.get("Email"), "Description": e.get("Description")} for e in body.get("Emails") or []],
                "Phones": [{"Number": p.get("Number"), "Description": p.get("Description")} for p in body.get("Phones") or []]}


if __name__ == "__main__":
    main(MoeDelo, "Moe Delo REST API emulator")
