# pdgate — make run | make test | make bench
SWIFT ?= swift
DATA ?= pdgate-data
DEB_DEPS := libsodium-dev libsqlite3-dev libcurl4-openssl-dev
PDGATE := .build/debug/pdgate
PDGATE_RELEASE := .build/release/pdgate

.PHONY: deps build run test bench clean

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

## run: the gateway on the embedded default: ./pdgate-data (SQLite), policies from Policies/, a generated master key,
##      the demo customers imported once, a fresh one-day console token printed, then `pdgate serve` on HOST:PORT
HOST ?= 127.0.0.1
PORT ?= 8080
run: build
	@if [ ! -f "$(DATA)/master.key" ]; then \
		$(PDGATE) init --data $(DATA) && \
		$(PDGATE) import Demo/customers-demo.csv --data $(DATA); \
	fi
	@$(PDGATE) audit verify --data $(DATA)
	@token=$$($(PDGATE) token create --data $(DATA) --role privacy_officer --name "make-run-$$(date +%Y%m%d%H%M%S)" \
		--days 1 2>/dev/null) && \
	echo "" && echo "Console: http://$(HOST):$(PORT)/console/login" && \
	echo "Token (privacy_officer, valid 1 day; paste it on the login page or send it as Bearer):" && \
	echo "  $$token" && echo ""
	$(PDGATE) serve --data $(DATA) --host $(HOST) --port $(PORT)

## test: unit, integration and end-to-end tests
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## bench: import throughput and memory on a generated 100,000-customer file (release build)
bench: deps
	$(SWIFT) build -c release
	$(PDGATE_RELEASE) bench import --rows 100000

clean:
	rm -rf .build .bench
