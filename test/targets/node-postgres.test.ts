import { contractSuite } from './contract.suite.js'
import { startTarget } from './targets.js'

contractSuite('node-postgres', () => startTarget('node-postgres'))
