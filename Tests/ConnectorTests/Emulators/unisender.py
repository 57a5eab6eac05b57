#!/usr/bin/env python3
"""UniSender (Selzy) API emulator: the contact methods pdgate uses, after unisender.com/ru/support/api.

Checks, as the real API does:
- ``/{ru|en}/api/{method}?format=json``, GET or POST (urlencoded); ``api_key`` parameter; parameters must
  not be split between the query string and a POST body (``format`` excepted).
- Errors are HTTP 200 with ``{"error": "<message>", "code": "<code>"}``: ``invalid_api_key``,
  ``unknown_method``, ``invalid_arg``, ``unspecified`` (e.g. ``Contact "x" not found`` from exclude /
  unsubscribe), ``api_call_limit_exceeded_for_api_key`` / ``_for_ip`` (1200 calls a minute per key and per
  IP, ``subscribe`` 300 per 60 s; ``--calls-per-minute`` and ``--subscribe-per-minute`` lower them).
- ``subscribe``: ``list_ids`` (existing lists) and ``fields[email]`` or ``fields[phone]`` required, at most
  10 ``tags``, ``double_optin`` 0/1/3/4 (0 and 1 invite, 3 adds as ``new``, 4 keeps new/active and invites
  the rest), ``overwrite`` 0/1/2; unsubscribed contacts are not re-activated. Returns ``person_id``.
- ``exclude`` (leave lists, re-subscribable) and ``unsubscribe`` (mark unsubscribed), ``contact_type``
  email|phone, optional ``list_ids`` (empty = all lists); ``{}`` on success.
- ``importContacts`` (unisender.com/en/support/api/partners/importcontacts): ``field_names[i]`` (or ``[]``) with
  ``email`` or ``phone`` + positional ``data[row][col]``, at most 500 rows (more is ``invalid_arg``, nothing
  imported), system columns (``email``, ``phone``, ``email_status``, ``email_list_ids`` / ``phone_list_ids`` (lists
  joined), ``email_unsubscribed_list_ids``, ``email_excluded_list_ids``, ``tags``, ``delete`` …) and existing
  custom fields only; ``overwrite_tags`` / ``overwrite_lists`` 0|1. ``email_status`` changes only new addresses and
  those ``active`` or ``inactive``; no opt-in letter is sent. ``delete=1`` deletes the contact. Invalid addresses
  and role addresses (``info@``, ``sales@``, ``no-reply@``, ``all@``) are not imported: each is a ``log`` entry
  ``{index, code, message}`` (the message names the address) and counts in ``invalid``; the other rows are imported.
  Returns ``{total, inserted, updated, deleted, new_emails, invalid, log}``. ``--latency-ms`` delays every API call.
- ``sendEmail`` (one individual e-mail): ``email``*, ``sender_name``*, ``sender_email``*, ``subject``*, ``body``*
  (HTML), ``list_id``* (an existing list), optional ``lang``, ``track_read``, ``track_links``, ``error_checking``;
  60 calls a minute per key (``--send-per-minute``), at most 1 MB. Missing arguments are ``invalid_arg``; a bad
  recipient address is an error in the result with ``error_checking=1`` (``[{"index": 0, "email": …, "errors":
  [{"code": "invalid_arg", "message": …}]}]``) and a top-level ``invalid_arg`` without it; a recipient
  unsubscribed from the list gets ``{"code": "unsubscribed"}`` in the result [U: the code's name]. Success is
  ``{"result": [{"index": 0, "email": …, "id": "<message id>"}]}``; the message is kept in ``sent`` (``/__state``).
- ``sendSms`` (unisender.com/ru/support/integration/api/sendsms): ``phone``* in the international format (the
  leading ``+`` may be left out; several numbers comma-separated, at most 150), ``sender``* (3 to 11 Latin letters,
  digits, ``.``, ``-``, ``,``), ``text``* (at most 1000 characters). A number that cannot be delivered to is
  ``dest_invalid``, a bad sender ``src_invalid``. One number gives ``{"currency", "price", "sms_id"}``; the message
  is kept in ``sms`` (``/__state``).
- ``getContact`` (``email``, ``include_lists`` / ``include_fields`` / ``include_details``), ``getLists``,
  ``createList``.
- ``exportContacts`` (the synchronous form): ``list_id``, ``field_names[]`` of system columns (``email``,
  ``email_status``, ``email_availability``, ``email_list_ids``, ``email_unsubscribed_list_ids``, ...),
  ``offset``, ``limit`` (at most 1000), optional ``email_status`` filter → ``{"field_names": [...], "data":
  [[...], ...]}``.
- ``async/exportContacts`` (the current, asynchronous form): the same filters without ``offset``/``limit``,
  optional ``notify_url`` → ``{"task_uuid", "status": "new"}``; ``async/getTaskResult`` (``task_uuid``*) answers
  ``new``, then ``processing``, then ``completed`` with ``file_to_download``, a CSV (header row of the field
  names, then one row per contact) served at ``GET /download/<task_uuid>.csv``. ``--no-sync-export`` retires the
  synchronous form (``unknown_method``), as UniSender's current documentation describes only the asynchronous one.
- Hooks: ``setHook`` (``hook_url``*, ``event_format`` ``json_post``, ``events[<name>]`` = ``*`` or a comma list
  of statuses for ``email_status``, ``single_event``, ``max_parallel``, ``status``), ``removeHook``,
  ``listHooks``. A notification is a JSON POST ``{"auth", "events_by_user": [{"user_id", "login", "events":
  [{"event_name", "event_time", "event_data": {...}}]}]}`` where ``auth`` is the MD5 of that very body with the
  ``auth`` value set to the API key (compact JSON, as sent).

Control (test only): ``GET /__emails`` lists the contacts' addresses (``{"emails": [...]}``, for the delivery
benchmark). ``POST /__act`` ``{"email", "action": "unsubscribe|complain|bounce|soft_bounce|read|confirm",
"repeat": n, "fire": false, "key": "<sign with another key>"}`` changes the contact as the person (or the
receiving server) would and notifies the hooks: ``unsubscribe`` → event ``unsubscribe``; ``confirm`` (an
``invited`` contact) → ``subscribe``; the others → ``email_status`` with status ``spam``, ``hard_bounced``,
``soft_bounced`` or ``ok_read``. Answers ``{"deliveries": [HTTP status, ...]}``.
"""

import hashlib
import json
import re
import threading
import time
from collections import deque
from datetime import datetime, timezone

from emulator_base import App, Response, main, post

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9]{10,15}$")
STATUSES = {"new", "invited", "active", "inactive", "unsubscribed", "blocked", "activation_requested"}


def error(message, code):
    return Response(200, {"error": message, "code": code})


def ok(result, warnings=None):
    body = {"result": result}
    if warnings:
        body["warnings"] = [{"warning": w} for w in warnings]
    return Response(200, body)


def now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


class RateWindow:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = {}

    def hit(self, key, limit, window=60.0):
        t = time.monotonic()
        with self.lock:
            q = self.calls.setdefault(key, deque())
            while q and q[0] <= t - window:
                q.popleft()
            if len(q) >= limit:
                return False
            q.append(t)
            return True


class UniSender(App):
    @staticmethod
    def add_arguments(parser):
        parser.add_argument("--api-key", default="unisender-test-key")
        parser.add_argument("--list", action="append", dest="lists", type=int, default=None,
                            help="list id (repeatable); default 134 and 135")
        parser.add_argument("--field", action="append", dest="custom_fields", default=None,
                            help="custom field name (repeatable); default Name, Company, Birthday")
        parser.add_argument("--calls-per-minute", type=int, default=1200)
        parser.add_argument("--subscribe-per-minute", type=int, default=300)
        parser.add_argument("--send-per-minute", type=int, default=60)
        parser.add_argument("--latency-ms", type=float, default=0, help="added to every API request")
        parser.add_argument("--no-sync-export", action="store_true",
                            help="answer the synchronous exportContacts with unknown_method")

    def __init__(self, args):
        super().__init__(args)
        self.rate = RateWindow()
        self.reset()

    def reset(self):
        self.lists = {lid: {"title": "List %d" % lid, "confirmation_letter": True}
                      for lid in (self.args.lists or [134, 135])}
        self.custom_fields = set(self.args.custom_fields or ["Name", "Company", "Birthday"])
        self.contacts = {}      # key (email lower or phone) -> contact
        self.next_person = 1000
        self.rate = RateWindow()
        self.hooks = {}         # hook_url -> hook
        self.deliveries = []
        self.sent = []
        self.sms = []
        self.tasks = {}         # task_uuid -> {"polls", "names", "rows", "notify_url"}

    def state(self):
        return {"contacts": self.contacts, "lists": {str(k): v for k, v in self.lists.items()},
                "hooks": list(self.hooks.values()), "deliveries": self.deliveries, "sent": self.sent,
                "sms": self.sms}

    def fault_response(self, status, request):
        if status == 429:
            return Response(429, {"error": "Too many requests", "code": "api_call_limit_exceeded_for_ip"})
        if status == 503:
            return Response(503, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
                            content_type="text/html")
        return Response(500, "<html><body><h1>500 Internal Server Error</h1></body></html>",
                        content_type="text/html")

    # -- request plumbing -------------------------------------------------------------------------------

    def handle(self, request):
        download = re.fullmatch(r"/download/([0-9a-f-]+)\.csv", request.path)
        if download and request.method == "GET":
            with self.lock:
                task = self.tasks.get(download.group(1))
                if task is None or task["polls"] < 2:
                    return Response(404, "<html><body>Not Found</body></html>", content_type="text/html")
                return Response(200, self.csv(task["names"], task["rows"]), content_type="text/csv")
        match = re.fullmatch(r"/(ru|en)/api/([A-Za-z/]+)", request.path)
        if not match:
            return Response(404, "<html><body>Not Found</body></html>", content_type="text/html")
        method = match.group(2)
        query_params = {k for k in request.query if k != "format"}
        if request.method == "POST" and request.body and query_params:
            return error("Parameters must be passed either in the query string or in the POST body, not both",
                         "invalid_arg")
        params = request.form()
        single = {k: v[-1] for k, v in params.items()}
        key = single.get("api_key")
        if not key or key != self.args.api_key:
            return error("Invalid API key", "invalid_api_key")
        client_ip = request.header("X-Forwarded-For", "127.0.0.1")
        if not self.rate.hit(("key", key), self.args.calls_per_minute):
            return error("API call limit exceeded for this API key", "api_call_limit_exceeded_for_api_key")
        if not self.rate.hit(("ip", client_ip), self.args.calls_per_minute):
            return error("API call limit exceeded for this IP", "api_call_limit_exceeded_for_ip")
        handler = {
            "subscribe": self.subscribe, "exclude": self.exclude, "unsubscribe": self.unsubscribe,
            "importContacts": self.import_contacts, "getContact": self.get_contact, "getLists": self.get_lists,
            "createList": self.create_list, "exportContacts": self.export_contacts, "setHook": self.set_hook,
            "removeHook": self.remove_hook, "listHooks": self.list_hooks, "sendEmail": self.send_email,
            "sendSms": self.send_sms,
            "async/exportContacts": self.async_export_contacts, "async/getTaskResult": self.get_task_result,
        }.get(method)
        if method == "exportContacts" and self.args.no_sync_export:
            handler = None
        self.host = request.header("Host", "127.0.0.1")
        if handler is None:
            return error("Unknown method '%s'" % method, "unknown_method")
        if method.endswith("exportContacts") and not self.rate.hit(("export", key), 20):
            return error("API call limit exceeded for method exportContacts", "api_call_limit_exceeded_for_api_key")
        if method == "subscribe" and not self.rate.hit(("subscribe", key), self.args.subscribe_per_minute):
            return error("API call limit exceeded for method subscribe", "api_call_limit_exceeded_for_api_key")
        if method == "sendEmail" and not self.rate.hit(("sendEmail", key), self.args.send_per_minute):
            return error("API call limit exceeded for method sendEmail", "api_call_limit_exceeded_for_api_key")
        if self.args.latency_ms:
            time.sleep(self.args.latency_ms / 1000.0)
        with self.lock:
            return handler(single, params)

    def parse_list_ids(self, raw, required):
        if not raw:
            if required:
                return None, error("Argument 'list_ids' is required", "invalid_arg")
            return [], None
        ids = []
        for part in raw.split(","):
            part = part.strip()
            if not part.isdigit() or int(part) not in self.lists:
                return None, error("Invalid list id '%s'" % part, "invalid_arg")
            ids.append(int(part))
        return ids, None

    def find(self, email=None, phone=None):
        if email:
            return self.contacts.get(email.strip().lower())
        if phone:
            for contact in self.contacts.values():
                if contact.get("phone") == phone:
                    return contact
        return None

    # -- methods ---------------------------------------------------------------------------------------

    def subscribe(self, single, params):
        list_ids, err = self.parse_list_ids(single.get("list_ids"), required=True)
        if err:
            return err
        fields = {m.group(1): v[-1] for k, v in params.items() for m in [re.fullmatch(r"fields\[(.+)\]", k)] if m}
        email = fields.pop("email", "").strip()
        phone = fields.pop("phone", "").strip()
        if not email and not phone:
            return error("Either fields[email] or fields[phone] is required", "invalid_arg")
        if email and not EMAIL_RE.match(email):
            return error("Invalid email address '%s'" % email, "invalid_arg")
        if phone and not PHONE_RE.match(phone):
            return error("Invalid phone '%s'" % phone, "invalid_arg")
        tags = [t.strip() for t in single.get("tags", "").split(",") if t.strip()]
        if len(tags) > 10:
            return error("Too many tags: at most 10 are allowed", "invalid_arg")
        try:
            double_optin = int(single.get("double_optin", "0"))
            overwrite = int(single.get("overwrite", "0"))
        except ValueError:
            return error("Invalid value of double_optin or overwrite", "invalid_arg")
        if double_optin not in (0, 1, 3, 4) or overwrite not in (0, 1, 2):
            return error("Invalid value of double_optin or overwrite", "invalid_arg")
        if double_optin in (0, 1):
            missing = [str(l) for l in list_ids if not self.lists[l]["confirmation_letter"]]
            if missing:
                return error("These list ids=%s has no confirmation letters" % ",".join(missing), "unspecified")
        warnings = ["Unknown field '%s' ignored" % name for name in fields if name not in self.custom_fields]
        fields = {k: v for k, v in fields.items() if k in self.custom_fields}
        contact = self.find(email or None, None if email else phone)
        created = contact is None
        if created:
            contact = {"person_id": self.next_person, "email": email or None, "phone": phone or None,
                       "email_status": "new", "availability": "available", "added_at": now(),
                       "lists": {}, "fields": {}, "tags": []}
            self.next_person += 1
            self.contacts[(email or phone).lower()] = contact
        elif phone and overwrite in (1, 2):
            contact["phone"] = phone
        elif phone and not contact.get("phone"):
            contact["phone"] = phone
        # fields and tags by overwrite mode
        if overwrite == 1:
            contact["fields"] = dict(fields)
            contact["tags"] = tags
            contact["lists"] = {k: v for k, v in contact["lists"].items() if int(k) in list_ids}
        elif overwrite == 2:
            contact["fields"].update(fields)
            if tags:
                contact["tags"] = tags
        else:
            for k, v in fields.items():
                contact["fields"].setdefault(k, v)
            contact["tags"] = contact["tags"] + [t for t in tags if t not in contact["tags"]]
        status = contact["email_status"]
        if status != "unsubscribed":
            if double_optin == 3:
                if status not in ("active",):
                    status = "new"
            elif double_optin == 4:
                if created or status not in ("new", "active"):
                    status = "invited"
            else:
                if status != "active":
                    status = "invited"
            contact["email_status"] = status
        for lid in list_ids:
            entry = contact["lists"].get(str(lid))
            if entry is None or entry["status"] == "excluded":
                contact["lists"][str(lid)] = {"status": status, "added_at": now()}
            elif entry["status"] != "unsubscribed":
                entry["status"] = status
        return ok({"person_id": contact["person_id"]}, warnings)

    def _leave(self, single, unsubscribe):
        contact_type = single.get("contact_type")
        value = single.get("contact", "").strip()
        if contact_type not in ("email", "phone"):
            return error("Argument 'contact_type' must be email or phone", "invalid_arg")
        if not value:
            return error("Argument 'contact' is required", "invalid_arg")
        list_ids, err = self.parse_list_ids(single.get("list_ids"), required=False)
        if err:
            return err
        contact = self.find(value if contact_type == "email" else None, value if contact_type == "phone" else None)
        if contact is None:
            return error('Contact "%s" not found' % value, "unspecified")
        targets = [str(l) for l in list_ids] if list_ids else list(contact["lists"].keys())
        for lid in targets:
            entry = contact["lists"].get(lid)
            if entry is None:
                continue
            if unsubscribe:
                entry["status"] = "unsubscribed"
            else:
                del contact["lists"][lid]
        return ok({})

    def exclude(self, single, params):
        return self._leave(single, unsubscribe=False)

    def unsubscribe(self, single, params):
        return self._leave(single, unsubscribe=True)

    def import_contacts(self, single, params):
        names = {}
        for k, v in params.items():
            m = re.fullmatch(r"field_names\[(\d*)\]", k)
            if m:
                if m.group(1) == "":
                    for i, name in enumerate(v):
                        names[i] = name
                else:
                    names[int(m.group(1))] = v[-1]
        if not names:
            return error("Argument 'field_names' is required", "invalid_arg")
        columns = [names[i] for i in sorted(names)]
        rows = {}
        for k, v in params.items():
            m = re.fullmatch(r"data\[(\d+)\]\[(\d+)\]", k)
            if m:
                rows.setdefault(int(m.group(1)), {})[int(m.group(2))] = v[-1]
        if not rows:
            return error("Argument 'data' is required", "invalid_arg")
        if len(rows) > 500:
            return error("Too many contacts in one call: at most 500", "invalid_arg")
        if any(c >= len(columns) for row in rows.values() for c in row):
            return error("A row of 'data' has more values than 'field_names'", "invalid_arg")
        allowed = {"email", "email_status", "email_availability", "email_list_ids", "email_subscribe_times",
                   "email_unsubscribed_list_ids", "email_excluded_list_ids", "email_add_time", "email_confirm_time",
                   "phone", "phone_status", "phone_availability", "phone_list_ids", "phone_subscribe_times",
                   "phone_unsubscribed_list_ids", "phone_excluded_list_ids", "phone_add_time", "tags", "delete"}
        allowed |= self.custom_fields
        for name in columns:
            if name not in allowed:
                return error("Unknown field name '%s'" % name, "invalid_arg")
        if "email" not in columns and "phone" not in columns:
            return error("field_names must contain email or phone", "invalid_arg")
        flags = {}
        for flag in ("overwrite_tags", "overwrite_lists"):
            value = single.get(flag, "0")
            if value not in ("0", "1"):
                return error("Invalid value of %s" % flag, "invalid_arg")
            flags[flag] = value == "1"
        parsed = {}
        for index in sorted(rows):
            row = {columns[c]: value for c, value in rows[index].items()}
            for name in ("email_list_ids", "phone_list_ids", "email_unsubscribed_list_ids",
                         "phone_unsubscribed_list_ids", "email_excluded_list_ids", "phone_excluded_list_ids"):
                ids, err = self.parse_list_ids(row.get(name, "").strip(), required=False)
                if err:
                    return err
                row[name] = ids
            if len([t for t in row.get("tags", "").split(",") if t.strip()]) > 10:
                return error("Too many tags: at most 10 are allowed", "invalid_arg")
            parsed[index] = row
        report = {"total": len(rows), "inserted": 0, "updated": 0, "deleted": 0, "new_emails": 0, "invalid": 0,
                  "log": []}
        for index, row in parsed.items():
            rejected = self.import_row(row, flags, report)
            if rejected:
                report["invalid"] += 1
                report["log"].append({"index": index, "code": "invalid_arg", "message": rejected})
        return ok(report)

    ROLE_PARTS = {"info", "sales", "no-reply", "noreply", "all"}

    def import_row(self, row, flags, report):
        """Applies one row of importContacts; returns the log message when the row is not imported."""
        email = (row.get("email") or "").strip()
        phone = (row.get("phone") or "").strip()
        if not email and not phone:
            return "Neither email nor phone given"
        deleting = row.get("delete") == "1"
        if email and (not EMAIL_RE.match(email) or (not deleting and email.split("@")[0].lower() in self.ROLE_PARTS)):
            return "Invalid email address '%s'" % email
        if phone and not PHONE_RE.match(phone):
            return "Invalid phone '%s'" % phone
        contact = self.find(email or None, None if email else phone)
        if deleting:
            if contact is not None:
                self.contacts = {k: c for k, c in self.contacts.items() if c is not contact}
                report["deleted"] += 1
            return None
        created = contact is None
        if created:
            contact = {"person_id": self.next_person, "email": email or None, "phone": phone or None,
                       "email_status": "new", "availability": "available", "added_at": now(),
                       "lists": {}, "fields": {}, "tags": []}
            self.next_person += 1
            self.contacts[(email or phone).lower()] = contact
            report["inserted"] += 1
        else:
            report["updated"] += 1
            if phone:
                contact["phone"] = phone
        # The status of an existing address can only be changed from active or inactive (per the documentation).
        status = row.get("email_status")
        if status in ("new", "active", "inactive", "unsubscribed") and (
                created or contact["email_status"] in ("active", "inactive")):
            contact["email_status"] = status
        if email and contact["email_status"] == "new":
            report["new_emails"] += 1
        for name in self.custom_fields:
            if name in row:
                contact["fields"][name] = row[name]
        if "tags" in row:
            tags = [t.strip() for t in row["tags"].split(",") if t.strip()]
            contact["tags"] = tags if flags["overwrite_tags"] else contact["tags"] + [
                t for t in tags if t not in contact["tags"]]
        joined = {str(l) for l in row.get("email_list_ids", []) + row.get("phone_list_ids", [])}
        if flags["overwrite_lists"] and ("email_list_ids" in row or "phone_list_ids" in row):
            contact["lists"] = {k: v for k, v in contact["lists"].items() if k in joined}
        for lid in sorted(joined):
            entry = contact["lists"].get(lid)
            if entry is None or entry["status"] == "excluded":
                contact["lists"][lid] = {"status": contact["email_status"], "added_at": now()}
        for lid in row.get("email_unsubscribed_list_ids", []) + row.get("phone_unsubscribed_list_ids", []):
            contact["lists"].setdefault(str(lid), {"added_at": now()})["status"] = "unsubscribed"
        for lid in row.get("email_excluded_list_ids", []) + row.get("phone_excluded_list_ids", []):
            contact["lists"].pop(str(lid), None)
        return None

    def get_contact(self, single, params):
        email = single.get("email", "").strip()
        if not email:
            return error("Argument 'email' is required", "invalid_arg")
        contact = self.find(email)
        if contact is None:
            return error('Contact "%s" not found' % email, "unspecified")
        result = {"email": {"email": contact["email"], "added_at": contact["added_at"],
                            "status": contact["email_status"], "availability": contact["availability"],
                            "last_send_datetime": None, "last_delivery_datetime": None, "last_read_datetime": None,
                            "last_click_datetime": None, "rating": "0"}}
        if single.get("include_lists") == "1":
            result["lists"] = [{"id": int(lid), "status": entry["status"], "added_at": entry["added_at"]}
                               for lid, entry in contact["lists"].items()]
        if single.get("include_fields") == "1":
            result["fields"] = dict(contact["fields"])
            if contact.get("phone"):
                result["fields"]["phone"] = contact["phone"]
            if contact["tags"]:
                result["fields"]["tags"] = ",".join(contact["tags"])
        return ok(result)

    EXPORT_COLUMNS = {"email", "email_status", "email_availability", "email_list_ids",
                      "email_unsubscribed_list_ids", "email_excluded_list_ids", "email_add_time", "phone", "tags"}

    def async_export_contacts(self, single, params):
        if "offset" in single or "limit" in single:
            return error("offset and limit belong to the synchronous exportContacts", "invalid_arg")
        exported = self.export_contacts(single, params, everything=True)
        body = json.loads(exported.body)
        if "error" in body:
            return exported
        task_uuid = "%08x-0000-4000-8000-%012x" % (len(self.tasks) + 1, int(time.time() * 1000) & 0xFFFFFFFFFFFF)
        self.tasks[task_uuid] = {"polls": 0, "names": body["result"]["field_names"],
                                 "rows": body["result"]["data"], "notify_url": single.get("notify_url")}
        return ok({"task_uuid": task_uuid, "status": "new"})

    def get_task_result(self, single, params):
        task = self.tasks.get(single.get("task_uuid", ""))
        if task is None:
            return error("Task not found", "invalid_arg")
        task["polls"] += 1
        if task["polls"] == 1:
            return ok({"task_uuid": single["task_uuid"], "status": "processing"})
        return ok({"task_uuid": single["task_uuid"], "status": "completed",
                   "file_to_download": "http://%s/download/%s.csv" % (self.host, single["task_uuid"])})

    @staticmethod
    def csv(names, rows):
        import csv
        import io
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows(rows)
        return out.getvalue()

    def export_contacts(self, single, params, everything=False):
        indexed = {int(m.group(1)): v[-1] for k, v in params.items()
                   for m in [re.fullmatch(r"field_names\[(\d+)\]", k)] if m}
        names = [indexed[i] for i in sorted(indexed)]
        names += params.get("field_names[]", [])
        if not names:
            names = ["email", "email_status"]
        for name in names:
            if name not in self.EXPORT_COLUMNS and name not in self.custom_fields:
                return error("Unknown field name '%s'" % name, "invalid_arg")
        try:
            offset = int(single.get("offset", "0"))
            limit = int(single.get("limit", "1000"))
        except ValueError:
            return error("Invalid value of offset or limit", "invalid_arg")
        if limit > 1000 or limit < 1 or offset < 0:
            return error("limit must be 1-1000", "invalid_arg")
        list_id = single.get("list_id")
        if list_id and (not list_id.isdigit() or int(list_id) not in self.lists):
            return error("Invalid list id '%s'" % list_id, "invalid_arg")
        wanted_status = single.get("email_status")
        rows = []
        for contact in self.contacts.values():
            if not contact.get("email"):
                continue
            if list_id and list_id not in contact["lists"]:
                continue
            if wanted_status and contact["email_status"] != wanted_status:
                continue
            values = {
                "email": contact["email"], "email_status": contact["email_status"],
                "email_availability": contact["availability"],
                "email_list_ids": ",".join(k for k, v in contact["lists"].items() if v["status"] != "unsubscribed"),
                "email_unsubscribed_list_ids": ",".join(k for k, v in contact["lists"].items()
                                                        if v["status"] == "unsubscribed"),
                "email_excluded_list_ids": "", "email_add_time": contact["added_at"],
                "phone": contact.get("phone") or "", "tags": ",".join(contact["tags"]),
            }
            values.update(contact["fields"])
            rows.append([values.get(name, "") for name in names])
        return ok({"field_names": names, "data": rows if everything else rows[offset:offset + limit]})

    def set_hook(self, single, params):
        url = single.get("hook_url", "").strip()
        if not url.startswith(("http://", "https://")):
            return error("Argument 'hook_url' is required", "invalid_arg")
        event_format = single.get("event_format", "")
        if event_format not in ("json_post", "json_post_gzip", "http_get"):
            return error("Argument 'event_format' must be json_post, json_post_gzip or http_get", "invalid_arg")
        events = {m.group(1): v[-1] for k, v in params.items() for m in [re.fullmatch(r"events\[(.+)\]", k)] if m}
        if not events:
            return error("Argument 'events' is required", "invalid_arg")
        self.hooks[url] = {"hook_url": url, "event_format": event_format, "events": events,
                           "single_event": single.get("single_event", "0"),
                           "status": single.get("status", "active")}
        return ok({})

    def remove_hook(self, single, params):
        if self.hooks.pop(single.get("hook_url", "").strip(), None) is None:
            return error("Hook not found", "unspecified")
        return ok({})

    def list_hooks(self, single, params):
        return ok(list(self.hooks.values()))

    def notify(self, event_name, event_data, status=None, repeat=1, key=None):
        """Sends one event to every active hook that wants it, as UniSender signs it; returns the statuses."""
        statuses = []
        for hook in self.hooks.values():
            wanted = hook["events"].get(event_name)
            if hook["status"] != "active" or wanted is None or hook["event_format"] != "json_post":
                continue
            if status is not None and wanted != "*" and status not in wanted.split(","):
                continue
            event = {"event_name": event_name, "event_time": now(), "event_data": event_data}
            body = {"auth": key or self.args.api_key,
                    "events_by_user": [{"user_id": 456, "login": "pdgate-test", "events": [event]}]}
            text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
            auth = hashlib.md5(text.encode("utf-8")).hexdigest()
            signed = text.replace('"auth":%s' % json.dumps(key or self.args.api_key), '"auth":"%s"' % auth, 1)
            for _ in range(repeat):
                statuses.append(self.deliver(hook["hook_url"], signed.encode("utf-8")))
        return statuses

    def deliver(self, url, body):
        status = post(url, body, "application/json", user_agent="UniSender")
        self.deliveries.append({"status": status})
        return status

    def control(self, request):
        if request.raw_path == "/__emails" and request.method == "GET":
            # The addresses held, without the rest of /__state (a benchmark's 100,000 contacts).
            return Response(200, {"emails": sorted(c.get("email") or k for k, c in self.contacts.items()
                                                   if c.get("email") or "@" in k)})
        if request.raw_path != "/__act" or request.method != "POST":
            return None
        spec = json.loads(request.body or b"{}")
        email = spec.get("email", "")
        contact = self.find(email)
        if contact is None:
            return Response(404, {"error": "no such contact"})
        action = spec.get("action")
        list_ids = sorted(contact["lists"])
        data = {"email": contact["email"], "list_id": int(list_ids[0]) if list_ids else None}
        if action == "confirm":
            if contact["email_status"] != "invited":
                return Response(409, {"error": "contact is %s, not invited" % contact["email_status"]})
            contact["email_status"] = "active"
            for entry in contact["lists"].values():
                if entry["status"] == "invited":
                    entry["status"] = "active"
            name, status = "subscribe", None
        elif action in ("unsubscribe", "complain"):
            for entry in contact["lists"].values():
                entry["status"] = "unsubscribed"
            contact["email_status"] = "unsubscribed"
            name, status = ("unsubscribe", None) if action == "unsubscribe" else ("email_status", "spam")
        elif action == "bounce":
            contact["availability"] = "unreachable"
            name, status = "email_status", "hard_bounced"
        elif action == "soft_bounce":
            contact["availability"] = "mailbox_full"
            name, status = "email_status", "soft_bounced"
        elif action == "read":
            name, status = "email_status", "ok_read"
        else:
            return Response(400, {"error": "action must be unsubscribe, complain, bounce, soft_bounce, read or confirm"})
        if status is not None:
            data["status"] = status
            data["campaign_id"] = 1001
        deliveries = []
        if spec.get("fire", True):
            deliveries = self.notify(name, data, status, repeat=int(spec.get("repeat", 1)), key=spec.get("key"))
        return Response(200, {"deliveries": deliveries, "email_status": contact["email_status"]})

    def send_email(self, single, params):
        for name in ("email", "sender_name", "sender_email", "subject", "body", "list_id"):
            if not single.get(name, "").strip():
                return error("Argument '%s' is required" % name, "invalid_arg")
        list_id = single["list_id"].strip()
        if not list_id.isdigit() or int(list_id) not in self.lists:
            return error("Invalid list id '%s'" % list_id, "invalid_arg")
        if len(single["body"].encode("utf-8")) > 1024 * 1024:
            return error("Message is too large", "invalid_arg")
        if not EMAIL_RE.match(single["sender_email"].strip()):
            return error("Invalid sender_email", "invalid_arg")
        raw = single["email"].strip()
        # "Name <address>" or a bare address.
        named = re.fullmatch(r"(.*\S)\s+<([^<>]+)>", raw)
        address = (named.group(2) if named else raw).strip()
        checking = single.get("error_checking") == "1"
        if not EMAIL_RE.match(address):
            if not checking:
                return error("Invalid email address", "invalid_arg")
            return ok([{"index": 0, "email": address,
                        "errors": [{"code": "invalid_arg", "message": "Invalid email address"}]}])
        contact = self.find(email=address)
        if contact is not None and contact.get("lists", {}).get(list_id, {}).get("status") == "unsubscribed":
            return ok([{"index": 0, "email": address,
                        "errors": [{"code": "unsubscribed", "message": "Recipient unsubscribed from the list"}]}])
        message_id = "%d" % (90000 + len(self.sent))
        self.sent.append({"id": message_id, "email": address, "sender_name": single["sender_name"],
                          "sender_email": single["sender_email"], "subject": single["subject"],
                          "body": single["body"], "list_id": int(list_id), "lang": single.get("lang"),
                          "track_read": single.get("track_read"), "track_links": single.get("track_links")})
        return ok([{"index": 0, "email": address, "id": message_id}])

    def send_sms(self, single, params):
        for name in ("phone", "sender", "text"):
            if not single.get(name, "").strip():
                return error("Argument '%s' is required" % name, "invalid_arg")
        sender = single["sender"].strip()
        if not re.fullmatch(r"[A-Za-z0-9.,-]{3,11}", sender) or not re.search(r"[A-Za-z]", sender):
            return error("Invalid sender", "src_invalid")
        text = single["text"]
        if len(text) > 1000:
            return error("Message text is too long", "invalid_arg")
        phones = [p.strip() for p in single["phone"].split(",")]
        if len(phones) > 150:
            return error("Too many phone numbers", "invalid_arg")
        for phone in phones:
            if not re.fullmatch(r"\+?[1-9][0-9]{9,14}", phone):
                return error("Invalid destination phone number", "dest_invalid")
        results = []
        for phone in phones:
            sms_id = "%d" % (70000 + len(self.sms))
            self.sms.append({"sms_id": sms_id, "phone": phone.lstrip("+"), "sender": sender, "text": text})
            results.append({"currency": "RUB", "price": 2.45, "sms_id": sms_id, "phone": phone.lstrip("+")})
        return ok(results[0] if len(results) == 1 else results)

    def get_lists(self, single, params):
        return ok([{"id": lid, "title": data["title"]} for lid, data in self.lists.items()])

    def create_list(self, single, params):
        title = single.get("title", "").strip()
        if not title:
            return error("Argument 'title' is required", "invalid_arg")
        lid = max(self.lists) + 1 if self.lists else 1
        self.lists[lid] = {"title": title, "confirmation_letter": True}
        return ok({"id": lid})


if __name__ == "__main__":
    main(UniSender, "UniSender API emulator")
