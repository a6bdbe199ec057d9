/**
 * NB201 and the notebook's language: the kernel that ran a notebook reports its language in
 * `language_info`; a Python kernelspec beside a non-Python `language_info` is a notebook another
 * kernel ran, and its cells are not Python to check. Round 23: Azure-Sentinel-Notebooks'
 * "A Getting Started Guide For PowerShell AML Notebooks.ipynb" (kernelspec `python38-azureml`,
 * language_info PowerShell, kernel_info `.net-powershell`), 22 of the corpus's 35 NB201 findings.
 */
import rule from '../../src/rules/syntax-error';
import { runRuleTests } from './ruleTester';

/** the Azure ML notebook's metadata, as saved */
const powershellOnAzureMl = {
  kernel_info: { name: '.net-powershell' },
  kernelspec: {
    display_name: 'Python 3.8 - AzureML',
    language: 'python',
    name: 'python38-azureml'
  },
  language_info: {
    file_extension: '.ps1',
    mimetype: 'text/x-powershell',
    name: 'PowerShell',
    pygments_lexer: 'powershell',
    version: '7.0'
  }
};

runRuleTests(rule, {
  valid: [
    {
      // cells 16 and 44 of the guide: Out-Display, a here-string (@" ... "@)
      name: 'a PowerShell notebook with a Python kernelspec: language_info wins',
      metadata: powershellOnAzureMl,
      cells: [
        '##Output Markdown\r\nOut-Display "**THIS IS BOLD** _ITALICS_" -MimeType text/markdown\r\n$host.UI.RawUI.ForegroundColor = [System.ConsoleColor]::Blue',
        '##Query the Log Analytics table\r\n$query = @"\r\n    Heartbeat \r\n    | where TimeGenerated >= ago(1d) \r\n"@'
      ]
    },
    {
      // .NET Interactive (Polyglot Notebooks) names each cell's kernel: a PowerShell or C# cell
      // of a notebook whose kernelspec and language_info both say Python is not Python
      name: "a cell .NET Interactive's metadata names another kernel",
      cells: [
        {
          code: 'Out-Display "bold" -MimeType text/markdown',
          metadata: { dotnet_interactive: { language: 'pwsh' } }
        },
        {
          code: 'var x = new List<int> { 1, 2 };',
          metadata: { polyglot_notebook: { kernelName: 'csharp' } }
        }
      ]
    }
  ],
  invalid: [
    {
      // the same kernelspec with language_info Python is a Python notebook
      name: 'a Python kernelspec and a Python language_info stay Python',
      metadata: {
        ...powershellOnAzureMl,
        language_info: { name: 'python', version: '3.8.5' }
      },
      cells: ['Out-Display "**THIS IS BOLD**" -MimeType text/markdown'],
      errors: [{ message: /./, cell: 1, line: 1 }]
    },
    {
      // a polyglot cell connected to a Python kernel (`#!connect jupyter --kernel-name
      // pythonkernel`) is Python
      name: 'a polyglot cell whose kernel is a Python one is checked',
      cells: [
        {
          code: 'print("a" "b"',
          metadata: { polyglot_notebook: { kernelName: 'pythonkernel' } }
        }
      ],
      errors: [{ message: /./, cell: 1, line: 1 }]
    }
  ]
});
