// The graph library is loaded by its own <script> tag (static/vendor/cytoscape.min.js).
import type cytoscapeModule from "cytoscape";

declare global {
  const cytoscape: typeof cytoscapeModule;
}
