import { contractSuite } from './contract.suite.js'
import { startTarget } from './targets.js'

contractSuite('workerd-d1', () => startTarget('workerd-d1'))
