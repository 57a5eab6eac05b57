#!/usr/bin/env python3
"""A webhook receiver that checks pdgate's signed events with Python's own hmac (an independent implementation).

Accepts ``POST`` JSON on any path, signed in one of two styles:
- ``stripe``: header ``X-PDGate-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "{t}.{raw body}">`` (several ``v1``
  allowed during secret rotation), keyed with the secret string as given;
- ``standard`` (Standard Webhooks 1.0): ``webhook-id``, ``webhook-timestamp``, ``webhook-signature: v1,<base64>``
  over ``"{id}.{timestamp}.{raw body}"``, keyed with the base64-decoded part of ``whsec_…``.
A missing or wrong signature → 401; a timestamp outside ±``--tolerance`` seconds (300) → 400 (replay window).
Deliveries are deduplicated on ``webhook-id``: a repeat answers 200 without a second effect (``duplicates``
counts them in ``/__state``). Events ``person.upsert``, ``person.suppress``, ``person.erase`` and ``person.access``
change or report the receiver's copy; ``person.erase`` answers ``{"status": "erased" | "not_found"}``, and
``person.access`` ``{"fields": {...}}`` or 404.
"""

import base64
import hashlib
import hmac
import json
import time

from emulator_base import App, Response, main


class Webhook(App):
    @staticmethod
    def add_arguments(parser):
        parser.add_argument("--secret", default="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        parser.add_argument("--style", choices=("stripe", "standard"), default="stripe")
        parser.add_argument("--tolerance", type=int, default=300)

    def __init__(self, args):
        super().__init__(args)
        self.reset()

    def reset(self):
        self.people = {}
        self.seen = {}
        self.events = []
        self.duplicates = 0
        self.rejected = 0

    def state(self):
        return {"people": self.people, "events": self.events, "duplicates": self.duplicates,
                "rejected": self.rejected}

    def fault_response(self, status, request):
        return Response(status, {"error": "injected"})

    def verify(self, request):
        body = request.body
        if self.args.style == "stripe":
            header = request.header("X-PDGate-Signature") or ""
            parts = [p.split("=", 1) for p in header.split(",") if "=" in p]
            stamps = [v for k, v in parts if k == "t"]
            signatures = [v for k, v in parts if k == "v1"]
            if not stamps or not signatures:
                return None, Response(401, {"error": "missing signature"})
            stamp = stamps[0]
            expected = hmac.new(self.args.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
            if not any(hmac.compare_digest(expected, s) for s in signatures):
                return None, Response(401, {"error": "bad signature"})
        else:
            msg_id = request.header("webhook-id")
            stamp = request.header("webhook-timestamp")
            header = request.header("webhook-signature") or ""
            if not msg_id or not stamp or not header:
                return None, Response(401, {"error": "missing signature"})
            secret = self.args.secret
            key = base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)
            signed = msg_id.encode() + b"." + stamp.encode() + b"." + body
            expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
            candidates = [p.split(",", 1)[1] for p in header.split(" ") if p.startswith("v1,")]
            if not any(hmac.compare_digest(expected, c) for c in candidates):
                return None, Response(401, {"error": "bad signature"})
        try:
            stamp_value = int(stamp)
        except ValueError:
            return None, Response(400, {"error": "bad timestamp"})
        if abs(time.time() - stamp_value) > self.args.tolerance:
            return None, Response(400, {"error": "timestamp outside the tolerance"})
        return request.header("webhook-id") or request.header("Idempotency-Key"), None

    def handle(self, request):
        if request.method != "POST":
            return Response(405, {"error": "POST only"})
        event_id, error = self.verify(request)
        if error:
            with self.lock:
                self.rejected += 1
            return error
        try:
            event = json.loads(request.body)
        except ValueError:
            return Response(400, {"error": "not JSON"})
        with self.lock:
            if event_id and event_id in self.seen:
                self.duplicates += 1
                return Response(200, self.seen[event_id])
            answer = self.apply(event)
            if event_id:
                self.seen[event_id] = answer
            self.events.append({"id": event_id, "type": event.get("type")})
            if answer is None:
                return Response(404, {"status": "not_found"})
            return Response(200, answer)

    def apply(self, event):
        kind, data = event.get("type"), event.get("data") or {}
        subject = data.get("subject")
        if kind == "person.upsert":
            self.people[subject] = {"fields": data.get("fields", {}), "tags": data.get("tags", []),
                                    "suppressed": None}
            return {"status": "ok"}
        if kind == "person.suppress":
            if subject in self.people:
                self.people[subject]["suppressed"] = data.get("reason")
            return {"status": "ok"}
        if kind == "person.erase":
            return {"status": "erased" if self.people.pop(subject, None) is not None else "not_found"}
        if kind == "person.access":
            person = self.people.get(subject)
            return None if person is None else {"fields": person["fields"], "notes": ["held by the test receiver"]}
        return {"status": "ignored"}


if __name__ == "__main__":
    main(Webhook, "Signed webhook receiver")
