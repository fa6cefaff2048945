#!/usr/bin/env bash
# First run on a fresh Debian machine: system packages, npm packages, build, then a real render of
# the bundled example (examples/demo/out/demo.mp4).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
scripts/ensure-node-modules.sh
npm run build
examples/demo/make-source.sh examples/demo/out/source.mp4 >/dev/null
npx ecg-render render --scenario examples/demo/scenario.json --video examples/demo/out/source.mp4 \
  --output examples/demo/out/demo.mp4
