import { describe, expect, it } from 'vitest';
import type { PluginPackage } from './plugin-package.js';
import { resolvePlugins } from './resolve-plugins.js';

function pkg(id: string, sha256: string): PluginPackage {
  const [name = '', version = ''] = id.split('@');
  return { name, version, sha256, dir: '', files: [], manifest: { name, version, entry: '' } };
}

const builtins = [pkg('karaoke@1.0.0', 'ours'), pkg('fadeIn@1.0.0', 'ours')];
// Uploads any key may make to the shared registry: a newer karaoke, a karaoke under our own
// version, and a plugin our set does not have.
const registry = [
  pkg('karaoke@99.0.0', 'upload'),
  pkg('karaoke@1.0.0', 'upload'),
  pkg('wave@1.0.0', 'upload-1'),
  pkg('wave@1.2.0', 'upload-2'),
];

describe('resolvePlugins', () => {
  it.each([
    // A registry upload never replaces our plugin for a scenario that did not ask for it.
    ['karaoke', 'karaoke@1.0.0', 'ours'],
    ['karaoke@1.0.0', 'karaoke@1.0.0', 'ours'],
    // Naming a version our set lacks is how a scenario opts into an upload.
    ['karaoke@99.0.0', 'karaoke@99.0.0', 'upload'],
    ['fadeIn', 'fadeIn@1.0.0', 'ours'],
    // Names only the registry has: exact, or the highest version.
    ['wave@1.0.0', 'wave@1.0.0', 'upload-1'],
    ['wave', 'wave@1.2.0', 'upload-2'],
  ])('%s resolves to %s (%s)', (name, id, sha256) => {
    const [chosen] = resolvePlugins({ names: [name], sources: [registry], builtins });
    expect(chosen && [`${chosen.name}@${chosen.version}`, chosen.sha256]).toEqual([id, sha256]);
  });

  it('takes the first source on a tie (the newest upload of a name@version)', () => {
    const newer = pkg('wave@1.2.0', 'newer');
    const [chosen] = resolvePlugins({ names: ['wave'], sources: [[newer], registry], builtins });
    expect(chosen?.sha256).toBe('newer');
  });

  it('refuses unknown names, listing what is available', () => {
    expect(() =>
      resolvePlugins({ names: ['nope', 'fadeIn@2.0.0'], sources: [registry], builtins }),
    ).toThrow(
      expect.objectContaining({
        code: 'UNKNOWN_PLUGIN',
        details: expect.objectContaining({ missing: ['nope', 'fadeIn@2.0.0'] }),
      }),
    );
  });
});
