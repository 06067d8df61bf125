import { describe, it, expect } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadLibrary, LibraryError } from '../../main/core/library/load';
import { tempDir } from './helpers';

// A guide in Portuguese is a file like the others (<key>.pt.md); library.yaml can require the
// Portuguese version of listed guides, and the strict build then fails when one is missing.
const guide = (key: string, lang: string, title: string) => `---
id: ${key}-${lang}
key: ${key}
lang: ${lang}
instrument: r202
title: "${title}"
sources:
  - title: "ILO, R202"
    url: "https://normlex.ilo.org/dyn/nrmlx_en/f?p=NORMLEXPUB:12100:0::NO::P12100_ILO_CODE:R202"
---
## ${title}

Texte.
`;

async function library(files: Record<string, string>) {
  const t = await tempDir();
  await fs.mkdir(path.join(t.dir, 'guides'));
  for (const [name, text] of Object.entries(files)) await fs.writeFile(path.join(t.dir, name), text);
  return t;
}

describe('Portuguese guides in the library loader', () => {
  it('loads <key>.pt.md as the Portuguese version of the guide', async () => {
    const t = await library({
      'library.yaml': 'version: 1\ndate: "2026-12-04"\nportugueseGuides: [r202-overview]\n',
      'guides/r202-overview.fr.md': guide('r202-overview', 'fr', 'La R202 en bref'),
      'guides/r202-overview.en.md': guide('r202-overview', 'en', 'R202 at a glance'),
      'guides/r202-overview.pt.md': guide('r202-overview', 'pt', 'A R202 em resumo'),
    });
    try {
      const { library: lib } = await loadLibrary(t.dir, { strict: true });
      const pt = lib.records.find((r) => r.id === 'r202-overview-pt');
      expect(pt).toMatchObject({ type: 'guide', key: 'r202-overview', lang: 'pt', title: 'A R202 em resumo' });
    } finally {
      await t.cleanup();
    }
  });

  it('fails the strict build when a guide listed in portugueseGuides has no Portuguese version', async () => {
    const t = await library({
      'library.yaml': 'version: 1\ndate: "2026-12-04"\nportugueseGuides: [r202-overview]\n',
      'guides/r202-overview.fr.md': guide('r202-overview', 'fr', 'La R202 en bref'),
      'guides/r202-overview.en.md': guide('r202-overview', 'en', 'R202 at a glance'),
    });
    try {
      const err = await loadLibrary(t.dir, { strict: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LibraryError);
      expect((err as LibraryError).message).toMatch(/guides\/r202-overview: missing the Portuguese version/);
    } finally {
      await t.cleanup();
    }
  });

  it('rejects a Portuguese file whose name and front matter disagree', async () => {
    const t = await library({
      'library.yaml': 'version: 1\ndate: "2026-12-04"\n',
      'guides/r202-overview.fr.md': guide('r202-overview', 'fr', 'La R202 en bref'),
      'guides/r202-overview.en.md': guide('r202-overview', 'en', 'R202 at a glance'),
      'guides/r202-overview.pt.md': guide('r202-overview', 'fr', 'Mal nommé').replace('id: r202-overview-fr', 'id: r202-overview-xx'),
    });
    try {
      const { problems } = await loadLibrary(t.dir);
      expect(problems.map((p) => `${p.file}: ${p.message}`).join('\n')).toMatch(/r202-overview\.pt\.md: file name should be "r202-overview\.fr\.md"/);
    } finally {
      await t.cleanup();
    }
  });
});
