#!/usr/bin/env bash
# Writes the pre-commit mirror of planlint VERSION into DEST: the files of
# pre-commit-mirror/ with @VERSION@ replaced, so its hook installs the
# prebuilt wheel `planlint==VERSION` from PyPI. The release workflow runs it
# and pushes DEST to the mirror repository; tests/precommit.rs runs it too.
#
#   scripts/pre-commit-mirror.sh 1.2.3 /path/to/mirror-checkout
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: $0 VERSION DEST (VERSION without the v: 1.2.3)" >&2
  exit 2
fi
version=$1
dest=$2
# A version as Cargo writes it; anything else would end up inside sed and TOML.
if [[ ! $version =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$ ]]; then
  echo "$0: \`$version\` is not a version like 1.2.3" >&2
  exit 2
fi
template="$(cd "$(dirname "$0")/../pre-commit-mirror" && pwd)"
mkdir -p "$dest"
for file in .pre-commit-hooks.yaml pyproject.toml README.md; do
  sed "s/@VERSION@/$version/g" "$template/$file" >"$dest/$file"
done
if grep -q @VERSION@ "$dest/.pre-commit-hooks.yaml" "$dest/pyproject.toml" "$dest/README.md"; then
  echo "$0: a @VERSION@ was left in $dest" >&2
  exit 1
fi
