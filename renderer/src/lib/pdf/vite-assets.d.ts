/**
 * Vite's `?url` imports: the module's default export is the URL of the emitted asset.
 * (Declared here rather than through `vite/client` types, which would bring in more globals
 * than the renderer uses.)
 */
declare module '*?url' {
  const url: string;
  export default url;
}
