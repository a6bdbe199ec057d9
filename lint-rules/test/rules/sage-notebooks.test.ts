/**
 * SageMath notebooks (issue #15, round 14): a notebook on a SageMath kernel whose `language_info`
 * says "python" (Sage 8.x wrote the kernelspec's language empty) is still read as Python, but Sage's
 * preparser accepts more than Python's grammar and Sage gives hundreds of globals, so NB201 and
 * NB104 do not report there; the checks of Python's own forms (`x == None`) and the rules that read
 * any language (secrets, trailing whitespace) still do. The shapes are those of
 * lamastex/scalable-data-science's lecture notes (kernelspec `sagemath`, "SageMath 8.4", an empty
 * language), where main reported NB201 on `[1..10]` and NB104 on Sage's globals (`points`, `RR`).
 */
import { readIpynb } from '../../src/notebook/ipynb';
import { isSageKernelspec, isSageNotebook } from '../../src/notebook/languages';
import { notebookText, strictFindings } from './ruleTester';

/** 04.ipynb's metadata, as Sage 8.4 saved it */
const SAGE_8_4 = {
  kernelspec: { display_name: 'SageMath 8.4', language: '', name: 'sagemath' },
  language_info: {
    codemirror_mode: { name: 'ipython', version: 2 },
    file_extension: '.py',
    mimetype: 'text/x-python',
    name: 'python',
    nbconvert_exporter: 'python',
    pygments_lexer: 'ipython2',
    version: '2.7.15'
  }
};

/** a SageMaker Studio kernel: Python, whatever its name holds */
const SAGEMAKER = {
  kernelspec: {
    display_name: 'Python 3 (Data Science 3.0)',
    language: 'python',
    name: 'python3__SAGEMAKER_INTERNAL__arn:aws:sagemaker:us-east-1:081325390199:image/sagemaker-data-science-310-v1'
  },
  language_info: { name: 'python', version: '3.10.6' }
};

const SAGE_CELLS = [
  'p = points([(x, x^2) for x in [1..10]], rgbcolor="red")\np.show()',
  'RR(pi).n(digits=30)',
  'R.<x> = PolynomialRing(QQ)\nf = x^2 - 2\nf.roots(RR)  ',
  'aws_key = "AKIAIOSFODNN7EXAMPLF"',
  'if RR(pi) == None:\n    print("no pi")'
];

/** `CODE@cell` of every finding of a notebook, every rule on */
const found = (metadata: Record<string, unknown>, cells: string[]): string[] =>
  strictFindings('sage.ipynb', metadata, cells);

describe('a SageMath notebook', () => {
  it.each([
    ['Sage 8.x (an empty language)', SAGE_8_4],
    [
      "Sage's installer (language sage)",
      {
        kernelspec: {
          display_name: 'SageMath 9.5',
          language: 'sage',
          name: 'sagemath'
        },
        language_info: { name: 'python' }
      }
    ],
    [
      'a distribution kernel named sagemath-<version>',
      {
        kernelspec: {
          display_name: 'SageMath 10.2',
          language: '',
          name: 'sagemath-10.2'
        },
        language_info: { name: 'python' }
      }
    ]
  ])('%s is a Sage notebook', (_name, metadata) => {
    const nb = readIpynb('sage.ipynb', notebookText(SAGE_CELLS, metadata));
    expect(isSageNotebook(nb)).toBe(true);
  });

  it("reports no NB201 on the preparser's syntax and no NB104 on Sage's globals, and still the rest", () => {
    const codes = found(SAGE_8_4, SAGE_CELLS);
    expect(codes.filter(c => /^NB(104|201)@/.test(c))).toEqual([]);
    // Python's own forms, an AWS key id and trailing blanks are what they are on any kernel
    expect(codes).toContain('NB210@5');
    expect(codes).toContain('NB405@4');
    expect(codes).toContain('NB208@3');
  });

  it('a SageMaker kernel stays Python: the same cells are parsed and checked as Python', () => {
    const nb = readIpynb('sm.ipynb', notebookText(SAGE_CELLS, SAGEMAKER));
    expect(isSageNotebook(nb)).toBe(false);
    const codes = found(SAGEMAKER, SAGE_CELLS);
    expect(codes).toContain('NB201@1');
    expect(codes).toContain('NB104@2');
  });

  it.each([
    [{ name: 'sagemath', display_name: 'SageMath 8.1', language: '' }, true],
    [{ name: 'sage-9.8', display_name: 'Sage', language: '' }, true],
    [
      {
        name: 'python3',
        display_name: 'SageMath 9.0 (on Python 3)',
        language: 'python'
      },
      true
    ],
    [{ name: 'python3', display_name: 'Python 3', language: 'python' }, false],
    [SAGEMAKER.kernelspec, false],
    [
      {
        name: 'sagemaker-python',
        display_name: 'SageMaker',
        language: 'python'
      },
      false
    ],
    // the attack review of s17's merges: Python environments named after a project, and a
    // display name that only begins with "SageMath", are no Sage kernel; Sage's own names are
    [{ name: 'sagemath-10.2', display_name: 'Sage', language: '' }, true],
    [{ name: 'sagemath', display_name: 'Python', language: '' }, true],
    [
      {
        name: 'sage_env',
        display_name: 'Python (sage_env)',
        language: 'python'
      },
      false
    ],
    [
      {
        name: 'sage-gnn',
        display_name: 'Python 3 (GraphSAGE)',
        language: 'python'
      },
      false
    ],
    [
      {
        name: 'python3',
        display_name: 'SageMath-free Python 3',
        language: 'python'
      },
      false
    ],
    [{ name: 'sage.venv', display_name: 'sage', language: 'python' }, false],
    [undefined, false]
  ])('isSageKernelspec(%j) is %s', (spec, expected) => {
    expect(isSageKernelspec(spec)).toBe(expected);
  });
});
