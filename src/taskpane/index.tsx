import { createRoot } from 'react-dom/client';
import { createFileHost } from '../app/file-host';
import { connectExcel } from '../excel/boot';
import { App } from './App';

/**
 * Start-up: inside Excel the Excel host, elsewhere (a plain browser) file mode. Office.js may be
 * absent or never answer outside Office: file mode does not wait for it for long.
 */
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const excel = await connectExcel(1500);
  const host = excel?.host ?? createFileHost();
  const lang = excel?.lang ?? (new URLSearchParams(location.search).get('lang') === 'en' ? 'en' : 'vi');
  root.render(<App host={host} initialLang={lang} />);
}

void start();
