#!/usr/bin/env node
// The `vmscope` command: loads the TypeScript CLI through tsx's ESM loader, so it works right after
// `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('../src/lib/sim/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
