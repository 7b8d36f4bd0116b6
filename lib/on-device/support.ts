/** JSPI: what the shipped llama.cpp build needs of the browser (it lets wasm await file reads). */
export const engineSupported = (): boolean => typeof WebAssembly === 'object' && 'Suspending' in WebAssembly;
