// The contract suite against the embedded in-process store.
import t from 'tap'
import { MemoryQueueStore } from '../../src/store/memory/memory-store.ts'
import { runContractSuite } from './contract.ts'

runContractSuite(t, async () => {
  const store = new MemoryQueueStore()
  return { store, cleanup: () => store.close() }
})
