/**
 * The few layout rules Fluent's components do not cover, for a 320 px wide task pane. Injected
 * once as a <style> element so the build needs no CSS loader.
 */
const PANE_CSS = `
body { margin: 0; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.outcome { display: flex; flex-direction: column; gap: 8px; }
.outcome:empty { display: none; }
.outcome:focus-visible { outline: 2px solid #0f6cbd; outline-offset: 2px; }
.app .fui-TabList .fui-Tab { padding-left: 2px; padding-right: 2px; column-gap: 0; }
.app .fui-Select { min-width: 0; max-width: 100%; }
.preview h2, .preview h3 { text-align: left; font-family: 'Times New Roman', serif; }
.app { display: flex; flex-direction: column; gap: 8px; padding: 8px 10px; max-width: 100%; box-sizing: border-box; font-family: 'Segoe UI', system-ui, sans-serif; }
.header { display: flex; align-items: center; justify-content: space-between; }
.header h1 { font-size: 18px; margin: 0; }
.tab { display: flex; flex-direction: column; gap: 10px; padding-top: 8px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; }
.row > * { flex: 1 1 130px; }
.field { display: flex; flex-direction: column; gap: 4px; align-items: flex-start; }
.problems { list-style: none; margin: 4px 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.problem { border-left: 3px solid #c50f1f; padding: 4px 6px; background: #fdf3f4; font-size: 12px; overflow-wrap: anywhere; }
.problem.warning { border-left-color: #bc4b09; background: #fff9f5; }
.problem .place { font-weight: 600; }
.problem-button { all: unset; cursor: pointer; display: block; width: 100%; }
details > summary { cursor: pointer; font-weight: 600; }
.preview { border: 1px solid #d1d1d1; padding: 8px; font-family: 'Times New Roman', serif; font-size: 14px; text-align: justify; max-height: 60vh; overflow: auto; }
.preview h3 { font-size: 14px; margin: 8px 0 4px; }
.preview h3.level3 { font-style: italic; font-weight: normal; }
.preview p { margin: 4px 0; text-indent: 1em; }
.problem-button:focus-visible { outline: 2px solid #0f6cbd; outline-offset: 2px; }
`;

if (typeof document !== 'undefined' && !document.getElementById('phuluc-styles')) {
  const style = document.createElement('style');
  style.id = 'phuluc-styles';
  style.textContent = PANE_CSS;
  document.head.appendChild(style);
}
export {};
