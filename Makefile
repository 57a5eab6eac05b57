# pdgate — make run | make test | make bench
SWIFT ?= swift
DATA ?= pdgate-data
DEB_DEPS := libsodium-dev libsqlite3-dev libcurl4-openssl-dev zlib1g-dev python3 python3-aiosmtpd openssl
PDGATE := .build/debug/pdgate
PDGATE_RELEASE := .build/release/pdgate

.PHONY: deps postgres-deps test-deps build run test bench clean crash-nightly fuzz fuzz-http invariants

## deps: install the Debian packages pdgate links against, when missing
deps:
	@missing=""; for p in $(DEB_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

## run: the gateway on the embedded default: ./pdgate-data (SQLite), a copy of Policies/ in which your account is the
##      privacy officer, a generated master key,
##      the demo customers imported once, a fresh one-day console token printed, then `pdgate serve` on HOST:PORT
##      with the development inbox: every e-mail (privacy-center codes, messages to requesters) is written to
##      DATA/dev-inbox/ and listed at http://HOST:PORT/dev/inbox instead of being sent
HOST ?= 127.0.0.1
PORT ?= 8080
# The demo's pdgate: every command of `make run` on the demo's copy of the policies.
DEMO_PDGATE = PDGATE_POLICIES=$(DATA)/demo-policies $(PDGATE)
run: build
	@# The demo's policies: a copy of Policies/ in which the account running `make run` is the privacy officer
	@# (roles.yaml `accounts:`), refreshed on every start. Production runs on Policies/ with your staff's accounts.
	@rm -rf $(DATA)/demo-policies && mkdir -p $(DATA) && cp -R Policies $(DATA)/demo-policies && \
	me=$$(id -un) && if ! grep -q "^  $$me:" $(DATA)/demo-policies/roles.yaml; then \
		printf '  %s: {role: privacy_officer, name: "Demo operator", position: "privacy officer"}\n' "$$me" \
			>> $(DATA)/demo-policies/roles.yaml; \
	fi
	@if [ ! -f "$(DATA)/master.key" ]; then \
		$(DEMO_PDGATE) init --data $(DATA) && \
		$(DEMO_PDGATE) import Demo/customers-demo.csv --data $(DATA); \
	fi
	@$(DEMO_PDGATE) audit verify --data $(DATA)
	@token=$$($(DEMO_PDGATE) token create --data $(DATA) --role privacy_officer \
		--name "make-run-$$(date +%Y%m%d%H%M%S)" --days 1 2>/dev/null) && \
	echo "" && echo "Console: http://$(HOST):$(PORT)/console/login" && \
	echo "Token (privacy_officer, valid 1 day; paste it on the login page or send it as Bearer):" && \
	echo "  $$token" && echo ""
	$(DEMO_PDGATE) serve --data $(DATA) --host $(HOST) --port $(PORT) --dev-inbox

## postgres-deps: Debian's PostgreSQL server, when missing (the storage tests start a throwaway cluster of their own
##                on loopback as an unprivileged user and remove it afterwards; without it they run on SQLite only)
postgres-deps:
	@if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "Installing postgresql"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; \
	fi

## test-deps: what the tests drive besides pdgate: Debian's Chromium (console and privacy-center screenshots),
##            LibreOffice (written workbooks must open in a spreadsheet) and nginx (two `pdgate serve` behind a
##            round-robin balancer); the OpenAPI validator and schemathesis (the HTTP contract suite, fixed seed)
##            from PyPI. A test whose tool is missing fails; it never passes without
##            running.
TEST_DEB_DEPS := chromium libreoffice-calc-nogui nginx-light
PIP_TEST_DEPS := openapi-spec-validator==0.9.0 schemathesis==4.32.5
test-deps:
	@missing=""; for p in $(TEST_DEB_DEPS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@python3 -c "import openapi_spec_validator, schemathesis; assert schemathesis.__version__ == '4.32.5'" \
		2>/dev/null || python3 -m pip install --quiet $(PIP_TEST_DEPS)

## test: unit, integration and end-to-end tests (the storage tests on SQLite and on PostgreSQL)
test: deps postgres-deps test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: the release build's figures on generated customers: import throughput and memory (100,000), an
##        erasure, an access answer and a purge (10,000), lookups by e-mail over HTTP beside /livez (20,000); add
##        PDGATE_DATABASE and PDGATE_KEY_DATABASE (empty PostgreSQL databases) for the same on PostgreSQL
bench: deps
	$(SWIFT) build -c release
	$(PDGATE_RELEASE) bench import --rows 100000
	$(PDGATE_RELEASE) bench requests --customers 10000
	$(PDGATE_RELEASE) bench lookup --customers 20000 --seconds 5

## crash-nightly: the crash suite with 120 SIGKILL trials (make test runs 5)
CRASH_TRIALS ?= 120
crash-nightly: deps
	$(SWIFT) build --build-tests
	PDGATE_CRASH_TRIALS=$(CRASH_TRIALS) $(SWIFT) test --skip-build --filter ReliabilityTests.CrashTests

## invariants: the invariant explorer's long run: INVARIANT_STEPS generated steps on each backend (SQLite and
##             PostgreSQL, side by side), every invariant checked after each, with Mailchimp and UniSender emulators
##             behind a ~30 % fault rate on the syncs; INVARIANT_SEED replays a reported failure (batches of
##             INVARIANT_BATCH steps in sequences of INVARIANT_RUN, consecutive seeds, each batch a test run of its own)
INVARIANT_STEPS ?= 10000
INVARIANT_BATCH ?= 400
INVARIANT_RUN ?= 100
INVARIANT_SEED ?= $(shell date +%s)
invariants: deps postgres-deps test-deps
	$(SWIFT) build --build-tests
	@batches=$$(( ($(INVARIANT_STEPS) + $(INVARIANT_BATCH) - 1) / $(INVARIANT_BATCH) )); \
	pids=""; for backend in sqlite postgres; do ( \
		for i in $$(seq 0 $$((batches - 1))); do \
			seed=$$(( $(INVARIANT_SEED) + i )); \
			PDGATE_INVARIANT_BACKEND=$$backend PDGATE_INVARIANT_STEPS=$(INVARIANT_BATCH) \
			PDGATE_INVARIANT_RUN=$(INVARIANT_RUN) PDGATE_INVARIANT_SEED=$$seed \
				$(SWIFT) test --skip-build --filter ConnectorTests.InvariantTests > .build/invariants-$$backend.log 2>&1; \
			status=$$?; echo "$$backend batch $$((i + 1))/$$batches, seed $$seed:"; \
			grep -E "^invariants |invariant broken|shortest" .build/invariants-$$backend.log; \
			[ $$status -eq 0 ] || exit $$status; \
		done ) & pids="$$pids $$!"; done; \
	failed=0; for pid in $$pids; do wait $$pid || failed=1; done; exit $$failed

## fuzz: libFuzzer on the CSV reader + normalisers and on the policy loader, FUZZ_SECONDS each (separate .build-fuzz)
FUZZ_SECONDS ?= 60
FUZZ_BUILD := .build-fuzz
FUZZ_FLAGS := -sanitize=fuzzer -parse-as-library -I $(FUZZ_BUILD)/debug/Modules
fuzz: deps
	$(SWIFT) build --scratch-path $(FUZZ_BUILD) --target Intake -Xswiftc -sanitize=fuzzer
	$(SWIFT) build --scratch-path $(FUZZ_BUILD) --target Policy -Xswiftc -sanitize=fuzzer
	swiftc $(FUZZ_FLAGS) Fuzz/CSVFuzz/CSVFuzz.swift $(FUZZ_BUILD)/debug/Intake.build/*.o -o $(FUZZ_BUILD)/csv-fuzz
	swiftc $(FUZZ_FLAGS) -Xcc -fmodule-map-file=$(FUZZ_BUILD)/checkouts/Yams/Sources/CYaml/include/module.modulemap \
		-I $(FUZZ_BUILD)/checkouts/Yams/Sources/CYaml/include Fuzz/PolicyFuzz/PolicyFuzz.swift $(FUZZ_BUILD)/debug/Policy.build/*.o \
		$(FUZZ_BUILD)/debug/Yams.build/*.o $(FUZZ_BUILD)/debug/CYaml.build/src/*.o -o $(FUZZ_BUILD)/policy-fuzz
	@mkdir -p $(FUZZ_BUILD)/corpus/csv $(FUZZ_BUILD)/corpus/policy $(FUZZ_BUILD)/artifacts
	@i=0; for f in Demo/customers-demo.csv Tests/IntakeTests/Fixtures/*.csv; do \
		[ -f "$$f" ] || continue; i=$$((i+1)); { printf '\000'; head -c 4000 "$$f"; } > $(FUZZ_BUILD)/corpus/csv/seed-$$i; done
	@i=0; for f in Policies/fields.yaml Policies/jurisdictions.yaml Policies/purposes.yaml Policies/retention.yaml \
		Policies/roles.yaml Policies/calendars/*.yaml; do \
		printf "\\$$(printf '%03o' $$i)" > $(FUZZ_BUILD)/corpus/policy/seed-$$i; cat "$$f" >> $(FUZZ_BUILD)/corpus/policy/seed-$$i; \
		i=$$((i+1)); done
	$(FUZZ_BUILD)/csv-fuzz $(FUZZ_BUILD)/corpus/csv -max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix=$(FUZZ_BUILD)/artifacts/csv- -print_final_stats=1
	$(FUZZ_BUILD)/policy-fuzz $(FUZZ_BUILD)/corpus/policy -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix=$(FUZZ_BUILD)/artifacts/policy- -print_final_stats=1

## fuzz-http: hostile bodies against every POST/PATCH route (the HostileInputTests suite)
fuzz-http: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --filter ServerTests.HostileInputTests

clean:
	rm -rf .build .bench .build-fuzz
