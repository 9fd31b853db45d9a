# redwasm: `make help` lists the targets.

GO      ?= go
PORT    ?= 8080
SERVER_PORT ?= 6379

WASM_EXEC = $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec

.PHONY: help setup serve site server build test test-go test-wasm test-web vet fuzz bench generate clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## Install what tests and benchmarks need (apt, npm, Go modules) or say what is missing
	@bash tools/setup.sh

serve: site ## Build the playground and serve it on http://localhost:PORT (default 8080)
	$(GO) run ./tools/webserve -addr :$(PORT) -dir static

site: ## Build the browser engine (wasm) and the site into static/, precompressed
	$(GO) run ./tools/site

server: build ## Run redwasm-server on SERVER_PORT (default 6379)
	./bin/redwasm-server --port $(SERVER_PORT)

build: ## Build the native server into bin/
	$(GO) build -o bin/redwasm-server ./tools/redwasm-server

test: setup vet test-go test-wasm test-web ## Run every test (installs what it needs first)

vet: ## go vet (native and GOOS=js) and gofmt check
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

test-go: ## Go unit, fidelity (against a real redis-server) and fuzz-seed tests
	@rm -f /tmp/redwasm-fidelity.$$PPID
	REDWASM_FIDELITY_REPORT=/tmp/redwasm-fidelity.$$PPID $(GO) test -count=1 ./...
	@awk '{n+=$$2; bad+=$$3} END {printf "fidelity: %d replies compared with redis-server 7.0.15, %d mismatches\n", n, bad}' /tmp/redwasm-fidelity.$$PPID 2>/dev/null || true

test-wasm: ## Go tests of the browser build under node, IndexedDB from fake-indexeddb
	GOOS=js GOARCH=wasm NODE_OPTIONS="--require $(CURDIR)/web/test/wasm/preload.cjs" \
		$(GO) test -count=1 -timeout 300s -exec $(WASM_EXEC) ./wasm/browser/ ./wasm/idb/

test-web: site ## JS unit tests, type declarations, and end-to-end tests in headless Chromium
	cd web && node --test test/unit/
	cd web && ./node_modules/.bin/tsc --noEmit --strict --target es2022 --module es2022 \
		--moduleResolution bundler --lib es2022,dom test/types/usage.ts
	cd web && node --test --test-concurrency=1 test/e2e/

fuzz: ## Run each fuzz target for FUZZTIME (default 30s)
	@bash tools/fuzz.sh $${FUZZTIME:-30s}

bench: ## Measure against redis-server side by side (ratios)
	$(GO) run ./tools/bench

generate: ## Regenerate engine/commands_gen.go from tools/gencommands
	$(GO) run ./tools/gencommands

clean: ## Remove build outputs
	rm -rf bin
	find static -mindepth 1 ! -name README.md -delete
