#!/usr/bin/env bash
# Installs what the browser gates need: Debian's Chromium, Java (for the Nu HTML Checker) and
# the npm packages pinned in package.json / package-lock.json (vnu-jar: the checker's vnu.jar;
# decap-cms and decap-server: the web editor the build publishes at admin/, and `make edit`).
# Never downloads a browser or a Java runtime of its own: `npm ci --ignore-scripts` skips
# vnu-jar's postinstall step, which would fetch a JDK from outside the package registries.
# On a machine where this cannot install (no apt, not root, no npm), it says so and the gates
# skip loudly, unless CI=true, where they fail.
set -u
cd "$(dirname "$0")/.."
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
if [ -f package.json ] && ! command -v npm >/dev/null 2>&1; then
  need_apt+=(npm)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing ${need_apt[*]} from Debian's packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "NOTE: cannot install ${need_apt[*]} here (needs apt-get as root); browser tests will skip" >&2
  fi
fi
if [ -f package.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "NOTE: no npm; the Nu HTML Checker gate will skip" >&2
  elif [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/decap-cms/dist/decap-cms.js ] \
      || [ package-lock.json -nt node_modules ]; then
    echo "installing the npm packages pinned in package-lock.json"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules
  fi
fi
exit 0
