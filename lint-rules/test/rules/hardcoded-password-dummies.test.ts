/**
 * NB408 and two placeholder shapes (round 26, NVIDIA's GenerativeAIExamples, judged FP ×4):
 * - a key's documented prefix with the rest elided (`"nvapi-*"`, `"sk-..."`, `"hf_…"`): the
 *   reader's key goes there, nothing of a key is written;
 * - a local model server's key stated unused (`api_key = "not used"`), beside the fixed keys those
 *   servers document (`"EMPTY"`, `"not-needed"`: publishedCredentials.ts), under a key's name only.
 * A prefix followed by real characters, and a password that says "not used", stay reported.
 */
import rule from '../../src/rules/hardcoded-password';
import { runRuleTests } from './ruleTester';

runRuleTests(rule, {
  valid: [
    {
      // lq26 NVIDIA+GenerativeAIExamples/RAG/tools/evaluation/notebooks/01_synthetic_data_generation.ipynb,
      // cell 22, and 03_eval_ragas.ipynb, cell 4 (judged FP)
      name: "a key format's prefix with the rest elided",
      cells: [
        'import os\nos.environ[\'NVIDIA_API_KEY\'] = "nvapi-*"\n\nllm = ChatNVIDIA(model="meta/llama3-70b-instruct")',
        'OPENAI_API_KEY = "sk-..."\nHF_TOKEN = "hf_..."\nGITHUB_TOKEN = "ghp_****"\nanthropic_api_key = "sk-ant-…"'
      ]
    },
    {
      // lq26 NVIDIA+GenerativeAIExamples/llama_3.3_nemotron_super_49B/Detailed Thinking Mode
      // with Llama 3.3 Nemotron Super 49B.ipynb, cells 3 and 5 (judged FP): a local NIM
      name: 'a local server key stated unused',
      cells: [
        'from openai import OpenAI\n\nclient = OpenAI(\n  base_url = "http://0.0.0.0:8000/v1",\n  api_key = "not used"\n)',
        'client = OpenAI(base_url=url, api_key="unused")\nOPENAI_API_KEY = "not_used"'
      ]
    }
  ],
  invalid: [
    {
      name: 'a prefix followed by real characters is a key, shortened or not',
      cells: [
        'os.environ["NVIDIA_API_KEY"] = "nvapi-Qx7Rk2LpVnTb9Wc3Yd5Ze8Af1Bg4Ch6Dj0Ek2Fm7Gn9*"\nHF_TOKEN = "hf_Qx7Rk2Lp..."'
      ],
      errors: [
        { message: 'Hard-coded secret in "NVIDIA_API_KEY"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "HF_TOKEN"', cell: 1, line: 2 }
      ]
    },
    {
      name: 'a password that reads "not used" is a password',
      cells: ['password = "not used"\ndb_password = "unused"'],
      errors: [
        { message: 'Hard-coded secret in "password"', cell: 1, line: 1 },
        { message: 'Hard-coded secret in "db_password"', cell: 1, line: 2 }
      ]
    }
  ]
});
