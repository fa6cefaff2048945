#!/usr/bin/env bash
# The whole test suite, runnable on a fresh machine: installs what is missing (Debian packages,
# npm packages from the lockfile), builds, starts PostgreSQL and Redis if they are not running,
# then lint (ESLint, Prettier, import boundaries), type checks and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh --with-services
scripts/ensure-node-modules.sh
npm run build
scripts/ensure-services.sh
npm run lint
npm run typecheck
npx vitest run "$@"
