#!/usr/bin/env bash
# Install what the browser tests need: Debian's Chromium, a Java runtime and the Nu HTML
# Checker (vnu-jar from the npm registry, into the git-ignored .cache/). Safe to run again:
# it installs only what is missing. Needs root for apt-get, as on CI.
set -euo pipefail
cd "$(dirname "$0")/.."

# Runs on Java 11 or newer; checked with Debian 12's OpenJDK 17.
VNU_JAR_VERSION=26.9.27
VNU_PACKAGE=.cache/node_modules/vnu-jar/package.json

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
command -v java >/dev/null || packages+=(default-jre-headless)
command -v npm >/dev/null || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

installed=$(node -p "require('./$VNU_PACKAGE').version" 2>/dev/null || true)
if [ "$installed" != "$VNU_JAR_VERSION" ]; then
  echo "Installing vnu-jar $VNU_JAR_VERSION with npm into .cache/"
  mkdir -p .cache
  # --ignore-scripts: its install script would download a Java; the machine's Java is used.
  npm install --prefix .cache --no-save --no-package-lock --ignore-scripts --no-audit \
    --no-fund --loglevel=error "vnu-jar@$VNU_JAR_VERSION"
fi

echo "Browser tests ready: $(/usr/bin/chromium --version 2>/dev/null | head -n1)," \
  "$(java -version 2>&1 | head -n1), vnu-jar $VNU_JAR_VERSION"
