import type { Plugin } from 'vite';

/**
 * zod compiles schemas with `new Function` when it may. MV3 forbids that, so zod falls back to
 * its interpreter anyway; removing the constructor from the bundle makes the build honestly
 * free of code generation, and quiet under store review.
 */
export const withoutCodeGeneration: Plugin = {
  name: 'without-code-generation',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]zod[\\/]v4[\\/]core[\\/](util|doc|compile)\.js$/.test(id)) return null;
    return code.replaceAll(
      'const F = Function;',
      'const F = function () { throw new EvalError("code generation is disabled"); };',
    );
  },
};
