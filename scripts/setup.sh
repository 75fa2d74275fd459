#!/usr/bin/env bash
# Installs what rnnlab needs to build and is missing: the Swift toolchain must be there;
# libedit's headers come from the system package manager.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: the Swift toolchain (6.0 or newer) is not on PATH; install it from swift.org first." >&2
    exit 1
fi

if [ -f /usr/include/histedit.h ] && pkg-config --exists libedit 2>/dev/null; then
    exit 0
fi

echo "setup: libedit's headers are missing; installing libedit-dev and pkg-config ..."
if [ "$(id -u)" -eq 0 ]; then
    run_root=()
elif command -v sudo >/dev/null 2>&1; then
    run_root=(sudo)
else
    echo "setup: installing libedit-dev needs root, and sudo is not available." >&2
    echo "setup: as root, run: apt-get update && apt-get install -y libedit-dev pkg-config" >&2
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not found; install libedit's development files (libedit-dev) with your package manager." >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${run_root[@]}" apt-get update -qq
"${run_root[@]}" apt-get install -y -qq libedit-dev pkg-config >/dev/null
echo "setup: libedit-dev installed."
