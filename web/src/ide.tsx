/**
 * The GraphQL IDE page (/ide): GraphiQL 5 against /graphql, with the API's example operations
 * as its first tabs, a field for the API key (sent as `Authorization: Bearer KEY`), and a line
 * saying whether the server runs in demo mode. Monaco's web workers are bundled by Vite
 * (graphiql/setup-workers/vite), so the page needs no network beyond this server.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './ide.css';
import { useEffect, useState, type ComponentProps, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import examples from 'virtual:goalnet-examples';
import { authHeaders, describeHealth, fetchHealth, getApiKey, graphql, GRAPHQL_PATH, setApiKey, type Health } from './shared/api.js';
import { PrefixedStorage } from './shared/prefixed-storage.js';
import { operationNameFor } from './shared/operation-name.js';

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];

/** GraphiQL's saved state (tabs, history) lives under this prefix in localStorage. */
const IDE_STORAGE_PREFIX = 'goalnet-ide:';
const storage = new PrefixedStorage(IDE_STORAGE_PREFIX);

/** The example operations as GraphiQL tabs: a title comment, the operation, its variables. */
export const exampleTabs = examples.map((example) => ({
  query: `# ${example.name}\n${example.query}`,
  variables: JSON.stringify(example.variables ?? {}, null, 2),
}));

/**
 * On a first visit (no saved tabs) GraphiQL 5.4 fills the operation editor from the first
 * default tab but leaves the variables editor empty. Seeding its saved editor contents with the
 * first tab makes both editors start with that tab; later visits restore the saved tabs.
 */
function seedFirstVisit(): void {
  if (storage.getItem('graphiql:tabState') !== null || exampleTabs.length === 0) return;
  storage.setItem('graphiql:query', exampleTabs[0].query);
  storage.setItem('graphiql:variables', exampleTabs[0].variables);
}
seedFirstVisit();

const DEFAULT_QUERY = `# goalnet GraphQL API
#
# The tabs above hold one example per analysis (gaps, partners, channels, ...) against the
# example model "home-purchase". Press Ctrl-Enter (or the run button) to run a tab.
# The Docs panel on the left lists every type and field.

{
  models { id name journeyCount }
}
`;

/**
 * Posts the operation as JSON with the stored API key; headers typed into GraphiQL's own
 * header editor win. A non-JSON answer becomes a GraphQL error the result panel shows.
 */
const fetcher: Fetcher = async (params, opts) => {
  const body = { ...params, operationName: operationNameFor(params.query, params.operationName) };
  const response = await fetch(GRAPHQL_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders(), ...(opts?.headers ?? {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as Awaited<ReturnType<Fetcher>>;
  } catch {
    return { errors: [{ message: `The server answered ${response.status} ${response.statusText} without JSON: ${text.slice(0, 200)}` }] } as unknown as Awaited<
      ReturnType<Fetcher>
    >;
  }
};

function Header() {
  const [health, setHealth] = useState<Health | null | undefined>(undefined);
  const [key, setKey] = useState(() => getApiKey() ?? '');
  const [saved, setSaved] = useState(() => getApiKey() ?? '');

  const [models, setModels] = useState<{ id: string; name: string }[]>([]);

  useEffect(() => {
    let live = true;
    void fetchHealth().then((h) => {
      if (live) setHealth(h);
    });
    return () => {
      live = false;
    };
  }, []);

  // The models this key may read, for the actor-network links; none when the key is refused.
  useEffect(() => {
    let live = true;
    graphql<{ models: { id: string; name: string }[] }>('query IdeModels { models { id name } }')
      .then((data) => {
        if (live) setModels(data.models);
      })
      .catch(() => {
        if (live) setModels([]);
      });
    return () => {
      live = false;
    };
  }, [saved]);

  const save = (event: FormEvent) => {
    event.preventDefault();
    setApiKey(key);
    setSaved(key.trim());
  };

  const resetTabs = () => {
    if (!window.confirm('Put back the example tabs? Your open tabs and history in this IDE are cleared.')) return;
    storage.clear();
    window.location.reload();
  };

  const mode = health === undefined ? 'Checking the server…' : describeHealth(health);
  const modeClass = health === undefined ? '' : health === null ? 'bad' : health.demo ? 'demo' : 'keyed';
  return (
    <header className="goalnet-bar">
      <a className="brand" href="/ide">
        <span className="logo" aria-hidden="true">◎</span> goalnet <span className="sub">GraphQL IDE</span>
      </a>
      <span className={`mode ${modeClass}`} data-testid="server-mode" data-demo={health?.demo === true ? 'true' : 'false'}>
        {mode}
      </span>
      <nav>
        {models.length > 0 ? (
          <select
            aria-label="Open the actor network of a model"
            value=""
            onChange={(e) => {
              if (e.target.value !== '') window.location.href = `/network/${encodeURIComponent(e.target.value)}`;
            }}
          >
            <option value="">Actor network…</option>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        ) : (
          <a href="/network/home-purchase" title="The actor network of the example model">
            Actor network
          </a>
        )}
        <button type="button" onClick={resetTabs} title="Restore the example tabs">
          Reset examples
        </button>
      </nav>
      <form className="key" onSubmit={save}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={health?.demo ? 'not needed in demo mode' : 'paste your key'}
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="submit" disabled={key.trim() === saved}>
          {key.trim() === '' && saved !== '' ? 'Forget' : 'Save'}
        </button>
        <span className="key-state">{saved === '' ? 'no key' : 'key saved'}</span>
      </form>
    </header>
  );
}

function App() {
  return (
    <div className="goalnet-ide">
      <Header />
      <main className="goalnet-graphiql">
        <GraphiQL fetcher={fetcher} storage={storage} defaultTabs={exampleTabs} defaultQuery={DEFAULT_QUERY} defaultEditorToolsVisibility="variables" />
      </main>
    </div>
  );
}

// No <StrictMode>: its double mount leaves GraphiQL 5's Monaco editors bound to the first,
// disposed instances (switching tabs then no longer changes the editors' text).
createRoot(document.getElementById('root')!).render(<App />);
