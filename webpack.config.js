// The task pane build comes with the add-in issue; the command line is compiled by tsc (npm run build:cli).
module.exports = { mode: 'production', entry: {}, plugins: [] };
