import { postgresAvailable } from '../postgres/pg-support.js'
import { contractSuite } from './contract.suite.js'
import { startTarget } from './targets.js'

// Without PostgreSQL: skipped with the reason printed, or a failure when CI is set.
const available = await postgresAvailable()

contractSuite('node-postgres', () => startTarget('node-postgres'), { skip: !available })
