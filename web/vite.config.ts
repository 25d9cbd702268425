// Builds the staff web app into web/dist: index.html plus hashed files under assets/, which the
// mesoclinic binary serves (long cache for assets, no-cache for index.html, a strict CSP that
// allows no inline script, so nothing here may inject one).
import { defineConfig } from "vite";

export default defineConfig({
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // No inline module preload polyfill: the CSP allows scripts from our own files only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npm run dev` on port 5173, with the API of a server started by scripts/run.
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
