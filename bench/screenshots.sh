#!/usr/bin/env bash
# The console's screenshots in docs/screenshots: runs the browser test that walks every page of
# every role (ConsoleBrowserTest, headless Chromium; the PostgreSQL run's pages are the ones kept) and copies the pages it saved.
#   bench/screenshots.sh
# Needs Debian's chromium and chromium-driver (as the browser tests do); fonts-noto-cjk makes the
# language switcher's 日本語 legible. The objects and people on the pages are the test's own.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
rm -rf server/target/screenshots
./mvnw -q -B -ntp -pl server -am test -Dspotless.check.skip=true \
  -Dtest='ConsoleBrowserTest#everyPageOfEveryRole*' -Dsurefire.failIfNoSpecifiedTests=false
mkdir -p docs/screenshots
cp server/target/screenshots/*.png docs/screenshots/
ls -1 docs/screenshots
