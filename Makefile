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

## run: the gateway on the embedded default (SQLite under ./pdgate-data, policies from Policies/)
run: build
	@if [ ! -f "$(DATA)/master.key" ]; then \
		$(PDGATE) init --data $(DATA) && \
		$(PDGATE) import Demo/customers-demo.csv --data $(DATA); \
	fi
	@id=$$($(PDGATE) subject find --data $(DATA) --email customer1@example.com | head -1); \
	echo "Demo subject $$id:"; $(PDGATE) subject show $$id --data $(DATA)
	@$(PDGATE) audit verify --data $(DATA)

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
