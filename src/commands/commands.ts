/**
 * The ribbon's function file (commands.html, the manifest's FunctionFile). The "Phụ lục" button
 * uses the ShowTaskpane action, so no command runs here: Office only needs the page to
 * initialise Office.js. A button that runs code without the pane would be associated here.
 */
void Office.onReady(() => {
  // Nothing to register.
});
