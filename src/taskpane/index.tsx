import { createRoot } from 'react-dom/client';
import { createFileHost } from '../app/file-host';
import { connectExcel, officeHostHint, pageEnvironment, startLanguage } from '../excel/boot';
import { App } from './App';
import { Connecting } from './Connecting';

/**
 * How long a plain browser (no sign of Office on the page) gives Office.js to say otherwise before
 * file mode; office.js itself answers "no host" well within it.
 */
const PLAIN_BROWSER_MS = 1500;

/**
 * Start-up: inside Excel the Excel host, elsewhere (a plain browser) file mode. Inside Office the
 * pane waits for Office.js however long it takes, and says so meanwhile.
 */
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const hint = officeHostHint(pageEnvironment());
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
  if (hint) root.render(<Connecting lang={startLanguage(hint, location.search, languages)} />);
  const excel = await connectExcel({ insideOffice: hint !== undefined, plainBrowserMs: PLAIN_BROWSER_MS });
  const host = excel?.host ?? createFileHost();
  // ?lang= in the address still wins over Office's display language (a support person's view)
  const asked = new URLSearchParams(location.search).get('lang');
  const lang = asked === 'vi' || asked === 'en' ? asked : (excel?.lang ?? startLanguage(hint, location.search, languages));
  // Office's theme inside Excel; the system's light or dark setting in a plain browser
  const dark = excel ? excel.dark : typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
  root.render(<App host={host} initialLang={lang} dark={dark} />);
}

// The webview guard (src/guard/webview-guard.js, run before this bundle) marks a webview that
// cannot run the pane; its message stays and the pane does not start. Otherwise the guard learns
// that the pane started, so a later error is not taken for an old webview.
const page = document.documentElement;
if (page.getAttribute('data-webview') !== 'unsupported') {
  page.setAttribute('data-pane', 'started');
  void start();
}
