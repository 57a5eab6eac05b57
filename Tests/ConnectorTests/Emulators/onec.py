#!/usr/bin/env python3
"""1C:Enterprise standard OData interface (OData v3) emulator: counterparties of 1C:Бухгалтерия 3.0.

Checks, as the platform does:
- ``/{publication}/odata/standard.odata/``; HTTP Basic as an infobase user (the login's UTF-8 bytes, so Cyrillic
  logins work); a wrong login → 401 with ``WWW-Authenticate: Basic``.
- JSON only with ``$format=json`` or ``Accept: application/json`` (Atom otherwise).
- Sets ``Catalog_Контрагенты`` (+ the read-only tabular set ``Catalog_Контрагенты_КонтактнаяИнформация``),
  ``Catalog_ВидыКонтактнойИнформации`` (predefined ``ТелефонКонтрагента``, ``EmailКонтрагента``),
  ``Document_РеализацияТоваровУслуг`` and ``Document_ПоступлениеТоваровУслуг`` (``Контрагент_Key``; seed them
  with ``POST /__seed {"documents": [{"set": ..., "Контрагент_Key": ...}]}``). Other sets → 404.
- ``$filter`` (``eq ne and or``, ``substringof('x',F)``, ``startswith(F,'x')``, ``guid'…'``, ``'text'`` with
  ``''`` quotes, ``true/false``), ``$top``, ``$skip``, ``$select``, ``$inlinecount=allpages``. Lists are
  ``{"odata.metadata": "…#Set", "value": [...]}``.
- Create: POST → 201 + entity (``Ref_Key``, ``DataVersion``, ``Code``). Update: PATCH changed fields → 200,
  PUT replaces. ``If-Match`` with a stale ``DataVersion`` → 412. A tabular section is replaced whole; each row
  needs ``LineNumber`` (else 500, code -1); POSTing rows to the tabular set fails with code 13. Unknown
  properties and bad enum values → 400. DELETE removes the object **without** checking references (documents
  keep dangling keys, counted in ``/__state``).
- ``$metadata``: the EDMX (XML, namespace ``StandardODATA``) of the published sets, with each type's properties;
  ``--without PROP`` builds a base whose configuration lacks a counterparty property: ``$metadata`` omits it and a
  write naming it succeeds while the property is ignored, as live bases do.
- A tabular section is written only with its ``КонтактнаяИнформация@odata.type`` annotation
  (``Collection(StandardODATA.Catalog_Контрагенты_КонтактнаяИнформация_RowType)``); without it the rows are
  ignored and the rest of the update succeeds (as reported for live bases); a wrong type → 400.
- ``--drop-writes PROP`` ignores writes of a published property (rights or a handler that restores it), so a
  connector must read its writes back; ``--business-error`` answers every write with HTTP 500, code -1 and a
  business message from the object's handler.
- Errors: ``{"odata.error": {"code": "...", "message": {"lang": "ru", "value": "..."}}}``. The codes for an
  unknown property (15) and a missing object (9) are this emulator's choice: 1C publishes no code table.
"""

import base64
import re
import urllib.parse
import uuid

from emulator_base import App, Response, main

ZERO = "00000000-0000-0000-0000-000000000000"
COUNTERPARTY = "Catalog_Контрагенты"
CONTACT_ROWS = "Catalog_Контрагенты_КонтактнаяИнформация"
KINDS = "Catalog_ВидыКонтактнойИнформации"
DOCUMENT_SETS = ("Document_РеализацияТоваровУслуг", "Document_ПоступлениеТоваровУслуг")
COUNTERPARTY_FIELDS = {
    "Ref_Key", "DataVersion", "DeletionMark", "Predefined", "IsFolder", "Parent_Key", "Code", "Description",
    "НаименованиеПолное", "ИНН", "КПП", "ЮридическоеФизическоеЛицо", "ИндивидуальныйПредприниматель",
    "ДокументУдостоверяющийЛичность", "Комментарий", "КонтактнаяИнформация", "ОсновнойБанковскийСчет_Key",
}
ROW_FIELDS = {"Ref_Key", "LineNumber", "Тип", "Вид_Key", "Представление", "ЗначенияПолей", "Значение", "Страна",
              "Регион", "Город", "АдресЭП", "ДоменноеИмяСервера", "НомерТелефона", "НомерТелефонаБезКодов",
              "ВидДляСписка_Key"}
ROW_TYPES = {"Телефон", "АдресЭлектроннойПочты", "Адрес", "ВебСтраница", "Другое", "Факс", "Skype"}
LEGAL_FORMS = {"ЮридическоеЛицо", "ФизическоеЛицо"}
ROW_TYPE = "Collection(StandardODATA.%s_RowType)" % CONTACT_ROWS
GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


def odata_error(status, code, text):
    return Response(status, {"odata.error": {"code": str(code), "message": {"lang": "ru", "value": text}}})


def internal_error():
    return odata_error(500, -1, "Произошла внутренняя ошибка OData сервиса. (-1)")


class FilterError(Exception):
    pass


def parse_literal(token):
    token = token.strip()
    m = re.fullmatch(r"guid'(%s)'" % GUID, token)
    if m:
        return m.group(1).lower()
    m = re.fullmatch(r"'((?:[^']|'')*)'", token, re.S)
    if m:
        return m.group(1).replace("''", "'")
    if token in ("true", "false"):
        return token == "true"
    if re.fullmatch(r"-?\d+(\.\d+)?", token):
        return float(token) if "." in token else int(token)
    m = re.fullmatch(r"datetime'([^']+)'", token)
    if m:
        return m.group(1)
    raise FilterError(token)


def split_top(text, word):
    """Splits on ' and ' / ' or ' outside quotes and parentheses."""
    parts, depth, quote, start, i = [], 0, False, 0, 0
    sep = " %s " % word
    while i < len(text):
        ch = text[i]
        if ch == "'":
            quote = not quote
        elif not quote and ch == "(":
            depth += 1
        elif not quote and ch == ")":
            depth -= 1
        elif not quote and depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def compile_filter(text, known_fields):
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and len(split_top(text[1:-1], "or")) >= 1 \
            and text.count("(") == text.count(")"):
        inner = text[1:-1]
        depth = 0
        balanced = True
        for ch in inner:
            depth += ch == "("
            depth -= ch == ")"
            if depth < 0:
                balanced = False
                break
        if balanced:
            return compile_filter(inner, known_fields)
    ors = split_top(text, "or")
    if len(ors) > 1:
        preds = [compile_filter(p, known_fields) for p in ors]
        return lambda e: any(p(e) for p in preds)
    ands = split_top(text, "and")
    if len(ands) > 1:
        preds = [compile_filter(p, known_fields) for p in ands]
        return lambda e: all(p(e) for p in preds)
    if text.startswith("not "):
        pred = compile_filter(text[4:], known_fields)
        return lambda e: not pred(e)
    m = re.fullmatch(r"substringof\(\s*('(?:[^']|'')*')\s*,\s*(\w+)\s*\)(\s+eq\s+(true|false))?", text, re.S)
    if m:
        needle, field = parse_literal(m.group(1)), m.group(2)
        check(field, known_fields)
        want = m.group(4) != "false"
        return lambda e: (needle.lower() in str(e.get(field, "")).lower()) == want
    m = re.fullmatch(r"(startswith|endswith)\(\s*(\w+)\s*,\s*('(?:[^']|'')*')\s*\)", text, re.S)
    if m:
        fn, field, needle = m.group(1), m.group(2), parse_literal(m.group(3))
        check(field, known_fields)
        return lambda e: getattr(str(e.get(field, "")), fn)(needle)
    m = re.fullmatch(r"(\w+)\s+(eq|ne|gt|ge|lt|le)\s+(.+)", text, re.S)
    if m:
        field, op, value = m.group(1), m.group(2), parse_literal(m.group(3))
        check(field, known_fields)
        ops = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b,
               "ge": lambda a, b: a >= b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b}

        def pred(e):
            actual = e.get(field)
            if isinstance(actual, str) and isinstance(value, str) and re.fullmatch(GUID, value):
                actual = actual.lower()
            return ops[op](actual, value)
        return pred
    raise FilterError(text)


def check(field, known_fields):
    if known_fields is not None and field not in known_fields:
        raise FilterError(field)


class OneC(App):
    @staticmethod
    def add_arguments(parser):
        parser.add_argument("--publication", default="base")
        parser.add_argument("--user", default="Администратор")
        parser.add_argument("--password", default="secret")
        parser.add_argument("--without", action="append", default=[])
        parser.add_argument("--drop-writes", action="append", default=[])
        parser.add_argument("--business-error", action="store_true")
        parser.add_argument("--reject-inn-eq", action="store_true",
                            help="reject ИНН eq '…' filters, as one БП publication did")

    def __init__(self, args):
        super().__init__(args)
        self.reset()

    def reset(self):
        self.sets = {COUNTERPARTY: {}, KINDS: {}}
        for name in DOCUMENT_SETS:
            self.sets[name] = {}
        for predefined, kind_type in (("ТелефонКонтрагента", "Телефон"), ("EmailКонтрагента", "АдресЭлектроннойПочты")):
            key = str(uuid.uuid4())
            self.sets[KINDS][key] = {"Ref_Key": key, "Description": predefined, "Тип": kind_type,
                                     "PredefinedDataName": predefined, "Predefined": True, "DeletionMark": False}
        self.next_code = 1
        self.direct_deletions = 0

    def state(self):
        dangling = 0
        for name in DOCUMENT_SETS:
            for doc in self.sets[name].values():
                if doc.get("Контрагент_Key") not in self.sets[COUNTERPARTY]:
                    dangling += 1
        return {"counterparties": self.sets[COUNTERPARTY], "direct_deletions": self.direct_deletions,
                "dangling_document_refs": dangling,
                "documents": {name: self.sets[name] for name in DOCUMENT_SETS}}

    def seed(self, body):
        created = []
        for doc in body.get("documents", []):
            name = doc.get("set", DOCUMENT_SETS[0])
            key = str(uuid.uuid4())
            self.sets[name][key] = {"Ref_Key": key, "Number": "0000-%06d" % len(self.sets[name]),
                                    "Контрагент_Key": doc.get("Контрагент_Key", ZERO), "DeletionMark": False}
            created.append(key)
        return Response(200, {"created": created})

    def fault_response(self, status, request):
        if status == 429:
            return Response(429, b"", content_type=None)
        if status == 503:
            return Response(503, "<html><body>Service Unavailable</body></html>", content_type="text/html")
        return internal_error()

    # -- plumbing ---------------------------------------------------------------------------------------

    def authorized(self, request):
        header = request.header("Authorization") or ""
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
        except Exception:
            return False
        return user == self.args.user and password == self.args.password

    def handle(self, request):
        prefix = "/%s/odata/standard.odata" % self.args.publication
        if not request.path.startswith(prefix):
            return Response(404, "<html><body>Not Found</body></html>", content_type="text/html")
        if not self.authorized(request):
            return Response(401, b"", headers={"WWW-Authenticate": 'Basic realm=""'}, content_type=None)
        wants_json = (request.query.get("$format") or [""])[0] == "json" or \
            "application/json" in (request.header("Accept") or "")
        rest = request.path[len(prefix):].lstrip("/")
        if not wants_json and rest != "$metadata":
            return Response(200, '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"/>',
                            content_type="application/atom+xml; charset=utf-8")
        with self.lock:
            return self.route(request, rest, prefix)

    def meta(self, request, prefix, name, element=False):
        base = "http://%s%s/$metadata#%s" % (request.header("Host", "localhost"), prefix, name)
        return base + ("/@Element" if element else "")

    def route(self, request, rest, prefix):
        if rest == "":
            return Response(200, {"odata.metadata": "%s/$metadata" % prefix,
                                  "value": [{"name": n, "url": n} for n in sorted(self.sets)] +
                                  [{"name": CONTACT_ROWS, "url": CONTACT_ROWS}]})
        if rest == "$metadata":
            return Response(200, self.metadata(), content_type="application/xml; charset=utf-8")
        m = re.fullmatch(r"([^()/]+)(?:\(guid'(%s)'\))?" % GUID, rest)
        if not m:
            return odata_error(400, -1, "Неверный формат запроса")
        name, key = m.group(1), (m.group(2) or "").lower() or None
        if name == CONTACT_ROWS:
            if request.method == "POST":
                return odata_error(400, 13, "Создание строк табличной части напрямую не поддерживается")
            if request.method != "GET":
                return odata_error(405, 13, "Операция не поддерживается")
            rows = []
            for owner in self.sets[COUNTERPARTY].values():
                for row in owner.get("КонтактнаяИнформация", []):
                    rows.append(dict(row, Ref_Key=owner["Ref_Key"]))
            return self.query(request, prefix, name, rows, ROW_FIELDS)
        if name not in self.sets:
            return odata_error(404, -1, "Не найден объект метаданных: %s" % name)
        table = self.sets[name]
        fields = COUNTERPARTY_FIELDS if name == COUNTERPARTY else None
        if key is None:
            if request.method == "GET":
                return self.query(request, prefix, name, list(table.values()), fields)
            if request.method == "POST" and name == COUNTERPARTY:
                return self.create(request, prefix, name)
            return odata_error(405, -1, "Операция не поддерживается")
        entity = table.get(key)
        if entity is None:
            return odata_error(404, 9, "Не найден объект с ключом guid'%s'" % key)
        if request.method == "GET":
            return Response(200, dict(entity, **{"odata.metadata": self.meta(request, prefix, name, True)}))
        if name != COUNTERPARTY:
            return odata_error(405, -1, "Операция не поддерживается")
        if_match = request.header("If-Match")
        if if_match and if_match != "*":
            tag = if_match.strip()
            tag = tag[2:] if tag.startswith("W/") else tag
            if tag.strip('"') != entity["DataVersion"]:
                return odata_error(412, -1, "Версия данных объекта не совпадает")
        if request.method == "DELETE":
            del table[key]
            self.direct_deletions += 1
            return Response(204, b"", content_type=None)
        if request.method in ("PATCH", "MERGE", "PUT"):
            try:
                body = request.json()
            except Exception:
                return odata_error(400, -1, "Ошибка разбора JSON")
            error = self.validate(body)
            if error:
                return error
            if self.args.business_error:
                return self.business_error()
            body = self.effective(body)
            if request.method == "PUT":
                kept = {k: entity[k] for k in ("Ref_Key", "Code", "Predefined", "IsFolder", "Parent_Key")}
                entity.clear()
                entity.update(self.blank(kept["Ref_Key"]))
                entity.update(kept)
            entity.update({k: v for k, v in body.items() if k not in ("Ref_Key", "DataVersion")})
            entity["DataVersion"] = self.version()
            return Response(200, dict(entity, **{"odata.metadata": self.meta(request, prefix, name, True)}))
        return odata_error(405, -1, "Операция не поддерживается")

    def version(self):
        return base64.b64encode(uuid.uuid4().bytes[:8]).decode()

    def blank(self, key):
        entity = self.blank_entity(key)
        for prop in self.args.without:
            entity.pop(prop, None)
        return entity

    def blank_entity(self, key):
        return {"Ref_Key": key, "DataVersion": self.version(), "DeletionMark": False, "Predefined": False,
                "IsFolder": False, "Parent_Key": ZERO, "Code": "", "Description": "", "НаименованиеПолное": "",
                "ИНН": "", "КПП": "", "ЮридическоеФизическоеЛицо": "ЮридическоеЛицо",
                "ИндивидуальныйПредприниматель": False, "ДокументУдостоверяющийЛичность": "", "Комментарий": "",
                "КонтактнаяИнформация": [], "ОсновнойБанковскийСчет_Key": ZERO}

    def validate(self, body):
        if not isinstance(body, dict):
            return odata_error(400, -1, "Ошибка разбора JSON")
        for field in body:
            if field == "КонтактнаяИнформация@odata.type":
                if body[field] != ROW_TYPE:
                    return odata_error(400, 15, "Неправильный тип табличной части: %s" % body[field])
                continue
            if field not in COUNTERPARTY_FIELDS and not field.startswith("odata."):
                return odata_error(400, 15, "Неправильное имя свойства: %s" % field)
        form = body.get("ЮридическоеФизическоеЛицо")
        if form is not None and form not in LEGAL_FORMS:
            return odata_error(400, 15, "Неправильное значение перечисления ЮридическоеФизическоеЛицо")
        rows = body.get("КонтактнаяИнформация")
        if rows is not None:
            if not isinstance(rows, list):
                return odata_error(400, -1, "Табличная часть должна быть массивом")
            for row in rows:
                if not isinstance(row, dict) or "LineNumber" not in row:
                    return internal_error()
                for field in row:
                    if field not in ROW_FIELDS:
                        return odata_error(400, 15, "Неправильное имя свойства: %s" % field)
                if row.get("Тип") not in ROW_TYPES:
                    return odata_error(400, 15, "Неправильное значение перечисления Тип")
                kind = row.get("Вид_Key")
                if kind is not None and kind != ZERO and kind.lower() not in self.sets[KINDS]:
                    return odata_error(400, -1, "Не найден объект по ссылке Вид_Key")
        return None

    def effective(self, body):
        """What a write changes: no unpublished or dropped property, no rows without their type annotation."""
        ignored = set(self.args.without) | set(self.args.drop_writes) | {"КонтактнаяИнформация@odata.type"}
        if "КонтактнаяИнформация@odata.type" not in body:
            ignored.add("КонтактнаяИнформация")
        return {k: v for k, v in body.items() if k not in ignored}

    def business_error(self):
        return odata_error(500, -1, "Не удалось записать: Справочник \"Контрагенты\"! Контрагент с ИНН 500100732259 "
                                    "уже существует (Иванов Иван)")

    def metadata(self):
        def entity(name, props, key="Ref_Key"):
            lines = ['<EntityType Name="%s"><Key><PropertyRef Name="%s"/></Key>' % (name, key)]
            for prop in sorted(props):
                kind = "Edm.Guid" if prop.endswith("_Key") else "Edm.String"
                if prop == "КонтактнаяИнформация":
                    kind = ROW_TYPE
                lines.append('<Property Name="%s" Type="%s" Nullable="true"/>' % (prop, kind))
            return "".join(lines) + "</EntityType>"
        counterparty = COUNTERPARTY_FIELDS - set(self.args.without)
        types = [entity(COUNTERPARTY, counterparty), entity(CONTACT_ROWS + "_RowType", ROW_FIELDS - {"Ref_Key"},
                                                            key="LineNumber"),
                 entity(KINDS, {"Ref_Key", "Description", "Тип", "PredefinedDataName", "Predefined", "DeletionMark"})]
        types += [entity(name, {"Ref_Key", "Number", "Контрагент_Key", "DeletionMark"}) for name in DOCUMENT_SETS]
        pairs = [(n, n) for n in (COUNTERPARTY, KINDS, *DOCUMENT_SETS)] + [(CONTACT_ROWS, CONTACT_ROWS + "_RowType")]
        sets = "".join('<EntitySet Name="%s" EntityType="StandardODATA.%s"/>' % pair for pair in pairs)
        return ('<?xml version="1.0" encoding="UTF-8"?><edmx:Edmx xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/'
                'edmx" Version="1.0"><edmx:DataServices xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/'
                'metadata" m:DataServiceVersion="3.0"><Schema xmlns="http://schemas.microsoft.com/ado/2009/11/edm" '
                'Namespace="StandardODATA">%s<EntityContainer Name="StandardODATA" m:IsDefaultEntityContainer="true">'
                '%s</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>' % ("".join(types), sets))

    def create(self, request, prefix, name):
        try:
            body = request.json()
        except Exception:
            return odata_error(400, -1, "Ошибка разбора JSON")
        error = self.validate(body)
        if error:
            return error
        if self.args.business_error:
            return self.business_error()
        body = self.effective(body)
        key = str(uuid.uuid4())
        entity = self.blank(key)
        entity["Code"] = "00-%07d" % self.next_code
        self.next_code += 1
        entity.update({k: v for k, v in body.items() if k not in ("Ref_Key", "DataVersion")})
        self.sets[name][key] = entity
        return Response(201, dict(entity, **{"odata.metadata": self.meta(request, prefix, name, True)}),
                        headers={"Location": urllib.parse.quote("%s/%s(guid'%s')" % (prefix, name, key), safe="/()'")})

    def query(self, request, prefix, name, rows, fields):
        q = {k: v[-1] for k, v in request.query.items()}
        if "$filter" in q:
            text = q["$filter"]
            if self.args.reject_inn_eq and re.search(r"ИНН\s+eq\s", text):
                return odata_error(400, -1, "Ошибка в выражении $filter")
            try:
                known = set(fields) | {"PredefinedDataName", "Тип", "Контрагент_Key", "Number"} if fields else None
                pred = compile_filter(text, known)
                rows = [r for r in rows if pred(r)]
            except FilterError:
                return odata_error(400, -1, "Ошибка в выражении $filter")
        total = len(rows)
        skip = int(q.get("$skip", "0") or 0)
        top = q.get("$top")
        rows = rows[skip:] if top is None else rows[skip:skip + int(top)]
        if "$select" in q:
            wanted = [f.strip() for f in q["$select"].split(",") if f.strip()]
            rows = [{f: r.get(f) for f in wanted} for r in rows]
        body = {"odata.metadata": self.meta(request, prefix, name), "value": rows}
        if q.get("$inlinecount") == "allpages":
            body["odata.count"] = str(total)
        return Response(200, body)


if __name__ == "__main__":
    main(OneC, "1C:Enterprise standard OData interface emulator")
