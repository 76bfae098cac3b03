import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The hospital desk (医保窗口), served by the BFF at /desk/. @yibao/shared is compiled from its
// source (as the mini-program does), so the desk validates, masks and formats with the very
// rules the BFF uses. No inline script or style ends up in index.html: the BFF's
// Content-Security-Policy allows this origin's files only.
export default defineConfig({
  base: '/desk/',
  resolve: { alias: { '@yibao/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
  },
});
