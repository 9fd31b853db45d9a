# redwasm: `make help` lists the targets.

GO      ?= go
PORT    ?= 8080
SERVER_PORT ?= 6379

.PHONY: help setup serve server build test test-go vet fuzz bench generate clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## Install what tests and benchmarks need (apt, npm, Go modules) or say what is missing
	@bash tools/setup.sh

serve: server ## Run the playground (for now: the native RESP server, until the browser build lands)

server: build ## Run redwasm-server on SERVER_PORT (default 6379)
	./bin/redwasm-server --port $(SERVER_PORT)

build: ## Build the native server into bin/
	$(GO) build -o bin/redwasm-server ./tools/redwasm-server

test: setup vet test-go ## Run every test (installs what it needs first)

vet: ## go vet and gofmt check
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }

test-go: ## Go unit, fidelity (against a real redis-server) and fuzz-seed tests
	@rm -f /tmp/redwasm-fidelity.$$PPID
	REDWASM_FIDELITY_REPORT=/tmp/redwasm-fidelity.$$PPID $(GO) test -count=1 ./...
	@awk '{n+=$$2; bad+=$$3} END {printf "fidelity: %d replies compared with redis-server 7.0.15, %d mismatches\n", n, bad}' /tmp/redwasm-fidelity.$$PPID 2>/dev/null || true

fuzz: ## Run each fuzz target for FUZZTIME (default 30s)
	@bash tools/fuzz.sh $${FUZZTIME:-30s}

bench: ## Measure against redis-server side by side (ratios)
	$(GO) run ./tools/bench

generate: ## Regenerate engine/commands_gen.go from tools/gencommands
	$(GO) run ./tools/gencommands

clean: ## Remove build outputs
	rm -rf bin
