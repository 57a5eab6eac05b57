#!/usr/bin/env python3
"""Drives Debian's headless Chromium through the DevTools protocol over a pipe, with Python's standard library only.

usage: drive.py CHROMIUM STEPS.json PROFILE_DIR

Chromium is started with --remote-debugging-pipe (it reads commands on fd 3 and writes answers on fd 4, each a JSON
message ended by a NUL byte). STEPS.json is a list; each step is one of
  {"go": URL}                      navigate and wait for the page to load
  {"fill": CSS, "value": TEXT}     set an input's, select's or textarea's value
  {"click": CSS}                   click (a submit button or a link: waits for the next page to load)
  {"check": CSS}                   tick a checkbox
  {"tab": NAME}                    switch to the tab NAME, opening it the first time (cookies are shared)
  {"fill": CSS, "match": REGEX}    fill with the first match of REGEX in the text last read ("text" or "until")
  {"until": TEXT, "reload": URL, "tries": N}
                                   load URL until its text contains TEXT (mail written in the background),
                                   at most N loads; returns the page's text
  {"text": true}                   the page's visible text (document.body.innerText)
  {"url": true}                    the page's address
  {"value": CSS}                   a form field's current value (radio and checkbox: whether it is ticked)
  {"shot": PATH}                   a PNG screenshot of the page
  {"download": CSS, "dir": PATH}   click a link whose answer is an attachment, wait for the file in PATH;
                                   returns its text
The results, one per step (null where a step returns nothing), are printed as a JSON list. A failure prints
{"error": ..., "step": N} and exits 1.
"""
import base64
import json
import os
import re
import select
import subprocess
import sys
import time

TIMEOUT = 90


class Browser:
    def __init__(self, chromium, profile):
        to_chromium_r, self.to_chromium = os.pipe()
        self.from_chromium, from_chromium_w = os.pipe()

        def wire():
            # Copies first, so that a pipe end already numbered 3 or 4 is not overwritten; os.dup2 makes the
            # targets inheritable (Python opens pipes close-on-exec).
            reading, writing = os.dup(to_chromium_r), os.dup(from_chromium_w)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--remote-debugging-pipe", "--user-data-dir=" + profile, "--window-size=1200,900", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chromium_r)
        os.close(from_chromium_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.tabs = {}
        self.last_text = ""
        self.switch("main")

    def switch(self, name):
        if name not in self.tabs:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.call("Page.enable", session=True)
            self.call("Runtime.enable", session=True)
            self.tabs[name] = self.session
        self.session = self.tabs[name]
        # A tab in the background renders no frames, so a screenshot of it waits for one that never comes: the tab
        # being driven is always the one in front.
        self.call("Page.bringToFront", session=True)

    def read(self):
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.from_chromium], [], [], TIMEOUT)
            if not ready:
                raise RuntimeError("no answer from chromium in %d s" % TIMEOUT)
            chunk = os.read(self.from_chromium, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=False):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self.session
        os.write(self.to_chromium, json.dumps(message).encode() + b"\0")
        while True:
            answer = self.read()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError("%s: %s" % (method, answer["error"].get("message")))
                return answer.get("result", {})
            self.events.append(answer.get("method"))

    def wait_for_load(self):
        while "Page.loadEventFired" not in self.events:
            self.events.append(self.read().get("method"))
        self.events.clear()

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=True)
        if "exceptionDetails" in result:
            raise RuntimeError("script failed: " + result["exceptionDetails"].get("text", ""))
        return result.get("result", {}).get("value")

    def element(self, css):
        return "document.querySelector(%s)" % json.dumps(css)

    def step(self, step):
        if "go" in step:
            self.events.clear()
            self.call("Page.navigate", {"url": step["go"]}, session=True)
            self.wait_for_load()
            return None
        if "tab" in step:
            self.switch(step["tab"])
            return None
        if "fill" in step:
            value = step.get("value")
            if "match" in step:
                found = re.search(step["match"], self.last_text)
                if not found:
                    raise RuntimeError("no match for %r in the last text" % step["match"])
                value = found.group(0)
            found = self.evaluate("(e => { if (!e) return false; e.value = %s; return true })(%s)"
                                  % (json.dumps(value), self.element(step["fill"])))
            if not found:
                raise RuntimeError("no element " + step["fill"])
            return None
        if "click" in step:
            self.events.clear()
            kind = self.evaluate("(e => { if (!e) return null; const t = e.tagName === 'A' ? 'link' : e.type; "
                                 "e.click(); return t })(%s)" % self.element(step["click"]))
            if kind is None:
                raise RuntimeError("no element " + step["click"])
            if kind in ("submit", "link"):
                self.wait_for_load()
            return None
        if "check" in step:
            if not self.evaluate("(e => { if (!e) return false; e.checked = true; return true })(%s)"
                                 % self.element(step["check"])):
                raise RuntimeError("no element " + step["check"])
            return None
        if "until" in step:
            for _ in range(step.get("tries", 50)):
                self.step({"go": step["reload"]})
                text = self.evaluate("document.body.innerText")
                if step["until"] in text:
                    self.last_text = text
                    return text
            raise RuntimeError("%s never showed %r" % (step["reload"], step["until"]))
        if "text" in step:
            self.last_text = self.evaluate("document.body.innerText")
            return self.last_text
        if "value" in step and "fill" not in step:
            return self.evaluate("(e => e ? String(e.type === 'radio' || e.type === 'checkbox' ? e.checked : e.value)"
                                 " : null)(%s)" % self.element(step["value"]))
        if "url" in step:
            return self.evaluate("location.href")
        if "download" in step:
            return self.download(step["download"], step["dir"])
        if "shot" in step:
            data = self.call("Page.captureScreenshot", {"format": "png"}, session=True)["data"]
            with open(step["shot"], "wb") as file:
                file.write(base64.b64decode(data))
            return None
        raise RuntimeError("unknown step %s" % sorted(step))

    def download(self, css, folder):
        # An attachment loads no page: Chromium saves it into the folder, where the file is read once complete.
        os.makedirs(folder, exist_ok=True)
        self.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder})
        before = set(os.listdir(folder))
        if not self.evaluate("(e => { if (!e) return false; e.click(); return true })(%s)" % self.element(css)):
            raise RuntimeError("no element " + css)
        for _ in range(400):
            done = [name for name in os.listdir(folder) if name not in before and not name.endswith(".crdownload")]
            if done:
                with open(os.path.join(folder, done[0]), encoding="utf-8") as file:
                    return file.read()
            time.sleep(0.05)
        raise RuntimeError("no download from " + css)

    def close(self):
        self.process.kill()
        self.process.wait()


def main():
    chromium, steps_file, profile = sys.argv[1:4]
    with open(steps_file) as file:
        steps = json.load(file)
    browser = Browser(chromium, profile)
    results = []
    try:
        for number, step in enumerate(steps):
            try:
                results.append(browser.step(step))
            except Exception as error:  # reported to the test, which fails with it
                print(json.dumps({"error": str(error), "step": number, "results": results}))
                return 1
    finally:
        browser.close()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
