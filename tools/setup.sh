#!/usr/bin/env bash
# Installs what redwasm's tests and benchmarks need on a Debian machine, or
# says exactly what is missing. Safe to run repeatedly: it only installs
# what is absent. Usage: tools/setup.sh [test|serve]
set -euo pipefail

need_apt=()
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v redis-cli >/dev/null || need_apt+=(redis-tools)
command -v redis-benchmark >/dev/null || need_apt+=(redis-tools)
/usr/bin/python3 -c 'import redis' 2>/dev/null || need_apt+=(python3-redis)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
command -v brotli >/dev/null || need_apt+=(brotli)

if [ ${#need_apt[@]} -gt 0 ]; then
	# Deduplicate.
	mapfile -t need_apt < <(printf '%s\n' "${need_apt[@]}" | sort -u)
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "setup: installing ${need_apt[*]}"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
	elif command -v sudo >/dev/null && command -v apt-get >/dev/null; then
		echo "setup: installing ${need_apt[*]} (sudo)"
		sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
		sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
	else
		echo "setup: missing packages: ${need_apt[*]}" >&2
		echo "setup: install them with: sudo apt-get install ${need_apt[*]}" >&2
		exit 1
	fi
fi

# Redis's Debian package starts a service on port 6379; the tests start
# their own servers on free ports and do not need it.
# The web tests' node modules (playwright-core, fake-indexeddb,
# typescript), reinstalled when package-lock.json changes.
if [ -f web/package-lock.json ] && { [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; }; then
	echo "setup: npm ci in web/"
	(cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

go mod download
