#!/usr/bin/env python3
"""Mailchimp Marketing API v3 emulator (the subset pdgate uses), after mailchimp.com/developer/marketing.

Checks, as the real API does:
- Auth: HTTP Basic with any user and the API key as password, or ``Authorization: Bearer <oauth token>``.
  No key → 401 ``API Key Missing``; a wrong key → 401 ``API Key Invalid``. Errors are
  ``application/problem+json`` ``{type, title, status, detail, instance}`` with an ``X-Request-Id`` header.
- At most ``--max-connections`` (10) requests in flight per key, else 429 ``Too Many Requests``
  ("You have exceeded the limit of 10 simultaneous connections.").  No ``Retry-After`` (none documented).
- Members: ``PUT /3.0/lists/{list}/members/{hash}`` where hash = md5(lower(trim(email))) (the raw e-mail is
  accepted too). A new member needs ``email_address`` and ``status_if_new`` (or ``status``); statuses must be
  writable ones; a hash that is not the e-mail's → 400 ``Member Exists``; a permanently deleted e-mail →
  400 ``Forgotten Email Not Subscribed``; ``subscribed`` on an unsubscribed/cleaned member → 400
  ``Member In Compliance State``. ``POST …/members`` adds only (400 ``Member Exists``). ``PATCH`` updates,
  ``DELETE`` archives (204), ``POST …/actions/delete-permanent`` erases (204) after which GET → 404.
  ``POST …/tags`` (204) with ``{"tags":[{"name","status":"active|inactive"}]}``, ``GET …/tags``.
- Batch subscribe or unsubscribe: ``POST /3.0/lists/{list}`` with ``members`` (1 to 500: more → 400 ``Invalid
  Resource``; each needs ``email_address`` and a writable ``status``, no ``status_if_new``), ``update_existing``
  and ``sync_tags``. It answers 200 with ``new_members``, ``updated_members``, ``errors`` (``email_address``,
  ``error``, ``error_code`` ``ERROR_CONTACT_EXISTS`` for an existing member without ``update_existing``, else
  ``ERROR_GENERIC``: an invalid or forgotten address, a compliance-state change), ``total_created``,
  ``total_updated`` and ``error_count``.
- ``GET /3.0/lists?email=`` lists the audiences holding an address; ``GET /3.0/ping``.
- Malformed JSON → 400 ``JSON Parse Error``; a member, webhook or audience that does not exist → 404
  ``Resource Not Found`` (the documented problem body: ``{"title": "Resource Not Found", "status": 404, ...}``);
  a method a resource does not have → 405 ``Method Not Allowed``. A path this emulator does not implement
  answers a bare ``404 page not found`` (text/plain), as a proxy or a wrong base URL would: it must never pass
  for the documented member-not-found. ``--unrouted "GET /3.0/lists"`` (repeatable) makes an implemented route
  answer that bare 404 too (a route missing behind a proxy), so tests can check the connector never reads it as
  "the person is absent".
- ``GET …/members`` filters by ``status`` and ``since_last_changed`` (ISO 8601: members changed at or after it).
- List webhooks: ``POST /3.0/lists/{list}/webhooks`` with ``url``, ``events`` {subscribe, unsubscribe, profile,
  cleaned, upemail, campaign} and ``sources`` {user, admin, api}; Mailchimp first checks the URL with a GET that
  must answer 200 (else 400 ``Invalid Resource``). ``GET`` lists them, ``DELETE …/webhooks/{id}`` removes one.
  A webhook is an ``application/x-www-form-urlencoded`` POST of ``type``, ``fired_at`` (``YYYY-MM-DD HH:MM:SS``
  UTC) and ``data[...]``: ``unsubscribe`` (``data[action]=unsub``, ``data[reason]`` ``manual`` or ``abuse`` for a
  spam complaint), ``cleaned`` (``data[reason]=hard``), ``subscribe`` (a pending member confirmed). API writes
  fire them too when the webhook's ``sources.api`` is on.

Control (test only): ``GET /__emails`` lists the first audience's addresses (``{"emails": [...]}``, for the
delivery benchmark). ``POST /__act`` ``{"email", "action": "unsubscribe|complain|bounce|confirm", "list"
(default: the first), "repeat": n (deliver the same webhook n times, as retries do), "fire": false (change the
member without a webhook)}`` does what the person (or the receiving server) would, then delivers the webhooks
and answers ``{"deliveries": [HTTP status, ...]}``.
"""

import base64
import hashlib
import json
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime, timezone

from emulator_base import App, Response, main, post

ERROR_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"
WRITABLE = {"subscribed", "unsubscribed", "cleaned", "pending", "transactional"}
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DEFAULT_MERGE_FIELDS = {"FNAME": "text", "LNAME": "text", "ADDRESS": "address", "PHONE": "phone",
                        "BIRTHDAY": "birthday"}


def problem(status, title, detail, errors=None):
    body = {"type": ERROR_TYPE, "title": title, "status": status, "detail": detail,
            "instance": str(uuid.uuid4())}
    if errors is not None:
        body["errors"] = errors
    return Response(status, body, headers={"X-Request-Id": str(uuid.uuid4())},
                    content_type="application/problem+json; charset=utf-8")


def subscriber_hash(email):
    return hashlib.md5(email.strip().lower().encode("utf-8")).hexdigest()


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def parse_iso(text):
    """An ISO 8601 time with an offset (``Z`` or ``+00:00``), as an aware datetime; None if unreadable."""
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None


WEBHOOK_EVENTS = ("subscribe", "unsubscribe", "profile", "cleaned", "upemail", "campaign")
WEBHOOK_SOURCES = ("user", "admin", "api")


class Mailchimp(App):
    @staticmethod
    def add_arguments(parser):
        parser.add_argument("--api-key", default="0123456789abcdef0123456789abcdef-us14")
        parser.add_argument("--oauth-token", default=None)
        parser.add_argument("--list", action="append", dest="lists", default=None,
                            help="audience id (repeatable); default: a1b2c3d4e5")
        parser.add_argument("--max-connections", type=int, default=10)
        parser.add_argument("--latency-ms", type=float, default=0, help="added to every API request")
        parser.add_argument("--unrouted", action="append", default=[],
                            help='"METHOD /3.0/path" answering a bare 404 as if the route were missing (repeatable)')

    def __init__(self, args):
        super().__init__(args)
        self.inflight = {}
        self.inflight_lock = threading.Lock()
        self.reset()

    def reset(self):
        self.lists = {lid: {"members": {}, "forgotten": set(), "tag_ids": {}, "contact_ids": {}, "webhooks": {}}
                      for lid in (self.args.lists or ["a1b2c3d4e5"])}
        self.deliveries = []
        self.writes = 0
        self.peak_inflight = 0

    def fault_response(self, status, request):
        if status == 429:
            return problem(429, "Too Many Requests",
                           "You have exceeded the limit of 10 simultaneous connections.")
        if status == 503:
            return problem(503, "Service Unavailable", "This action is temporarily unavailable.")
        return problem(500, "Internal Server Error",
                       "An unexpected internal error has occurred. Please contact Support for more information.")

    def state(self):
        return {"lists": {lid: {"members": data["members"], "forgotten": sorted(data["forgotten"]),
                                "webhooks": list(data["webhooks"].values())}
                          for lid, data in self.lists.items()},
                "writes": self.writes, "peak_inflight": self.peak_inflight, "deliveries": self.deliveries}

    # -- auth and concurrency ---------------------------------------------------------------------------

    def _credential(self, request):
        header = request.header("Authorization")
        if not header:
            return None, problem(401, "API Key Missing",
                                 "Your request did not include an API key.")
        scheme, _, value = header.partition(" ")
        scheme = scheme.lower()
        if scheme == "basic":
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
            except Exception:
                decoded = ""
            _, sep, key = decoded.partition(":")
            if sep and key == self.args.api_key:
                return key, None
        elif scheme in ("bearer", "oauth") and self.args.oauth_token and value.strip() == self.args.oauth_token:
            return value.strip(), None
        return None, problem(401, "API Key Invalid",
                             "Your API key may be invalid, or you've attempted to access the wrong datacenter.")

    def handle(self, request):
        key, error = self._credential(request)
        if error:
            return error
        with self.inflight_lock:
            count = self.inflight.get(key, 0) + 1
            self.inflight[key] = count
            self.peak_inflight = max(self.peak_inflight, count)
        try:
            if count > self.args.max_connections:
                return problem(429, "Too Many Requests",
                               "You have exceeded the limit of %d simultaneous connections."
                               % self.args.max_connections)
            if self.args.latency_ms:
                time.sleep(self.args.latency_ms / 1000.0)
            with self.lock:
                return self.route(request)
        finally:
            with self.inflight_lock:
                self.inflight[key] -= 1

    # -- routing ---------------------------------------------------------------------------------------

    def route(self, request):
        if "%s %s" % (request.method, request.path.rstrip("/")) in self.args.unrouted:
            return self.no_route()
        parts = [p for p in request.path.split("/") if p]
        if not parts or parts[0] != "3.0":
            return self.no_route()
        parts = parts[1:]
        method = request.method
        body = None
        if method in ("POST", "PUT", "PATCH") and request.body:
            try:
                body = request.json()
                if not isinstance(body, dict):
                    raise ValueError
            except Exception:
                return problem(400, "JSON Parse Error", "We encountered an unspecified JSON parsing error.")
        if parts == ["ping"]:
            return Response(200, {"health_status": "Everything's Chimpy!"}) if method == "GET" else self.bad_method()
        if parts == ["lists"]:
            if method != "GET":
                return self.bad_method()
            return self.lists_holding(request)
        if parts == ["search-members"]:
            return self.search(request) if method == "GET" else self.bad_method()
        if len(parts) < 2 or parts[0] != "lists" or parts[1] not in self.lists:
            return self.not_found()
        audience = self.lists[parts[1]]
        rest = parts[2:]
        if not rest:
            if method == "GET":
                return Response(200, {"id": parts[1], "name": "Audience " + parts[1],
                                      "stats": {"member_count": self.count(audience, "subscribed")}})
            if method == "POST":
                return self.batch_subscribe(parts[1], audience, body or {})
            return self.bad_method()
        if rest[0] == "merge-fields" and len(rest) == 1 and method == "GET":
            fields = [{"merge_id": i + 1, "tag": tag, "name": tag.title(), "type": kind, "required": False,
                       "list_id": parts[1]} for i, (tag, kind) in enumerate(DEFAULT_MERGE_FIELDS.items())]
            return Response(200, {"merge_fields": fields, "list_id": parts[1], "total_items": len(fields)})
        if rest[0] == "webhooks":
            return self.webhooks(parts[1], audience, rest[1:], method, body)
        if rest[0] != "members":
            return self.no_route()
        if len(rest) == 1:
            if method == "GET":
                return self.list_members(parts[1], audience, request)
            if method == "POST":
                return self.add_member(parts[1], audience, body or {})
            return self.bad_method()
        member_key = self.resolve_hash(audience, rest[1])
        if len(rest) == 2:
            if method == "GET":
                return self.get_member(audience, member_key)
            if method == "PUT":
                return self.put_member(parts[1], audience, member_key, rest[1], body or {})
            if method == "PATCH":
                return self.patch_member(audience, member_key, body or {})
            if method == "DELETE":
                return self.archive(audience, member_key)
            return self.bad_method()
        if rest[2:] == ["actions", "delete-permanent"]:
            return self.delete_permanent(audience, member_key) if method == "POST" else self.bad_method()
        if rest[2:] == ["tags"]:
            if method == "GET":
                return self.get_tags(audience, member_key)
            if method == "POST":
                return self.post_tags(audience, member_key, body)
            return self.bad_method()
        return self.no_route()

    def not_found(self):
        """The documented "not found" of an existing route (a member, webhook or audience that does not exist)."""
        return problem(404, "Resource Not Found", "The requested resource could not be found.")

    def no_route(self):
        """A path nothing serves: a bare 404 that is not Mailchimp's problem body."""
        return Response(404, "404 page not found\n", content_type="text/plain; charset=utf-8")

    def bad_method(self):
        return problem(405, "Method Not Allowed", "The requested method and resource are not compatible. "
                       "See the Allow header for this resource's available methods.")

    def resolve_hash(self, audience, raw):
        raw = raw.strip()
        if "@" in raw:
            return subscriber_hash(raw)
        if re.fullmatch(r"[0-9a-fA-F]{32}", raw) and raw.lower() in audience["members"]:
            return raw.lower()
        return audience["contact_ids"].get(raw, raw.lower())

    def count(self, audience, status):
        return sum(1 for m in audience["members"].values() if m["status"] == status)

    # -- members ---------------------------------------------------------------------------------------

    def validate_statuses(self, body):
        errors = []
        for field in ("status", "status_if_new"):
            if field in body and body[field] not in WRITABLE:
                errors.append({"field": field, "message": "Data did not match any of the schemas described in anyOf."})
        if "email_type" in body and body["email_type"] not in ("html", "text"):
            errors.append({"field": "email_type", "message": "Data did not match any of the schemas described in anyOf."})
        for name, value in (body.get("merge_fields") or {}).items():
            if not isinstance(value, (str, int, float, dict)):
                errors.append({"field": "merge_fields." + name, "message": "Invalid value."})
        tags = body.get("tags")
        if tags is not None and (not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)):
            errors.append({"field": "tags", "message": "Schema describes array, string found instead"})
        if errors:
            return problem(400, "Invalid Resource", "The resource submitted could not be validated. "
                           "For field-specific details, see the 'errors' array.", errors)
        return None

    def new_member(self, list_id, audience, email, status, body):
        if not EMAIL_RE.match(email or ""):
            return None, problem(400, "Invalid Resource", "Please provide a valid email address.")
        key = subscriber_hash(email)
        member = {
            "id": key, "email_address": email.strip(), "unique_email_id": uuid.uuid4().hex[:10],
            "contact_id": uuid.uuid4().hex, "web_id": len(audience["members"]) + 1000,
            "email_type": body.get("email_type", "html"), "status": status, "unsubscribe_reason": "",
            "consents_to_one_to_one_messaging": True,
            "merge_fields": {tag: "" for tag in DEFAULT_MERGE_FIELDS},
            "interests": {}, "stats": {"avg_open_rate": 0, "avg_click_rate": 0},
            "ip_signup": "", "timestamp_signup": "", "ip_opt": "", "timestamp_opt": "",
            "member_rating": 2, "last_changed": now_iso(), "language": "", "vip": False, "email_client": "",
            "location": {"latitude": 0, "longitude": 0, "gmtoff": 0, "dstoff": 0, "country_code": "",
                         "timezone": "", "region": ""},
            "marketing_permissions": [], "source": "API - Generic", "tags_count": 0, "tags": [],
            "list_id": list_id,
        }
        for tag in body.get("tags") or []:
            self.set_tag(audience, member, tag, True)
        audience["contact_ids"][member["contact_id"]] = key
        return member, None

    def apply(self, member, body):
        for field in ("email_type", "language", "vip", "location", "ip_signup", "timestamp_signup", "ip_opt",
                      "timestamp_opt", "interests", "marketing_permissions"):
            if field in body:
                member[field] = body[field]
        for tag, value in (body.get("merge_fields") or {}).items():
            member["merge_fields"][tag] = value
        member["last_changed"] = now_iso()
        self.writes += 1

    def put_member(self, list_id, audience, key, raw, body):
        invalid = self.validate_statuses(body)
        if invalid:
            return invalid
        email = body.get("email_address")
        if key in audience["forgotten"]:
            return problem(400, "Forgotten Email Not Subscribed",
                           "%s was permanently deleted and cannot be re-imported. The contact must re-subscribe "
                           "to get back on the list." % (email or "This contact"))
        member = audience["members"].get(key)
        if email is not None and subscriber_hash(email) != key:
            return problem(400, "Member Exists", "%s is already a list member. Use PUT to insert or update "
                           "list members." % email)
        if member is None:
            status = body.get("status_if_new") or body.get("status")
            errors = []
            if not email:
                errors.append({"field": "email_address", "message": "This value should not be blank."})
            if not status:
                errors.append({"field": "status_if_new", "message": "This value should not be blank."})
            if errors:
                return problem(400, "Invalid Resource", "The resource submitted could not be validated. "
                               "For field-specific details, see the 'errors' array.", errors)
            member, error = self.new_member(list_id, audience, email, status, body)
            if error:
                return error
            audience["members"][key] = member
            if status == "subscribed":
                self.notify(list_id, "subscribe", member, "api")
        else:
            status = body.get("status")
            if status:
                before = member["status"]
                error = self.change_status(member, status)
                if error:
                    return error
                self.notify_change(list_id, member, before, "api")
            if email:
                member["email_address"] = email.strip()
        self.apply(member, body)
        return Response(200, member)

    def change_status(self, member, status):
        if status == "subscribed" and member["status"] in ("unsubscribed", "cleaned"):
            return problem(400, "Member In Compliance State",
                           "%s is already a list member in compliance state due to unsubscribe, bounce, or "
                           "compliance review." % member["email_address"])
        member["status"] = status
        return None

    def add_member(self, list_id, audience, body):
        invalid = self.validate_statuses(body)
        if invalid:
            return invalid
        email = body.get("email_address")
        status = body.get("status")
        errors = []
        if not email:
            errors.append({"field": "email_address", "message": "This value should not be blank."})
        if not status:
            errors.append({"field": "status", "message": "This value should not be blank."})
        if errors:
            return problem(400, "Invalid Resource", "The resource submitted could not be validated. "
                           "For field-specific details, see the 'errors' array.", errors)
        key = subscriber_hash(email)
        if key in audience["forgotten"]:
            return problem(400, "Forgotten Email Not Subscribed",
                           "%s was permanently deleted and cannot be re-imported. The contact must re-subscribe "
                           "to get back on the list." % email)
        if key in audience["members"]:
            return problem(400, "Member Exists", "%s is already a list member. Use PUT to insert or update "
                           "list members." % email)
        member, error = self.new_member(list_id, audience, email, status, body)
        if error:
            return error
        audience["members"][key] = member
        self.apply(member, body)
        return Response(200, member)

    def batch_subscribe(self, list_id, audience, body):
        """``POST /lists/{list}``: batch subscribe or unsubscribe, at most 500 ``members``.

        The body is checked as a whole first (a schema error refuses the call: 400 ``Invalid Resource``); then each
        member on its own: an invalid address, a forgotten one, a compliance-state change or (without
        ``update_existing``) an existing member is that member's entry in ``errors``, the others are applied.
        """
        members = body.get("members")
        invalid = self.batch_schema_errors(members, body)
        if invalid:
            return problem(400, "Invalid Resource", "The resource submitted could not be validated. "
                           "For field-specific details, see the 'errors' array.", invalid)
        update_existing = body.get("update_existing") is True
        created, updated, errors = [], [], []
        for item in members:
            email = item["email_address"].strip()
            key = subscriber_hash(email)

            def refuse(code, text, field="email_address"):
                errors.append({"email_address": email, "error": text, "error_code": code, "field": field,
                               "field_message": text})
            if not EMAIL_RE.match(email):
                refuse("ERROR_GENERIC", "%s looks fake or invalid, please enter a real email address." % email)
                continue
            if key in audience["forgotten"]:
                refuse("ERROR_GENERIC", "%s was permanently deleted and cannot be re-imported. The contact must "
                       "re-subscribe to get back on the list." % email)
                continue
            member = audience["members"].get(key)
            if member is None:
                member, _ = self.new_member(list_id, audience, email, item["status"], item)
                audience["members"][key] = member
                self.apply(member, item)
                if item["status"] == "subscribed":
                    self.notify(list_id, "subscribe", member, "api")
                created.append(member)
                continue
            if not update_existing:
                refuse("ERROR_CONTACT_EXISTS", "%s is already a list member, do you want to update? please provide "
                       "update_existing:true in the request body" % email)
                continue
            before = member["status"]
            if self.change_status(member, item["status"]) is not None:
                refuse("ERROR_GENERIC", "%s is in a compliance state due to unsubscribe, bounce, or compliance "
                       "review and cannot be subscribed." % email, "status")
                continue
            self.notify_change(list_id, member, before, "api")
            if body.get("sync_tags") is True and "tags" in item:
                for tag in [t["name"] for t in member["tags"]]:
                    self.set_tag(audience, member, tag, False)
            for tag in item.get("tags") or []:
                self.set_tag(audience, member, tag, True)
            self.apply(member, item)
            updated.append(member)
        return Response(200, {"new_members": created, "updated_members": updated, "errors": errors,
                              "total_created": len(created), "total_updated": len(updated),
                              "error_count": len(errors), "_links": []})

    def batch_schema_errors(self, members, body):
        """The schema errors of a batch body (each refuses the whole call)."""
        if not isinstance(members, list) or not members:
            return [{"field": "members", "message": "This value should not be blank."}]
        if len(members) > 500:
            return [{"field": "members", "message": "You can only subscribe or update up to 500 members per "
                     "call; %d were sent." % len(members)}]
        errors = []
        for flag in ("update_existing", "sync_tags"):
            if flag in body and not isinstance(body[flag], bool):
                errors.append({"field": flag, "message": "Schema describes boolean, %s found instead"
                               % type(body[flag]).__name__})
        for index, item in enumerate(members):
            where = "members.%d" % index
            if not isinstance(item, dict):
                errors.append({"field": where, "message": "Schema describes object."})
                continue
            if not isinstance(item.get("email_address"), str) or not item["email_address"].strip():
                errors.append({"field": where + ".email_address", "message": "This value should not be blank."})
            if item.get("status") not in WRITABLE:
                errors.append({"field": where + ".status", "message": "Data did not match any of the schemas "
                               "described in anyOf."})
            for name, value in (item.get("merge_fields") or {}).items():
                if not isinstance(value, (str, int, float, dict)):
                    errors.append({"field": where + ".merge_fields." + name, "message": "Invalid value."})
            tags = item.get("tags")
            if tags is not None and (not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)):
                errors.append({"field": where + ".tags", "message": "Schema describes array, string found instead"})
            if "status_if_new" in item:
                errors.append({"field": where + ".status_if_new", "message": "Additional properties are not "
                               "allowed ('status_if_new' was unexpected)."})
        return errors

    def patch_member(self, audience, key, body):
        invalid = self.validate_statuses(body)
        if invalid:
            return invalid
        member = audience["members"].get(key)
        if member is None or key in audience["forgotten"]:
            return self.not_found()
        if "status" in body:
            before = member["status"]
            error = self.change_status(member, body["status"])
            if error:
                return error
            self.notify_change(member["list_id"], member, before, "api")
        self.apply(member, body)
        return Response(200, member)

    def get_member(self, audience, key):
        member = audience["members"].get(key)
        if member is None:
            return self.not_found()
        return Response(200, member)

    def archive(self, audience, key):
        member = audience["members"].get(key)
        if member is None or member["status"] == "archived":
            return self.not_found()
        member["status"] = "archived"
        self.writes += 1
        return Response(204)

    def delete_permanent(self, audience, key):
        if key not in audience["members"]:
            return self.not_found()
        del audience["members"][key]
        audience["forgotten"].add(key)
        self.writes += 1
        return Response(204)

    def set_tag(self, audience, member, name, active):
        tag_id = audience["tag_ids"].setdefault(name, len(audience["tag_ids"]) + 1)
        member["tags"] = [t for t in member["tags"] if t["name"] != name]
        if active:
            member["tags"].append({"id": tag_id, "name": name})
        member["tags_count"] = len(member["tags"])

    def post_tags(self, audience, key, body):
        member = audience["members"].get(key)
        if member is None:
            return self.not_found()
        tags = (body or {}).get("tags")
        errors = []
        if not isinstance(tags, list):
            errors.append({"field": "tags", "message": "This value should not be blank."})
        else:
            for index, tag in enumerate(tags):
                if not isinstance(tag, dict) or not tag.get("name") or tag.get("status") not in ("active", "inactive"):
                    errors.append({"field": "tags.%d" % index, "message": "Invalid tag."})
        if errors:
            return problem(400, "Invalid Resource", "The resource submitted could not be validated. "
                           "For field-specific details, see the 'errors' array.", errors)
        for tag in tags:
            self.set_tag(audience, member, tag["name"], tag["status"] == "active")
        self.writes += 1
        return Response(204)

    def get_tags(self, audience, key):
        member = audience["members"].get(key)
        if member is None:
            return self.not_found()
        tags = [{"id": t["id"], "name": t["name"], "date_added": member["last_changed"]} for t in member["tags"]]
        return Response(200, {"tags": tags, "total_items": len(tags)})

    def list_members(self, list_id, audience, request):
        status = (request.query.get("status") or [None])[0]
        count = int((request.query.get("count") or ["10"])[0])
        offset = int((request.query.get("offset") or ["0"])[0])
        if count > 1000:
            return problem(400, "Invalid Resource", "The resource submitted could not be validated.",
                           [{"field": "count", "message": "count must be at most 1000"}])
        since = None
        if request.query.get("since_last_changed"):
            since = parse_iso(request.query["since_last_changed"][0])
            if since is None:
                return problem(400, "Invalid Resource", "The resource submitted could not be validated.",
                               [{"field": "since_last_changed", "message": "Invalid date-time format."}])
        members = [m for m in audience["members"].values() if (status is None or m["status"] == status)
                   and (since is None or parse_iso(m["last_changed"]) >= since)]
        return Response(200, {"members": members[offset:offset + count], "list_id": list_id,
                              "total_items": len(members)})

    # -- webhooks --------------------------------------------------------------------------------------

    def webhooks(self, list_id, audience, rest, method, body):
        if not rest:
            if method == "GET":
                hooks = list(audience["webhooks"].values())
                return Response(200, {"webhooks": hooks, "list_id": list_id, "total_items": len(hooks)})
            if method == "POST":
                return self.create_webhook(list_id, audience, body or {})
            return self.bad_method()
        hook = audience["webhooks"].get(rest[0])
        if hook is None or len(rest) > 1:
            return self.not_found()
        if method == "GET":
            return Response(200, hook)
        if method == "DELETE":
            del audience["webhooks"][rest[0]]
            return Response(204)
        return self.bad_method()

    def create_webhook(self, list_id, audience, body):
        url = body.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return problem(400, "Invalid Resource", "The resource submitted could not be validated. "
                           "For field-specific details, see the 'errors' array.",
                           [{"field": "url", "message": "This value should not be blank."}])
        # Mailchimp checks the URL with a GET before it saves the webhook. The wait is generous: the whole test
        # suite runs at once on a small machine, and a slow answer here is the machine, not the receiver.
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="GET"), timeout=20) as answer:
                ok = answer.status == 200
        except (urllib.error.URLError, OSError, ValueError):
            ok = False
        if not ok:
            return problem(400, "Invalid Resource", "The resource submitted could not be validated. "
                           "For field-specific details, see the 'errors' array.",
                           [{"field": "url", "message": "We couldn't verify the URL is working. Please double-check "
                             "and try again."}])
        events = {name: bool((body.get("events") or {}).get(name, True)) for name in WEBHOOK_EVENTS}
        sources = {name: bool((body.get("sources") or {}).get(name, name != "api")) for name in WEBHOOK_SOURCES}
        hook = {"id": uuid.uuid4().hex[:10], "url": url, "events": events, "sources": sources, "list_id": list_id}
        audience["webhooks"][hook["id"]] = hook
        return Response(200, hook)

    def notify_change(self, list_id, member, before, source):
        after = member["status"]
        if after == before:
            return []
        if after == "unsubscribed":
            return self.notify(list_id, "unsubscribe", member, source, {"action": "unsub", "reason": "manual"})
        if after == "cleaned":
            return self.notify(list_id, "cleaned", member, source, {"reason": "hard"})
        if after == "subscribed":
            return self.notify(list_id, "subscribe", member, source)
        return []

    def notify(self, list_id, kind, member, source, extra=None, repeat=1):
        """Delivers one webhook of ``kind`` to every webhook of the list that wants it; returns the statuses."""
        fields = [("type", kind), ("fired_at", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")),
                  ("data[id]", member["id"]), ("data[list_id]", list_id), ("data[email]", member["email_address"]),
                  ("data[email_type]", member["email_type"]), ("data[ip_opt]", "198.51.100.7")]
        for tag, value in member["merge_fields"].items():
            if isinstance(value, str):
                fields.append(("data[merges][%s]" % tag, value))
        fields.append(("data[merges][EMAIL]", member["email_address"]))
        for name, value in (extra or {}).items():
            fields.append(("data[%s]" % name, value))
        body = urllib.parse.urlencode(fields).encode("utf-8")
        statuses = []
        for hook in self.lists[list_id]["webhooks"].values():
            if not hook["events"].get(kind) or not hook["sources"].get(source):
                continue
            for _ in range(repeat):
                statuses.append(self.deliver(hook["url"], body, "application/x-www-form-urlencoded"))
        return statuses

    def deliver(self, url, body, content_type):
        status = post(url, body, content_type, user_agent="MailChimp")
        self.deliveries.append({"url_path": urllib.parse.urlsplit(url).path.rsplit("/", 1)[0], "status": status})
        return status

    def control(self, request):
        if request.raw_path == "/__emails" and request.method == "GET":
            # The addresses held in the first audience, without the rest of /__state (a benchmark's 100,000).
            members = next(iter(self.lists.values()))["members"].values()
            return Response(200, {"emails": sorted(m["email_address"] for m in members)})
        if request.raw_path != "/__act" or request.method != "POST":
            return None
        spec = json.loads(request.body or b"{}")
        list_id = spec.get("list") or next(iter(self.lists))
        audience = self.lists.get(list_id)
        if audience is None:
            return Response(404, {"error": "no such list"})
        member = audience["members"].get(subscriber_hash(spec.get("email", "")))
        if member is None:
            return Response(404, {"error": "no such member"})
        action = spec.get("action")
        if action == "confirm":
            if member["status"] != "pending":
                return Response(409, {"error": "member is %s, not pending" % member["status"]})
            member["status"] = "subscribed"
            member["timestamp_opt"] = now_iso()
            kind, extra = "subscribe", None
        elif action in ("unsubscribe", "complain"):
            member["status"] = "unsubscribed"
            reason = "abuse" if action == "complain" else "manual"
            member["unsubscribe_reason"] = "abuse" if action == "complain" else "N/A (Unsubscribed by the contact)"
            kind, extra = "unsubscribe", {"action": "unsub", "reason": reason}
        elif action == "bounce":
            member["status"] = "cleaned"
            kind, extra = "cleaned", {"reason": "hard"}
        else:
            return Response(400, {"error": "action must be unsubscribe, complain, bounce or confirm"})
        member["last_changed"] = now_iso()
        deliveries = []
        if spec.get("fire", True):
            deliveries = self.notify(list_id, kind, member, "user", extra, repeat=int(spec.get("repeat", 1)))
        return Response(200, {"deliveries": deliveries, "status": member["status"]})

    def lists_holding(self, request):
        email = (request.query.get("email") or [None])[0]
        result = []
        for lid, audience in self.lists.items():
            if email is None or subscriber_hash(email) in audience["members"]:
                result.append({"id": lid, "name": "Audience " + lid})
        return Response(200, {"lists": result, "total_items": len(result)})

    def search(self, request):
        query = ((request.query.get("query") or [""])[0]).strip().lower()
        list_id = (request.query.get("list_id") or [None])[0]
        exact = []
        for lid, audience in self.lists.items():
            if list_id and lid != list_id:
                continue
            exact += [m for m in audience["members"].values() if m["email_address"].lower() == query]
        return Response(200, {"exact_matches": {"members": exact, "total_items": len(exact)},
                              "full_search": {"members": [], "total_items": 0}})


if __name__ == "__main__":
    main(Mailchimp, "Mailchimp Marketing API v3 emulator")
