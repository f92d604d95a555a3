import { contractSuite } from './contract.suite.js'
import { startTarget } from './targets.js'

contractSuite('node-sqlite', () => startTarget('node-sqlite'))
