// Replaced by `true` when scripts/bundle.mjs builds dist/bundle; not defined in the TypeScript or tsc-built trees.
declare const LVMSNAPPER_BUNDLE: boolean | undefined;
