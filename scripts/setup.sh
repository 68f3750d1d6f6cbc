#!/usr/bin/env bash
# Installs what Lateral needs to build on a fresh Debian machine: libgraphviz-dev (the
# Graphviz C library, linked in) and pkg-config. The Swift toolchain is expected on PATH.
set -euo pipefail
if pkg-config --exists libgvc 2>/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends libgraphviz-dev pkg-config >/dev/null
pkg-config --exists libgvc
