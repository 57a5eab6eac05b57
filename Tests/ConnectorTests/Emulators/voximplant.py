#!/usr/bin/env python3
"""Voximplant Management API emulator: call history, recordings, key-value storage, call lists.

After voximplant.com/docs/references/httpapi and the official clients (voximplant-apiclient, apiclient-nodejs).
Checks:
- ``POST /platform_api/<Method>`` or ``/platform_api`` with ``cmd=<Method>``; parameters in the query or a form
  body. Auth: a service-account JWT in ``Authorization: Bearer`` (RS256 signature checked with the account's
  public key via ``cryptography``, header ``alg`` RS256 and ``kid`` = the key id, claims ``iss`` = the
  account id, integer ``iat`` and ``exp`` with ``exp`` in the future, ``iat`` not more than 60 s ahead and
  ``exp - iat`` ≤ 3600, base64url without padding), or ``account_id`` + ``api_key`` (legacy, still working).
  A request with a Bearer token is judged by the token alone. Answers are HTTP 200:
  ``{"result": ...}`` or ``{"error": {"code": N, "msg": "..."}}`` — 100 authorization failed, 101 invalid
  arguments, 102 no command, 103 unknown command, 111 bad date (``YYYY-MM-DD HH:mm:ss``).
- ``GET /__service_account`` → the account's key file (``account_email``, ``account_id``, ``key_id``,
  ``private_key`` PEM), as the control panel downloads it; the key pair is made when the emulator starts.
- ``GetCallHistory`` (``from_date``/``to_date`` required; ``remote_number`` ``;``-list, ``with_calls``,
  ``with_records``, ``count`` ≤ 1000, ``offset`` ≤ 10000) → sessions with ``calls`` and ``records``.
  No method deletes history rows.
- ``DeleteRecord`` (``record_id`` or ``record_url``) → ``{"result": 1}``.
- ``SetKeyValueItem`` / ``GetKeyValueItem`` / ``DelKeyValueItem`` per ``application_id``: key ≤ 200 chars of
  ``[a-zA-Z0-9а-яА-ЯёЁ_\\-:;.#+]``, value ≤ 2000 chars, ``ttl`` 0–7776000 s.
- ``CreateCallList`` (CSV ``file_content`` with a header row, ``;`` delimiter), ``GetCallListDetails``,
  ``EditCallListTask``, ``CancelCallListTask``.
- ``POST /__seed {"sessions": [{"remote_number", "start_date", "records": n}]}`` adds call history.
"""

import base64
import csv
import io
import json
import re
import time
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from emulator_base import App, Response, main

KEY_RE = re.compile(r"^[a-zA-Z0-9а-яА-ЯёЁ_\-:;.#+]*$")
B64URL_RE = re.compile(r"^[A-Za-z0-9_-]+$")


def fail(code, msg):
    return Response(200, {"error": {"code": code, "msg": msg}})


def ok(result, **extra):
    body = {"result": result}
    body.update(extra)
    return Response(200, body)


def parse_date(text):
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError):
        return None


def flag(value):
    return str(value).lower() in ("true", "1")


class Voximplant(App):
    @staticmethod
    def add_arguments(parser):
        parser.add_argument("--account-id", default="1234567")
        parser.add_argument("--api-key", default="voximplant-test-key")
        parser.add_argument("--application-id", type=int, action="append", dest="applications", default=None)

    def __init__(self, args):
        super().__init__(args)
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.key_id = "5b1f3a4e-0c7d-4e8a-9f21-6d2c8b7a1e30"
        self.reset()

    def control(self, request):
        if request.raw_path == "/__service_account" and request.method == "GET":
            pem = self.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()).decode("ascii")
            return Response(200, {"account_email": "owner@example.com", "account_id": int(self.args.account_id),
                                  "key_id": self.key_id, "private_key": pem})
        return None

    def verify_jwt(self, token):
        """True if the token is a valid service-account JWT of this account, now."""
        parts = token.split(".")
        if len(parts) != 3 or not all(B64URL_RE.match(part) for part in parts):
            return False

        def decode(part):
            return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))

        try:
            header = json.loads(decode(parts[0]))
            claims = json.loads(decode(parts[1]))
            signature = decode(parts[2])
        except (ValueError, UnicodeDecodeError):
            return False
        if not isinstance(header, dict) or not isinstance(claims, dict):
            return False
        if header.get("alg") != "RS256" or header.get("kid") != self.key_id:
            return False
        try:
            self.private_key.public_key().verify(signature, (parts[0] + "." + parts[1]).encode("ascii"),
                                                 padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        if str(claims.get("iss")) != self.args.account_id:
            return False
        iat, exp = claims.get("iat"), claims.get("exp")
        if not isinstance(iat, int) or not isinstance(exp, int) or isinstance(iat, bool) or isinstance(exp, bool):
            return False
        now = time.time()
        return exp > now and iat <= now + 60 and 0 < exp - iat <= 3600

    def reset(self):
        self.applications = set(self.args.applications or [10733204])
        self.kv = {}              # (application_id, key) -> item
        self.sessions = []
        self.records = {}         # record_id -> record
        self.deleted_records = []
        self.call_lists = {}      # list_id -> {"name", "tasks": [...]}
        self.next_id = 88000
        self.next_list = 500
        self.auth = {"jwt": 0, "api_key": 0, "refused": 0}

    def state(self):
        return {"kv": {"%d:%s" % k: v for k, v in self.kv.items()}, "sessions": self.sessions,
                "records": {str(k): v for k, v in self.records.items()}, "deleted_records": self.deleted_records,
                "call_lists": {str(k): v for k, v in self.call_lists.items()}, "auth": dict(self.auth)}

    def seed(self, body):
        for spec in body.get("sessions", []):
            session_id = self.next_id
            self.next_id += 1
            records = []
            for _ in range(int(spec.get("records", 0))):
                rid = self.next_id
                self.next_id += 1
                record = {"record_id": rid, "record_url": "https://records.example.com/%d.mp3" % rid,
                          "transcription_url": None, "start_time": spec["start_date"], "file_size": 1024}
                self.records[rid] = record
                records.append(rid)
            self.sessions.append({"call_session_history_id": session_id, "start_date": spec["start_date"],
                                  "custom_data": None, "log_file_url": "https://logs.example.com/%d" % session_id,
                                  "remote_number": spec["remote_number"], "record_ids": records,
                                  "duration": spec.get("duration", 42)})
        return Response(200, {"sessions": len(self.sessions)})

    def fault_response(self, status, request):
        return Response(status, "<html><body>%d</body></html>" % status, content_type="text/html")

    def handle(self, request):
        params = {k: v[-1] for k, v in request.form().items()}
        match = re.fullmatch(r"/platform_api(?:/([A-Za-z]+))?/?", request.path)
        if not match:
            return Response(404, "<html><body>Not found</body></html>", content_type="text/html")
        command = match.group(1) or params.get("cmd")
        if not command:
            return fail(102, "No 'cmd' parameter")
        authorization = request.header("Authorization")
        if authorization is not None:
            scheme, _, token = authorization.partition(" ")
            method = "jwt" if scheme == "Bearer" and self.verify_jwt(token.strip()) else None
        elif params.get("account_id") == self.args.account_id and params.get("api_key") == self.args.api_key:
            method = "api_key"
        else:
            method = None
        with self.lock:
            self.auth[method or "refused"] += 1
        if method is None:
            return fail(100, "Authorization failed")
        handler = getattr(self, "m_" + command, None)
        if handler is None:
            return fail(103, "Unknown command '%s'" % command)
        with self.lock:
            return handler(params)

    def application(self, params):
        try:
            app = int(params.get("application_id", ""))
        except ValueError:
            return None
        return app if app in self.applications else None

    # -- call history ----------------------------------------------------------------------------------

    def m_GetCallHistory(self, p):
        start, end = parse_date(p.get("from_date")), parse_date(p.get("to_date"))
        if "from_date" not in p or "to_date" not in p:
            return fail(101, "from_date and to_date are required")
        if start is None or end is None:
            return fail(111, "Invalid date format")
        try:
            count = int(p.get("count", "20"))
            offset = int(p.get("offset", "0"))
        except ValueError:
            return fail(101, "Invalid count or offset")
        if count > 1000 or offset > 10000 or count < 1 or offset < 0:
            return fail(101, "count must be at most 1000 and offset at most 10000")
        numbers = set(filter(None, (p.get("remote_number_list") or p.get("remote_number") or "").split(";")))
        rows = [s for s in self.sessions if start <= parse_date(s["start_date"]) < end
                and (not numbers or s["remote_number"] in numbers)]
        if flag(p.get("desc_order", "false")):
            rows = list(reversed(rows))
        page = rows[offset:offset + count]
        result = []
        for s in page:
            item = {"call_session_history_id": s["call_session_history_id"], "start_date": s["start_date"],
                    "custom_data": s["custom_data"], "log_file_url": s["log_file_url"], "duration": s["duration"]}
            if flag(p.get("with_calls", "false")):
                item["calls"] = [{"remote_number": s["remote_number"], "local_number": "74950000000",
                                  "incoming": True, "start_time": s["start_date"], "duration": s["duration"],
                                  "record_url": None, "custom_data": None}]
            if flag(p.get("with_records", "false")):
                item["records"] = [self.records[r] for r in s["record_ids"] if r in self.records]
            result.append(item)
        extra = {"count": len(result)}
        if flag(p.get("with_total_count", "true")):
            extra["total_count"] = len(rows)
        return ok(result, **extra)

    def m_DeleteRecord(self, p):
        rid = p.get("record_id")
        url = p.get("record_url")
        target = None
        if rid and rid.isdigit():
            target = int(rid)
        elif url:
            target = next((k for k, r in self.records.items() if r["record_url"] == url), None)
        else:
            return fail(101, "record_id or record_url is required")
        if target not in self.records:
            return fail(101, "Record not found")
        del self.records[target]
        self.deleted_records.append(target)
        return ok(1)

    # -- key-value storage -------------------------------------------------------------------------------

    def m_SetKeyValueItem(self, p):
        app = self.application(p)
        if app is None:
            return fail(101, "Invalid application_id")
        key, value = p.get("key", ""), p.get("value")
        if not key or len(key) > 200 or not KEY_RE.match(key):
            return fail(101, "Invalid key")
        if value is None or len(value) > 2000:
            return fail(101, "Invalid value")
        try:
            ttl = int(p.get("ttl", "2592000"))
        except ValueError:
            return fail(101, "Invalid ttl")
        if not 0 <= ttl <= 7776000:
            return fail(101, "ttl must be between 0 and 7776000")
        item = {"key": key, "value": value, "expires_at": int(datetime.now().timestamp()) + ttl}
        self.kv[(app, key)] = item
        return ok(item)

    def m_GetKeyValueItem(self, p):
        app = self.application(p)
        if app is None:
            return fail(101, "Invalid application_id")
        item = self.kv.get((app, p.get("key", "")))
        return ok(item)

    def m_DelKeyValueItem(self, p):
        app = self.application(p)
        if app is None:
            return fail(101, "Invalid application_id")
        self.kv.pop((app, p.get("key", "")), None)
        return ok(1)

    # -- call lists ------------------------------------------------------------------------------------

    def m_CreateCallList(self, p):
        for name in ("rule_id", "priority", "max_simultaneous", "num_attempts", "name", "file_content"):
            if not p.get(name):
                return fail(101, "%s is required" % name)
        if not 1 <= int(p["num_attempts"]) <= 5:
            return fail(101, "num_attempts must be 1..5")
        delimiter = p.get("delimiter", ";")
        rows = list(csv.DictReader(io.StringIO(p["file_content"]), delimiter=delimiter))
        list_id = self.next_list
        self.next_list += 1
        tasks = []
        for row in rows:
            tid = self.next_id
            self.next_id += 1
            tasks.append({"task_id": tid, "task_uuid": row.pop("__task_uuid", None) or "uuid-%d" % tid,
                          "custom_data": json.dumps(row, ensure_ascii=False), "status_id": 0, "result_data": None,
                          "attempts_left": int(p["num_attempts"])})
        self.call_lists[list_id] = {"name": p["name"], "tasks": tasks}
        return ok(True, count=len(tasks), list_id=list_id, batch_id=self.next_id)

    def m_GetCallListDetails(self, p):
        try:
            cl = self.call_lists.get(int(p.get("list_id", "")))
        except ValueError:
            cl = None
        if cl is None:
            return fail(251, "Call list not found")
        count = int(p.get("count", "20"))
        offset = int(p.get("offset", "0"))
        tasks = cl["tasks"][offset:offset + count]
        return ok(tasks, count=len(tasks), total_count=len(cl["tasks"]))

    def task(self, p):
        try:
            cl = self.call_lists.get(int(p.get("list_id", "")))
        except ValueError:
            return None, fail(251, "Call list not found")
        if cl is None:
            return None, fail(251, "Call list not found")
        return cl, None

    def m_EditCallListTask(self, p):
        cl, err = self.task(p)
        if err:
            return err
        tid, tuuid = p.get("task_id"), p.get("task_uuid")
        for t in cl["tasks"]:
            if (tid and str(t["task_id"]) == tid) or (tuuid and t["task_uuid"] == tuuid):
                if "custom_data" in p:
                    t["custom_data"] = p["custom_data"]
                if "attempts_left" in p:
                    t["attempts_left"] = int(p["attempts_left"])
                return ok(1)
        return fail(101, "Task not found")

    def m_CancelCallListTask(self, p):
        cl, err = self.task(p)
        if err:
            return err
        ids = set(filter(None, (p.get("tasks_ids") or "").split(";")))
        uuids = set(filter(None, (p.get("tasks_uuids") or "").split(";")))
        if not ids and not uuids:
            return fail(101, "tasks_ids or tasks_uuids is required")
        for t in cl["tasks"]:
            if str(t["task_id"]) in ids or t["task_uuid"] in uuids:
                if t["status_id"] in (0, 1):
                    t["status_id"] = 4
        return ok(True)


if __name__ == "__main__":
    main(Voximplant, "Voximplant Management API emulator")
