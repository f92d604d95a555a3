#!/usr/bin/env node
// `npm start`: the service (src/node/main.ts), run as a bundle: see bundle.mjs.
import { runEntry } from './bundle.mjs'

await runEntry('src/node/main.ts', 'main')
