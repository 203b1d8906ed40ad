import { readSubjectCodes, SubjectCatalog } from './src/disclosure/subjects.js';
import { readDisclosure } from './src/importer/index.js';
import { ImportFailed, formatProblem } from './src/importer/problems.js';
const catalog = new SubjectCatalog(readSubjectCodes('/work/main/seeds/reference/subject-codes.csv'));
try {
  const r = await readDisclosure(process.argv[2]!, catalog);
  console.log(JSON.stringify({ ...r.disclosure, functional: r.disclosure.functional.length, economic: r.disclosure.economic.length, basicItems: r.disclosure.basicItems.length, projects: r.disclosure.projects.map(p=>[p.code,p.name,p.functionalSubjectCode,p.indicators.length]) }, null, 1));
} catch (e) { if (e instanceof ImportFailed) console.log(e.problems.map(formatProblem).join('\n')); else throw e; }
