// The module lib/build/lazy-page-surface.ts builds for the page script.
declare module 'virtual:lazy-page-surface' {
  const surface: (
    primordials: import('../page-api/primordials').Primordials,
  ) => typeof import('../page-api/surface').default;
  export default surface;
}
