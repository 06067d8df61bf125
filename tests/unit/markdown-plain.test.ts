/**
 * `markdownToText` skips marked for plain Markdown (main/core/markdown-plain.ts). Indexing,
 * revision keys and snippets depend on that text, so the fast path must give exactly marked's
 * text: checked here over every string of the bundled library, a generated corpus, and
 * generated documents mixing the plain constructs with near misses (lines marked reads as
 * something else, inline syntax).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { markdownToText, markdownToTextWithMarked } from '../../main/core/markdown';
import { plainMarkdownToText } from '../../main/core/markdown-plain';
import { loadLibrary } from '../../main/core/library/load';
import { libraryDir } from '../../main/platform/paths';
import { makeCorpus, prng, pick, int } from '../../bench/corpus';

function stringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) stringsOf(x, out);
  return out;
}

function expectSameAsMarked(texts: string[]): number {
  let fast = 0;
  for (const t of texts) {
    if (plainMarkdownToText(t) !== undefined) fast++;
    expect(markdownToText(t), JSON.stringify(t)).toBe(markdownToTextWithMarked(t));
  }
  return fast;
}

describe('markdownToText without marked (plain Markdown)', () => {
  let libraryStrings: string[] = [];
  beforeAll(async () => {
    const { library } = await loadLibrary(libraryDir(), { strict: true });
    libraryStrings = library.records.flatMap((r) => stringsOf(r));
  });

  it('gives marked\'s text for every string of the bundled library', () => {
    expect(libraryStrings.length).toBeGreaterThan(1000);
    const fast = expectSameAsMarked(libraryStrings);
    // Titles, summaries and plain paragraphs take the fast path.
    expect(fast).toBeGreaterThan(libraryStrings.length / 4);
  });

  it('gives marked\'s text for a generated corpus (headings, paragraphs, bullet lists), and takes the fast path there', () => {
    const records = makeCorpus(300, 11);
    const bodies = records.flatMap((r) => [r.body, r.results, r.lessons, r.summary]).filter(Boolean);
    const fast = expectSameAsMarked(bodies);
    expect(fast).toBe(bodies.length);
  });

  it('gives marked\'s text for generated documents with near misses, and answers for the plain ones', () => {
    const rand = prng(4242);
    const wordsPool = ['sécurité', 'sociale', "l'assurance", 'Œuvre', 'protection', '2024', '1.5', 'CNPS', '(pilote)', '«élargie»', 'a', 'à', 'São', 'coração', 'x', '%', '+', '=', '-', ':', 'e.g.', 'n°', '“quoted”', '"dit"', 'Ñ'];
    const text = () => Array.from({ length: int(rand, 1, 8) }, () => pick(rand, wordsPool)).join(rand() < 0.9 ? ' ' : '  ');
    const nearMisses = [
      '1. premier', '1) premier', '12. douze', '#titre', '#  deux espaces', '## titre #', '## titre ##', '####### sept', '- - -', '---', '===', '***', '-sans espace',
      '+ plus', '* étoile', ' indenté', '    code', 'fin ', 'fin  ', '\tonglet', '> citation', '```', '~~~', '| a | b |', 'foo_bar', 'un *mot* ici',
      'http://x.org', 'voir www.ilo.org', 'a@b.cd', '<b>gras</b>', 'A &amp; B', 'insécable\u00a0', '\u00a0début', '[lien](socle:x)', '`code`', '\\*échappé',
      '-', '#', '## ', '-  deux', '- ## titre', '- 1. liste', '- > cit', 'ligne\r', '2024 année', '(parenthèse)', "'apostrophe", '- (item)', '- «item»', 'dix\u202fmille', '10\u2009000', 'fin\u3000', 'HTTPS maj', 'Www.site', 'ftp libre', '- a\u0085b',
      'Titre\n===', 'Titre\n---', '- a\nsuite', '- a\n  suite', '- a\n\n  suite', 'para\n- item', 'para\n## titre', '- a\n## titre', '## t\npara',
    ];
    const line = (): string => {
      const r = rand();
      if (r < 0.35) return text();
      if (r < 0.5) return `${'#'.repeat(int(rand, 1, 3))} ${text()}`;
      if (r < 0.7) return `- ${text()}`;
      if (r < 0.85) return '';
      return pick(rand, nearMisses);
    };
    const docs = Array.from({ length: 3000 }, () => Array.from({ length: int(rand, 1, 9) }, line).join('\n') + (rand() < 0.5 ? '\n' : ''));
    const fast = expectSameAsMarked(docs);
    expect(fast).toBeGreaterThan(docs.length / 10);
    expect(fast).toBeLessThan(docs.length);
  });
});
