// Writes the generated parts of docs/settings.md from the settings table (orchestrator/config/):
// the sample config file, the reference table and the environment table, each between
// `<!-- generated: NAME -->` and `<!-- /generated: NAME -->`; the prose around them is kept.
// Run: node --import tsx scripts/settings-doc.ts   (test/unit/config/settings-doc.test.ts fails when stale)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { formatGoDuration } from '../orchestrator/config/duration.js';
import type { SettingRow } from '../orchestrator/config/setting-row.js';
import { MAPPING_DOCS, SETTINGS } from '../orchestrator/config/settings-table.js';

export const DOC_PATH = fileURLToPath(new URL('../docs/settings.md', import.meta.url));
const ROWS: readonly SettingRow[] = SETTINGS;

const scalar = (v: unknown) => stringify(v, { singleQuote: true }).trim();

function defaultText(r: SettingRow): string {
  return r.default !== undefined ? String(r.default) : (r.defaultText ?? '');
}

/** The sample config file: every file key with its default (or an example) and a comment. */
function sampleFile(): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const r of ROWS) {
    if (r.file === false) continue;
    const [top, sub] = r.key.split('.');
    const comment = [
      r.doc ?? r.help,
      r.default !== undefined ? `default ${r.default}` : `default: ${r.defaultText}`,
    ]
      .filter(Boolean)
      .join('; ');
    const value = scalar(r.default ?? r.example);
    if (sub === undefined) {
      lines.push(`${top}: ${value} # ${comment}`);
      continue;
    }
    if (!seen.has(top)) lines.push(`${top}:${MAPPING_DOCS[top] ? ` # ${MAPPING_DOCS[top]}` : ''}`);
    seen.add(top);
    lines.push(`  ${sub}: ${value} # ${comment}`);
  }
  return ['```yaml', ...lines, '```'].join('\n');
}

function bounds(r: SettingRow): string {
  const parts: string[] = [];
  const n = (v: number) => (r.type === 'duration' ? formatGoDuration(v) : String(v));
  if (r.min !== undefined) parts.push(`≥ ${n(r.min)}`);
  if (r.above !== undefined) parts.push(`> ${n(r.above)}`);
  if (r.max !== undefined) parts.push(`≤ ${n(r.max)}`);
  if (r.below !== undefined) parts.push(`< ${n(r.below)}`);
  if (r.notAbove) parts.push(`≤ ${r.notAbove}`);
  if (r.values) parts.push(r.values.join(' / '));
  return parts.join(', ');
}

/** A Markdown table with padded columns (what prettier would write). */
function table(head: string[], rows: string[][]): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function reference(): string {
  return table(
    ['Setting', 'Type', 'Default', 'Bounds', 'Read by', 'Set by'],
    ROWS.map((r) => [
      `\`${r.key}\``,
      r.type + (r.unit ? ` (${r.unit})` : ''),
      defaultText(r),
      bounds(r),
      r.readers.join(', '),
      [r.file === false ? '' : 'config file', r.env ? `\`${r.env}\`` : '', r.flag ? `\`${r.flag}\`` : '']
        .filter(Boolean)
        .join(', '),
    ]),
  );
}

function environment(): string {
  return table(
    ['Variable', 'Default', 'Meaning'],
    ROWS.filter((r) => r.env).map((r) => [
      `\`${r.env}\``,
      r.default !== undefined ? `\`${r.default}\`` : (r.defaultText ?? ''),
      r.help,
    ]),
  );
}

const BLOCKS: Record<string, () => string> = { file: sampleFile, reference, environment };

/** The doc with every generated block rewritten; a block missing its markers is an error. */
export function renderSettingsDoc(doc: string): string {
  let out = doc;
  for (const [name, render] of Object.entries(BLOCKS)) {
    const open = `<!-- generated: ${name} -->`;
    const close = `<!-- /generated: ${name} -->`;
    const a = out.indexOf(open);
    const b = out.indexOf(close);
    if (a < 0 || b < a) throw new Error(`docs/settings.md: markers ${open} … ${close} are missing`);
    out = `${out.slice(0, a + open.length)}\n\n${render()}\n\n${out.slice(b)}`;
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(DOC_PATH, renderSettingsDoc(readFileSync(DOC_PATH, 'utf8')));
  console.log(`wrote ${DOC_PATH}`);
}
