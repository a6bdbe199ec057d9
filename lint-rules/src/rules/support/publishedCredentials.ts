/**
 * Credentials published for local or demo use, which open nothing of the notebook's author: the
 * fixed keys of local model servers, MinIO's default pairs on a store on this machine, httpbin's
 * demo pair. One owner for the rules that would report them (NB408, NB504).
 */

const LOCAL_SERVER_KEYS = new Set([
  'empty',
  'lm-studio',
  'lmstudio',
  'ollama',
  'sk-no-key-required',
  'not-needed',
  'no-key-required',
  // round 26: NVIDIA's NIM examples, `OpenAI(base_url="http://0.0.0.0:8000/v1", api_key="not used")`
  'not-used',
  'unused'
]);

/**
 * Whether `value`, given to `name`, is one of the fixed keys OpenAI-compatible local model
 * servers document for a client that insists on one (the server ignores it): vLLM's `"EMPTY"`,
 * LM Studio's `"lm-studio"`, Ollama's `"ollama"` ("required but ignored"), llama.cpp server's
 * `"sk-no-key-required"`, and the `"not-needed"` / `"not used"` of their tutorials. Compared whole, in
 * any case, a space or `_` read as `-`:
 * `sk-...` with a real key's random tail is not one. Only under a key's name (`api_key=`,
 * `openai_api_key`, `OPENAI_API_KEY`), where such a client takes it: `password = "Ollama"` is
 * a password like any other.
 */
export function isLocalServerKey(name: string, value: string): boolean {
  return (
    /key$/i.test(name) &&
    LOCAL_SERVER_KEYS.has(value.toLowerCase().replace(/[ _]/g, '-'))
  );
}

/**
 * MinIO's documented credentials, user to password: the server's default root user
 * (`minioadmin`/`minioadmin`) and the pair of MinIO's own docker-compose example
 * (`minio`/`minio123`), which MLflow set-ups for a local artifact store copy.
 */
const MINIO_DEFAULTS = new Map([
  ['minioadmin', 'minioadmin'],
  ['minio', 'minio123']
]);

/** Whether `user` and `password` are one of MinIO's published default pairs. */
export function isMinioDefaultPair(user: string, password: string): boolean {
  return MINIO_DEFAULTS.get(user) === password;
}

/** MinIO's default password for a default user (`minioadmin` -> `minioadmin`), else undefined */
export function minioDefaultPassword(user: string): string | undefined {
  return MINIO_DEFAULTS.get(user);
}

/**
 * Whether an endpoint is on this machine: `localhost` or `127.0.0.1`, with an optional scheme,
 * port and trailing `/` (`http://localhost:9000`, `localhost:9000`): a store the reader runs
 * with the published defaults, which open nothing but their own docker set-up (round 20).
 */
export function isLocalEndpoint(endpoint: string): boolean {
  return /^(?:https?:\/\/)?(?:localhost|127\.0\.0\.1)(?::\d+)?\/?$/i.test(
    endpoint
  );
}

/**
 * httpbin's Basic-auth endpoint takes the pair it checks from its own path
 * (`https://httpbin.org/basic-auth/user/passwd`): a password the same call's URL already prints
 * is the documented demo (requests' tutorial line), no secret the notebook leaks (round 21's
 * attack review, R9).
 */
export function isHttpbinDemoPair(
  url: string,
  user: string,
  password: string
): boolean {
  const m =
    /^https?:\/\/(?:www\.)?httpbin\.org\/(?:basic-auth|digest-auth\/\w+|hidden-basic-auth)\/([^/?#]+)\/([^/?#]+)/i.exec(
      url
    );
  return m !== null && m[1] === user && m[2] === password;
}
