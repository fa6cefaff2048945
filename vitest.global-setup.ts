import { execFileSync } from 'node:child_process';

/** Tests drive the real render page: build its bundle from the current sources first (~1 s). */
export default function setup(): void {
  execFileSync('node', ['packages/page/build.mjs'], { stdio: 'inherit' });
}
