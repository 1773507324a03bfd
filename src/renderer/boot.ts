// The page's entry, deliberately tiny: early-start connects to the engine, asks for the project and
// starts the layout worker in this script's own short task; only then is the UI bundle (~1 MB:
// React, React Flow, the studio) fetched and evaluated. In one script, the socket would wait for
// that whole evaluation (~150–300 ms) before even connecting.
import './early-start';
import '@xyflow/react/dist/style.css';
import '@xterm/xterm/css/xterm.css';
import './styles/theme.css';
import './styles/app.css';

import('./main').catch((error: unknown) => {
  const root = document.getElementById('root');
  if (root) root.textContent = `Floe Studio could not load: ${String(error)}`;
  throw error;
});
