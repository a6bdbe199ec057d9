import rule from '../../src/rules/azure-sas-token';
import { runRuleTests } from './ruleTester';

/** three distinct tokens (signatures of 20, 24 and 28 characters), as a deployment log prints them */
const sas = (n: number) =>
  'sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01&sig=' +
  'AbCdEf0123456789QRST'.padEnd(16 + 4 * n, 'x');
const log = [1, 2, 3]
  .map(round => [1, 2, 3].map(n => `round ${round}: ?${sas(n)}\n`))
  .flat();

/** a SAS query as the portal writes it (sp and se before sv) with permissions `sp`, expiring `se` */
const portal = (sp: string, se: string) =>
  `?sp=${sp}&st=2018-04-01T00%3A00%3A00Z&se=${se}&spr=https&sv=2018-03-28&sr=b&sig=GTLU0g3pajgz4dpGUhOpJHBk3CcbCMkKT8wx%3D`;
/**
 * a Planetary Computer signed asset URL's query (PlanetaryComputerExamples datasets/met-office/
 * met-office-uk-deterministic-height.ipynb, cell 7's output: st, se, sp=rl, sv, sr=c, the user
 * delegation fields, sig), with permissions `sp` and expiry `se`, and `extra` fields
 */
const pcAsset = (sp: string, se: string, extra = '') =>
  `https://ukmoeuwest.blob.core.windows.net/deterministic/uk/height.nc?st=2026-01-29T16%3A22%3A45Z&se=${se}&sp=${sp}${extra}&sv=2025-07-05&sr=c&skoid=a1b2c3d4-0000-0000-0000-000000000000&sktid=72f988bf-0000-0000-0000-000000000000&skt=2026-01-26T19%3A24%3A16Z&ske=2026-02-02T19%3A24%3A16Z&sks=b&skv=2025-07-05&sig=GTLU0g3pajgz4dpGUhOpJHBk3CcbCMkKT8wx%3D`;
/** a cell whose stdout output prints `text` */
const printed = (code: string, text: string) => ({
  code,
  outputs: [{ output_type: 'stream', name: 'stdout', text: [`${text}\n`] }]
});

/** a SAS query with sp before sv and se after sig, as Databricks' course Dataset-Mounts map writes it */
const mountMap = (sp: string, se: string) =>
  `?ss=b&sp=${sp}&sv=2018-03-28&st=2018-04-01T00%3A00%3A00Z&sig=GTLU0g3pajgz4dpGUhOpJHBk3CcbCMkKT8wx%3D&srt=sco&se=${se}`;

runRuleTests(rule, {
  valid: [
    {
      // databricks-academy/natural-language-processing Includes/Dataset-Mounts.py, cell 1: the
      // course's per-region read-and-list tokens, expired 2023-04-01; ml-in-production-japanese
      // 01-Feature-Store.py, cell 42: an expired read-only blob link in a Markdown link
      name: 'an expired read-only or read-and-list token in the source',
      options: { today: '2026-12-07' },
      cells: [
        `val m = Map("northcentralus" -> ("dbtrainnorthcentralus", "${mountMap('rl', '2023-04-01T00%3A00%3A00Z')}"))`,
        {
          md: `[docs](https://x.blob.core.windows.net/c/a.html${portal('r', '2022-08-19T17%3A55%3A31Z')})`
        },
        `url = "https://x.blob.core.windows.net/c${portal('rl', '2026-12-06')}"`
      ]
    },
    {
      // the portal's "HTTPS and HTTP" protocols field holds a comma (spr=https,http): still one query
      name: 'an expired read-only token whose spr= lists two protocols',
      options: { today: '2026-12-07' },
      cells: [
        `url = "https://x.blob.core.windows.net/c?sp=r&st=2018-04-01T00%3A00%3A00Z&se=2022-01-01&spr=https,http&sv=2018-03-28&sr=b&sig=GTLU0g3pajgz4dpGUhOpJHBk3CcbCMkKT8wx%3D"`
      ]
    },
    {
      // PlanetaryComputerExamples datasets/met-office/*.ipynb cell 7 and datasets/nasadem/
      // nasadem-example.ipynb cell 11 (round 26, rows 147-152): item assets printed with the
      // Planetary Computer's anonymous read/list token, expired; the catalog is opened with
      // modifier=planetary_computer.sign_inplace, or an item signed with planetary_computer.sign
      name: "an expired read-only token in the output of a notebook signed by the Planetary Computer's anonymous signer",
      options: { today: '2026-12-07' },
      cells: [
        'import planetary_computer\nimport pystac_client\ncatalog = pystac_client.Client.open(URL, modifier=planetary_computer.sign_inplace)',
        printed('item.assets', pcAsset('rl', '2026-01-30T17%3A07%3A45Z')),
        printed('signed', pcAsset('r', '2022-08-22T16%3A47%3A02Z'))
      ]
    },
    {
      cells: [
        'sas = dbutils.secrets.get("kv", "sas")\nurl = f"https://acct.blob.core.windows.net/c?{sas}"'
      ]
    }
  ],
  invalid: [
    {
      // the near misses of the expired read-only tokens: one that expires today or later, one
      // that could write, delete or add, one with no se= (a stored access policy's expiry), the
      // same expired read-only token in an output (a run's log: clear the outputs)
      name: 'a live, writable or policy-bound token, and an expired read-only one in an output',
      options: { today: '2026-12-07' },
      cells: [
        `a = "${mountMap('rl', '2026-12-07')}"\nb = "${portal('r', '2030-01-01')}"\nc = "${mountMap('rwdl', '2023-04-01')}"\nd = "${portal('ra', '2022-01-01')}"\ne = "?si=readers&sv=2018-03-28&sp=r&sig=GTLU0g3pajgz4dpGUhOpJHBk3CcbCMkKT8wx%3D"`,
        {
          code: 'run.get_details()',
          outputs: [
            {
              output_type: 'stream',
              name: 'stdout',
              text: [
                `https://x.blob.core.windows.net/logs/a.txt${portal('r', '2021-03-01T10%3A00%3A00Z')}\n`
              ]
            }
          ]
        }
      ],
      errors: [1, 2, 3, 4, 5]
        .map(line => ({ message: 'Hard-coded Azure SAS token', cell: 1, line }))
        .concat([{ message: 'in output 1', cell: 2, line: 1 }])
    },
    {
      // the same Planetary Computer notebook: its outputs still report a live token, any other
      // permission, a stored access policy, an account SAS (ss=), and the expired read-only token
      // written in a cell's source stays exempt while a live one there is reported
      name: "a live, writable, policy-bound or account token in a Planetary Computer notebook's output",
      options: { today: '2026-12-07' },
      cells: [
        'import planetary_computer\nitem = planetary_computer.sign(item)',
        printed('a', pcAsset('rl', '2026-12-07T00%3A00%3A00Z')),
        printed('b', pcAsset('rlw', '2026-01-30T17%3A07%3A45Z')),
        printed('c', pcAsset('rl', '2026-01-30T17%3A07%3A45Z', '&si=readers')),
        printed(
          'd',
          pcAsset('rl', '2026-01-30T17%3A07%3A45Z', '&ss=bfqt&srt=sco')
        ),
        `e = "${pcAsset('rl', '2026-01-30')}"\nf = "${pcAsset('rl', '2027-01-30')}"`
      ],
      errors: [2, 3, 4, 5]
        .map(cell => ({ message: 'in output 1', cell, line: 1 }))
        .concat([{ message: 'Hard-coded Azure SAS token', cell: 6, line: 2 }])
    },
    {
      // review F2.1: tokens joined by `,` `;` `|` are separate queries: a policy-bound token
      // (si=, no sp/se of its own) next to an expired read-only one kept its neighbour's fields;
      // and a token naming a stored access policy has permissions the text does not show
      name: 'each of joined tokens read by its own query, and a token with si= reported',
      options: { today: '2026-12-07' },
      cells: [
        [',', ';', '|']
          .map(
            (sep, i) =>
              `t${i} = "${portal('rl', '2020-01-01').slice(1)}${sep}sv=2020-08-04&si=writers&sr=c&sig=BBBBBBBBBBBBBBBBBBBBBBBB"`
          )
          .join('\n') +
          `\nu = "?si=readers&sp=r&se=2020-01-01&sv=2018-03-28&sig=GTLU0g3pajgz4dpGUhOpJHBk3CcbCMkKT8wx%3D"`
      ],
      errors: [1, 2, 3, 4].map(line => ({
        message: 'Hard-coded Azure SAS token',
        cell: 1,
        line
      }))
    },
    {
      // the date the rule compares with is the option's, or today's: a token that expired
      // yesterday by the option is reported when the option puts today before it
      name: "the expiry compared with the option's date",
      options: { today: '2023-03-31' },
      cells: [`a = "${mountMap('rl', '2023-04-01T00%3A00%3A00Z')}"`],
      errors: [{ message: 'Hard-coded Azure SAS token', cell: 1, line: 1 }]
    },
    {
      // a build log printing 3 tokens 3 times gave 9 findings at one place: one per token and output
      name: 'each distinct token once per output, however often the output prints it',
      cells: [
        {
          code: 'deploy()',
          outputs: [
            { output_type: 'stream', name: 'stdout', text: log },
            { output_type: 'stream', name: 'stderr', text: [`${sas(2)}\n`] }
          ]
        }
      ],
      errors: [
        { message: '(70 chars)) in output 1', cell: 1 },
        { message: '(74 chars)) in output 1', cell: 1 },
        { message: '(74 chars)) in output 2', cell: 1 },
        { message: '(78 chars)) in output 1', cell: 1 }
      ]
    },
    {
      cells: [
        'url = "https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01&sig=AbCdEf0123456789%2BxyzQRS%3D"'
      ],
      errors: [
        {
          message: 'Hard-coded Azure SAS token',
          messageId: 'inSource',
          cell: 1,
          line: 1,
          column: 45
        }
      ]
    }
  ]
});
