#!/usr/bin/env node
// Entry point installed as `ecg-render` (npx ecg-render from the repository root).
import('../dist/main.js')
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
