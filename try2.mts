import { readSubjectCodes, SubjectCatalog } from './src/disclosure/subjects.js';
import { readDisclosure } from './src/importer/index.js';
import { runChecks } from './src/disclosure/checks.js';
import { ImportFailed, formatProblem } from './src/importer/problems.js';
const catalog = new SubjectCatalog(readSubjectCodes('/work/main/seeds/reference/subject-codes.csv'));
try {
  const r = await readDisclosure(process.argv[2]!, catalog);
  const d = r.disclosure;
  for (const p of d.priorYear) console.log('prior', p.metric, p.entity, p.basis, p.amount);
  for (const n of d.narrative) console.log('claim', n.metric, n.value, '|', n.quote);
  console.log('assets', JSON.stringify(d.assets), 'proc', JSON.stringify(d.procurement));
  console.log('projects', d.projects.map(p=>[p.code,p.functionalSubjectCode,p.indicators.map(i=>i.kind[0]+':'+i.name).join(',')]));
  const checks = runChecks(d, catalog);
  console.log('checks', checks.length, checks.filter(c=>!c.passed).map(c=>`${c.id} ${c.expected} ${c.found}`));
  console.log('notes', r.notes.map(formatProblem));
} catch (e) { if (e instanceof ImportFailed) console.log(e.problems.map(formatProblem).join('\n')); else throw e; }
