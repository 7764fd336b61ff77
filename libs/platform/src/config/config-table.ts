import { CONFIG_VARIABLES, ConfigVariable } from './config-variables';

function defaultCell(variable: ConfigVariable): string {
  if (variable.default === null) return 'unset';
  if (variable.default === '') return 'empty';
  return `\`${variable.default}\``;
}

/** The configuration table for the README, generated so the documentation cannot drift. */
export function configTableMarkdown(variables: readonly ConfigVariable[] = CONFIG_VARIABLES): string {
  const rows = variables.map(
    (v) =>
      `| \`${v.name}\` | ${defaultCell(v)} | ${v.services.join(', ')} | ${v.meaning.replace(/\|/g, '\\|')} |`,
  );
  return ['| variable | default | read by | meaning |', '|---|---|---|---|', ...rows].join('\n');
}
