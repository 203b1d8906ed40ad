import fs from 'node:fs';
import path from 'node:path';

const STATEMENT = /^(?:import|export)\s+(type\s+)?(?:[\s\S]*?\s+from\s+)?'([^']+)';/gm;

/**
 * The packages a module loads when it is imported, through its static imports and theirs (type-only
 * imports and `await import()` excluded): what a start pays before any code of its own runs.
 */
export function staticPackages(entry: string): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, typeOnly, specifier] of fs.readFileSync(file, 'utf8').matchAll(STATEMENT)) {
      if (typeOnly || !specifier) continue;
      if (specifier.startsWith('.'))
        visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (!specifier.startsWith('node:'))
        packages.add(
          specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/'),
        );
    }
  };
  visit(entry);
  return [...packages].sort();
}
