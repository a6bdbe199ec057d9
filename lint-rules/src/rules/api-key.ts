import { secretRule } from './support/secrets';

/** Well-known API key formats: Hugging Face, OpenAI, GitHub, Slack. */
export default secretRule({
  code: 'NB407',
  id: 'api-key',
  description:
    'Hard-coded third-party API key (Hugging Face, OpenAI, GitHub, Slack) in a cell or its outputs.',
  label: 'API key',
  // the pattern's own prefixes: a bare `gh` is in ordinary words and let the regex run on most texts
  mustContain: [
    'hf_',
    'sk-',
    'ghp_',
    'gho_',
    'ghu_',
    'ghs_',
    'ghr_',
    'github_pat_',
    'xox'
  ],
  pattern:
    /(?<![A-Za-z0-9_-])(?:hf_[A-Za-z0-9]{30,}|sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}|xox[abposr]-[A-Za-z0-9-]{10,})/g,
  // a real key mixes letters and digits
  accept: secret => /\d/.test(secret) && /[a-zA-Z]/.test(secret.slice(4))
});
