#!/usr/bin/env node
// The `prefcenter` command (src/node/cli.ts), run as a bundle: see bundle.mjs.
import { runEntry } from './bundle.mjs'

await runEntry('src/node/cli.ts', 'cli')
