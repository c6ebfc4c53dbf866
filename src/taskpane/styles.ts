/**
 * The few layout rules Fluent's components do not cover, for a 320 px wide task pane. Injected
 * once as a <style> element so the build needs no CSS loader.
 */
const PANE_CSS = `
body { margin: 0; }
.provider { min-height: 100vh; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.outcome { display: flex; flex-direction: column; gap: 8px; scroll-margin: 8px; }
.outcome:empty { display: none; }
.outcome:focus-visible, .preview:focus-visible, .file-list:focus-visible { outline: 2px solid var(--colorStrokeFocus2, #0f6cbd); outline-offset: 2px; }
.app .fui-TabList .fui-Tab { padding-left: 2px; padding-right: 2px; column-gap: 0; }
.app .fui-Select { min-width: 0; max-width: 100%; }
.preview h2, .preview h3 { text-align: left; font-family: 'Times New Roman', serif; }
.app { display: flex; flex-direction: column; gap: 8px; padding: 8px 10px; max-width: 100%; box-sizing: border-box; font-family: 'Segoe UI', system-ui, sans-serif; position: relative; }
.app.dragging { outline: 2px dashed var(--colorBrandStroke1, #0f6cbd); outline-offset: -4px; }
.drop-hint { position: fixed; inset: auto 8px 8px 8px; padding: 8px; border-radius: 4px; background: var(--colorBrandBackground, #0f6cbd); color: var(--colorNeutralForegroundOnBrand, #fff); text-align: center; pointer-events: none; }
.header { display: flex; align-items: center; justify-content: space-between; }
.header h1 { font-size: 18px; margin: 0; }
.tab { display: flex; flex-direction: column; gap: 10px; padding-top: 8px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; }
.row > * { flex: 1 1 130px; }
.field { display: flex; flex-direction: column; gap: 4px; align-items: flex-start; width: 100%; }
.file-state { display: flex; align-items: center; gap: 4px; flex-wrap: wrap; }
.file-errors { color: var(--colorPaletteRedForeground1, #b10e1c); }
.file-list-box { width: 100%; display: flex; flex-direction: column; align-items: flex-start; gap: 2px; }
.file-list { border: 1px solid var(--colorNeutralStroke1, #d1d1d1); border-radius: 4px; }
.file-list ul { margin: 0; padding: 0; list-style: none; }
.file-row { display: flex; align-items: center; gap: 4px; padding: 0 2px 0 6px; box-sizing: border-box; }
.file-row .file-name { flex: 1 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
.report-header { border: 1px solid var(--colorNeutralStroke2, #e0e0e0); border-radius: 4px; margin: 0; padding: 6px 8px 8px; display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.report-header legend { font-weight: 600; padding: 0 4px; }
.problems { list-style: none; margin: 4px 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
.problem { border-left: 3px solid var(--colorPaletteRedBorder2, #c50f1f); padding: 4px 6px; background: var(--colorPaletteRedBackground1, #fdf3f4); color: var(--colorNeutralForeground1, #242424); font-size: 12px; overflow-wrap: anywhere; }
.problem.warning { border-left-color: var(--colorPaletteDarkOrangeBorder2, #bc4b09); background: var(--colorPaletteDarkOrangeBackground1, #fff9f5); }
.problem .place { font-weight: 600; }
.problem-button { all: unset; cursor: pointer; display: block; width: 100%; }
details > summary { cursor: pointer; font-weight: 600; }
.preview { border: 1px solid var(--colorNeutralStroke1, #d1d1d1); padding: 8px; font-family: 'Times New Roman', serif; font-size: 14px; text-align: justify; max-height: 60vh; overflow: auto; }
.preview h3 { font-size: 14px; margin: 8px 0 4px; }
.preview h3.level3 { font-style: italic; font-weight: normal; }
.preview p { margin: 4px 0; text-indent: 1em; }
.problem-button:focus-visible { outline: 2px solid var(--colorStrokeFocus2, #0f6cbd); outline-offset: 2px; }
`;

if (typeof document !== 'undefined' && !document.getElementById('phuluc-styles')) {
  const style = document.createElement('style');
  style.id = 'phuluc-styles';
  style.textContent = PANE_CSS;
  document.head.appendChild(style);
}
export {};
