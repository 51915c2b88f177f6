import { defineConfig } from 'vite';

// base './': the built site must work from any folder, on the frontline server or a plain file server.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // MapLibre's worker is an .mjs file; plain file servers often send .mjs with a type a
        // module worker refuses, while every server knows .js.
        assetFileNames: (info) => ((info.names?.[0] || info.name || '').endsWith('.mjs') ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  server: {
    // `npm run dev` against the development stand-in (dev/mock-server.mjs) or a frontline server.
    proxy: Object.fromEntries(['/api', '/tiles', '/base', '/site.json', '/data'].map((p) => [p, process.env.FRONTLINE_URL || 'http://127.0.0.1:8090'])),
  },
});
