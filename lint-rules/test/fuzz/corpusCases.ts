/** The fuzz cases: damaged copies of real notebooks, and odd ones built from scratch. */
import * as fs from 'fs';
import * as path from 'path';
import {
  cellIdCases,
  encodingCases,
  type FuzzCase,
  scriptMutationCases,
  shapeCases,
  truncationCases,
  versionCases,
  wrongTypeCases
} from './notebookCases';
import { oddScriptCases, oddSourceCases } from './oddInputs';
import { seeded } from './seeded';
import { SHARED_CORPUS, SHIPPED_CORPUS } from '../corpusDirs';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

/** Real notebooks to damage: small ones, so that a case runs in milliseconds. */
export const IPYNB_SEEDS = [
  path.join(FIXTURES, 'notebooks', 'escapes-indent1.ipynb'),
  path.join(FIXTURES, 'notebooks', 'escapes-indent4-ascii.ipynb'),
  path.join(FIXTURES, 'notebooks', 'nbformat-4.0.ipynb'),
  path.join(FIXTURES, 'lint', 'findings.ipynb'),
  path.join(SHIPPED_CORPUS, 'azureml-examples', 'iris-notebook-main.ipynb'),
  path.join(SHIPPED_CORPUS, 'fabric', 'JobInsight_SampleNotebook.ipynb')
];

export const SCRIPT_SEEDS = [
  path.join(FIXTURES, 'notebooks', 'databricks-example.py'),
  path.join(FIXTURES, 'notebooks', 'percent-example.py'),
  path.join(FIXTURES, 'lint', 'databricks.py'),
  // from the shared corpus when it is there (a real Databricks export)
  path.join(
    SHARED_CORPUS,
    'databricks-source',
    'mlops-stacks-ModelDeployment.py'
  )
].filter(f => fs.existsSync(f));

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

/** Every case, in a fixed order for a fixed seed. */
export function allCases(seed: number): FuzzCase[] {
  const next = seeded(seed);
  const cases: FuzzCase[] = [];
  for (const file of IPYNB_SEEDS) {
    const name = path.basename(file);
    const text = read(file);
    const nb = JSON.parse(text) as Record<string, unknown>;
    cases.push(
      ...truncationCases(next, name, text, 2),
      ...wrongTypeCases(next, name, nb, 25),
      ...cellIdCases(name, nb),
      ...versionCases(name, nb),
      ...encodingCases(next, name, text)
    );
  }
  for (const file of SCRIPT_SEEDS)
    cases.push(
      ...scriptMutationCases(next, path.basename(file), read(file), 6)
    );
  cases.push(...oddSourceCases(), ...oddScriptCases(), ...shapeCases(next));
  return cases;
}
