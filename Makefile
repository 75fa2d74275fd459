# The two commands a newcomer needs: `make run` and `make test`.
SWIFT ?= swift
LESSONS ?= lessons
RELEASE_BIN = .build/release/rnnlab
DEBUG_BIN = .build/debug/rnnlab

.PHONY: run test setup build release bench lint clean

run: release
	@$(RELEASE_BIN) --lessons $(LESSONS)

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(DEBUG_BIN) lint $(LESSONS)
	@for f in $(LESSONS)/*.md; do \
		case "$$(basename $$f)" in README.md) continue;; esac; \
		echo "lesson run $$f --auto"; \
		$(DEBUG_BIN) lesson run "$$f" --auto --lessons $(LESSONS) >/dev/null || exit 1; \
	done

setup:
	@scripts/setup.sh

build: setup
	$(SWIFT) build

release: setup
	$(SWIFT) build -c release

bench: release
	$(RELEASE_BIN) bench

lint: build
	$(DEBUG_BIN) lint $(LESSONS)

clean:
	rm -rf .build
