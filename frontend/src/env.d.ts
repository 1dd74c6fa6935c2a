/// <reference types="vite/client" />

// Build-time settings (`VITE_*`, read from frontend/.env* or the environment of `npm run build`).
interface ImportMetaEnv {
  /** Map tile URL template, `{s}`/`{z}`/`{x}`/`{y}` as Leaflet takes it; OpenStreetMap when unset. */
  readonly VITE_MAP_TILE_URL?: string;
  /** The attribution the tile provider requires (HTML); OpenStreetMap's when unset. */
  readonly VITE_MAP_ATTRIBUTION?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
