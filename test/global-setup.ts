// Runs once before any test file: the browser tests serve dist/renderer, and
// building it inside a test file raced the others (vite empties the folder
// while another file's page loads its scripts; a blank desk, seen in CI).
import { ensureRendererBuilt } from './e2e/helpers.js';

export default function setup(): void {
  ensureRendererBuilt();
}
