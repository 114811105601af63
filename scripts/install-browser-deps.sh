#!/usr/bin/env bash
# Installs what the browser gates need: Debian's Chromium, Java (for the Nu HTML Checker) and
# the npm packages in package.json. Never downloads a browser build of its own.
# On a machine where this cannot install (no apt, not root), it says so and the browser
# tests skip loudly, unless CI=true, where they fail.
set -u
cd "$(dirname "$0")/.."
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing ${need_apt[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "NOTE: cannot install ${need_apt[*]} here (needs apt-get as root); browser tests will skip" >&2
  fi
fi
if [ -f package.json ] && command -v npm >/dev/null 2>&1; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund --loglevel=error && touch node_modules
  fi
fi
exit 0
