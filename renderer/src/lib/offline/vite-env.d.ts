/**
 * The one Vite build flag the renderer reads (`import.meta.env.PROD`: true in `vite build`,
 * replaced by a constant there). Declared here rather than through `vite/client`, whose asset
 * module declarations would clash with lib/pdf/vite-assets.d.ts.
 */
interface ImportMetaEnv {
  readonly PROD: boolean;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
