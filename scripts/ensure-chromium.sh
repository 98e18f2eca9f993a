#!/usr/bin/env bash
# The editor e2e drives Debian's chromium (puppeteer-core, no browser download). Installs it with
# apt when absent (CI runs as root); prints the path.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
echo "$CHROMIUM"
