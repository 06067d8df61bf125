/**
 * Portuguese spellings from before the 1990 Orthographic Agreement, still common in Cabo Verde and
 * Guinea-Bissau documents (`protecção`, `acção`, `actuarial`), folded onto today's spelling before
 * stemming, on the index and the query side alike. A curated list, not a rule: dropping every
 * silent `c`/`p` would also turn `pacto` or `facto` (which keep their `c`) into other words.
 * Keys and values are accent-folded and singular (./analysis.ts folds plurals first; a plural `s`
 * is handled here).
 */
const PRE_1990: Readonly<Record<string, string>> = {
  proteccao: 'protecao',
  accao: 'acao',
  actuarial: 'atuarial',
  actuariais: 'atuariais',
  actuario: 'atuario',
  direccao: 'direcao',
  direccoes: 'direcoes',
  colectivo: 'coletivo',
  colectiva: 'coletiva',
  colectividade: 'coletividade',
  efectivo: 'efetivo',
  efectiva: 'efetiva',
  efectivamente: 'efetivamente',
  activo: 'ativo',
  activa: 'ativa',
  actividade: 'atividade',
  actual: 'atual',
  actualmente: 'atualmente',
  actualizacao: 'atualizacao',
  objectivo: 'objetivo',
  objectiva: 'objetiva',
  projecto: 'projeto',
  seleccao: 'selecao',
  excepcao: 'excecao',
  excepcional: 'excecional',
  recepcao: 'rececao',
  adopcao: 'adocao',
  optimo: 'otimo',
  optima: 'otima',
  correccao: 'correcao',
  inspeccao: 'inspecao',
  reaccao: 'reacao',
  exacto: 'exato',
  exacta: 'exata',
  electronico: 'eletronico',
  electronica: 'eletronica',
};

/** Today's spelling of a folded Portuguese word, or the word itself (`proteccao` -> `protecao`, `pacto` -> `pacto`). */
export function modernPortuguese(folded: string): string {
  const hit = PRE_1990[folded];
  if (hit !== undefined) return hit;
  if (folded.length > 4 && folded.endsWith('s')) {
    const singular = PRE_1990[folded.slice(0, -1)];
    if (singular !== undefined) return `${singular}s`;
  }
  return folded;
}

/** For tests and docs: the curated pairs. */
export const PRE_1990_SPELLINGS: Readonly<Record<string, string>> = PRE_1990;
