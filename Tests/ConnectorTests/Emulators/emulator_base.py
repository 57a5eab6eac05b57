"""Shared plumbing for pdgate's loopback API emulators (test code, Python 3 standard library only).

Each emulator is a ThreadingHTTPServer speaking keep-alive HTTP/1.1 on 127.0.0.1. On start it prints
``PORT <n>`` on stdout; it exits when its stdin closes, so a test that dies cannot leave it running.

Control endpoints (never faulted):
  GET  /__state   what the "service" holds now (emulator specific JSON)
  GET  /__stats   request and fault counters
  POST /__faults  {"p500": .1, "p503": .05, "p429": .05, "retry_after": 1, "p_drop": .05, "p_drop_after": .05,
                   "p_slow": .02, "slow_seconds": 2, "seed": 7}  (probabilities per API request; {} = none)
  POST /__reset   forget everything (state and counters)
  POST /__seed    emulator-specific fixtures (for example call history)
  (others)        emulator-specific, see App.control (for example Voximplant's GET /__service_account)

Faults: 500 and 503 answer with the API's own error body for that status, 429 with a ``Retry-After`` header,
``p_drop`` closes the connection without answering *before* applying the request, ``p_drop_after`` applies it
and then closes without answering (the case idempotency must survive), ``p_slow`` answers after
``slow_seconds`` (beyond the client's timeout).
"""

import argparse
import asyncio
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Faults:
    KEYS = ("p500", "p503", "p429", "p_drop", "p_drop_after", "p_slow")

    def __init__(self):
        self.lock = threading.Lock()
        self.configure({})

    def configure(self, spec):
        with self.lock:
            self.spec = {k: float(spec.get(k, 0)) for k in self.KEYS}
            self.retry_after = spec.get("retry_after", 1)
            self.slow_seconds = float(spec.get("slow_seconds", 2))
            self.rng = random.Random(spec.get("seed"))
            self.active = any(self.spec.values())

    def draw(self):
        """Returns one of None, '500', '503', '429', 'drop', 'drop_after', 'slow'."""
        if not self.active:  # nothing configured: no draw (configure() reseeds, so the sequence is unchanged)
            return None
        with self.lock:
            roll = self.rng.random()
        acc = 0.0
        for key, name in (("p500", "500"), ("p503", "503"), ("p429", "429"), ("p_drop", "drop"),
                          ("p_drop_after", "drop_after"), ("p_slow", "slow")):
            acc += self.spec[key]
            if roll < acc:
                return name
        return None


class Response:
    def __init__(self, status, body=b"", headers=None, content_type="application/json"):
        self.status = status
        if isinstance(body, (dict, list)):
            body = json.dumps(body, ensure_ascii=False).encode("utf-8")
        elif isinstance(body, str):
            body = body.encode("utf-8")
        self.body = body
        self.headers = dict(headers or {})
        if body and content_type:
            self.headers.setdefault("Content-Type", content_type)


def post(url, body, content_type, user_agent="emulator"):
    """POSTs a webhook the way a service does and returns the HTTP status it got (0: no answer)."""
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": content_type, "User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as failure:
        return failure.code
    except (urllib.error.URLError, OSError):
        return 0


class App:
    """Base class: subclasses implement handle() and state()."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.RLock()

    def handle(self, request):  # -> Response
        raise NotImplementedError

    def state(self):
        return {}

    def reset(self):
        pass

    def seed(self, body):
        return Response(404, {"error": "this emulator has no fixtures"})

    def control(self, request):
        """An emulator's own control endpoint (``/__<name>``), or None for 404."""
        return None

    def fault_response(self, status, request):
        """The API's own body for an injected 5xx or 429."""
        return Response(status, {"error": "injected fault", "status": status})

    @staticmethod
    def add_arguments(parser):
        pass


class Headers:
    """Case-insensitive header lookup (the asyncio engine's stand-in for http.client's message)."""

    def __init__(self, pairs):
        self._values = {}
        for name, value in pairs:
            self._values.setdefault(name.lower(), value)

    def get(self, name, default=None):
        return self._values.get(name.lower(), default)


class Request:
    def __init__(self, method, target, headers, body):
        if target.startswith("/") and not target.startswith("//") and "#" not in target:
            # The common origin-form target: what urlsplit would give, without its cost.
            path, _, query = target.partition("?")
        else:
            parsed = urllib.parse.urlsplit(target)
            path, query = parsed.path, parsed.query
        self.method = method
        self.raw_path = path
        self.path = urllib.parse.unquote(path) if "%" in path else path
        self.raw_query = query
        self.query = urllib.parse.parse_qs(query, keep_blank_values=True) if query else {}
        self.headers = headers
        self.body = body
        self.delay = 0.0

    def header(self, name, default=None):
        return self.headers.get(name, default)

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def form(self):
        """Query and urlencoded body merged (body wins), as {name: [values]}."""
        merged = {k: list(v) for k, v in self.query.items()}
        ctype = (self.header("Content-Type") or "").split(";")[0].strip().lower()
        if self.body and ctype in ("application/x-www-form-urlencoded", ""):
            for k, v in urllib.parse.parse_qs(self.body.decode("utf-8"), keep_blank_values=True).items():
                merged[k] = v
        return merged


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "emulator/1.0"
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet: request lines may carry test e-mails
        pass

    def setup(self):
        super().setup()
        count_connection(self.server)

    def _read_body(self):
        length = self.headers.get("Content-Length")
        if length:
            return self.rfile.read(int(length))
        if (self.headers.get("Transfer-Encoding") or "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        return b""

    def _send(self, response):
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, str(value))
        self.send_header("Content-Length", str(len(response.body)))
        # Headers and body in one write: separate small writes meet delayed ACKs and cost ~40 ms each.
        self._headers_buffer.append(b"\r\n")
        if response.body and self.command != "HEAD":
            self._headers_buffer.append(response.body)
        self.flush_headers()

    def _drop(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _dispatch(self):
        body = self._read_body()
        request = Request(self.command, self.path, self.headers, body)
        response = process(self.server, request, time.sleep)
        if response is None:
            return self._drop()
        try:
            self._send(response)
        except (UnicodeError, ValueError) as error:  # an emulator bug: say so and close, never hang the client
            sys.stderr.write("emulator error while answering: %r\n" % (error,))
            self._drop()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _dispatch


def count_connection(server):
    """Counts accepted connections (``connections`` in /__stats), to check clients keep them alive."""
    with server.counter_lock:
        server.counters["connections"] = server.counters.get("connections", 0) + 1


def process(server, request, sleep):
    """Control endpoints, fault injection, then the app. Returns the response, or None to drop the connection."""
    if request.raw_path.startswith("/__"):
        return control(server, request)
    with server.counter_lock:
        server.counters["requests"] += 1
    fault = server.faults.draw()
    if fault:
        with server.counter_lock:
            server.counters["fault_" + fault] = server.counters.get("fault_" + fault, 0) + 1
    if fault == "drop":
        return None
    if fault in ("500", "503"):
        return server.app.fault_response(int(fault), request)
    if fault == "429":
        response = server.app.fault_response(429, request)
        response.headers["Retry-After"] = str(server.faults.retry_after)
        return response
    if fault == "slow":
        sleep(server.faults.slow_seconds)
    try:
        response = server.app.handle(request)
    except Exception as error:  # an emulator bug must be visible, not a hang
        sys.stderr.write("emulator error: %r\n" % (error,))
        response = Response(500, {"emulator_error": type(error).__name__})
    if fault == "drop_after":
        return None
    return response


def control(server, request):
    if request.raw_path == "/__state" and request.method == "GET":
        with server.app.lock:
            return Response(200, server.app.state())
    if request.raw_path == "/__stats" and request.method == "GET":
        with server.counter_lock:
            return Response(200, dict(server.counters))
    if request.raw_path == "/__faults" and request.method == "POST":
        server.faults.configure(json.loads(request.body or b"{}"))
        return Response(200, {"ok": True})
    if request.raw_path == "/__reset" and request.method == "POST":
        with server.app.lock:
            server.app.reset()
        with server.counter_lock:
            server.counters.clear()
            server.counters["requests"] = 0
        server.faults.configure({})
        return Response(200, {"ok": True})
    if request.raw_path == "/__seed" and request.method == "POST":
        with server.app.lock:
            return server.app.seed(json.loads(request.body or b"{}"))
    with server.app.lock:
        extra = server.app.control(request)
    return extra or Response(404, {"error": "unknown control endpoint"})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def __init__(self, address, app):
        super().__init__(address, Handler)
        self.app = app
        self.faults = Faults()
        self.counter_lock = threading.Lock()
        self.counters = {"requests": 0}


_STATUS_LINES = {status.value: "HTTP/1.1 %d %s" % (status.value, status.phrase) for status in HTTPStatus}


class _AsyncProtocol(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection of the asyncio engine; requests are answered in order."""

    def __init__(self, engine):
        self.engine = engine
        self.buffer = b""
        self.busy = False
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport
        count_connection(self.engine)
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data):
        self.buffer += data
        self._next()

    def _next(self):
        while not self.busy and self.transport is not None and not self.transport.is_closing():
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = self.buffer[:end].decode("latin-1").split("\r\n")
            try:
                method, target, version = lines[0].split(" ", 2)
            except ValueError:
                self.transport.close()
                return
            pairs = []
            for line in lines[1:]:
                name, _, value = line.partition(":")
                pairs.append((name.strip(), value.strip()))
            headers = Headers(pairs)
            length = int(headers.get("Content-Length") or 0)
            total = end + 4 + length
            if len(self.buffer) < total:
                return
            body = self.buffer[end + 4:total]
            self.buffer = self.buffer[total:]
            request = Request(method, target, headers, body)
            response = process(self.engine, request, lambda seconds: setattr(request, "delay", seconds))
            close = version == "HTTP/1.0" or (headers.get("Connection") or "").lower() == "close"
            if request.delay:
                self.busy = True
                asyncio.get_running_loop().call_later(request.delay, self._finish, response, close)
                return
            self._finish(response, close, resume=False)

    def _finish(self, response, close, resume=True):
        self.busy = False
        if self.transport is None or self.transport.is_closing():
            return
        if response is None:
            self.transport.abort()
            return
        head = [_STATUS_LINES.get(response.status) or "HTTP/1.1 %d %s" % (response.status,
                                                                          HTTPStatus(response.status).phrase)]
        for name, value in response.headers.items():
            head.append("%s: %s" % (name, value))
        head.append("Content-Length: %d" % len(response.body))
        if close:
            head.append("Connection: close")
        self.transport.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + response.body)
        if close:
            self.transport.close()
        elif resume:
            self._next()

    def connection_lost(self, exc):
        self.transport = None


class AsyncServer:
    """The same emulator on one asyncio event loop: no thread hand-offs, for throughput measurements.

    Requests are handled one at a time, so per-key concurrency limits never trigger here, and an app's
    artificial latency blocks the loop; use the threaded engine (the default) for those tests.
    """

    def __init__(self, address, app):
        self.app = app
        self.faults = Faults()
        self.counter_lock = threading.Lock()
        self.counters = {"requests": 0}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(address)
        self.sock.listen(512)
        self.server_address = self.sock.getsockname()

    def serve_forever(self, poll_interval=None):
        async def run():
            server = await asyncio.get_running_loop().create_server(lambda: _AsyncProtocol(self), sock=self.sock)
            async with server:
                await server.serve_forever()
        asyncio.run(run())


def _exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(1024):
            pass
    except Exception:
        pass
    os._exit(0)


def main(app_class, description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--faults", default="{}", help="initial fault spec as JSON (see /__faults)")
    parser.add_argument("--no-stdin-watch", action="store_true", help="keep running when stdin closes")
    parser.add_argument("--engine", choices=("threaded", "asyncio"), default="threaded",
                        help="threaded: ThreadingHTTPServer (default); asyncio: one event loop, for benchmarks")
    app_class.add_arguments(parser)
    args = parser.parse_args()
    app = app_class(args)
    server = (AsyncServer if args.engine == "asyncio" else Server)(("127.0.0.1", args.port), app)
    server.faults.configure(json.loads(args.faults))
    if not args.no_stdin_watch:
        threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    sys.stdout.write("PORT %d\n" % server.server_address[1])
    sys.stdout.flush()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
