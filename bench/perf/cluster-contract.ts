// The store contract suite (test/store/contract.ts) against RedisQueueStore on an ioredis Cluster.
// A tap test file run by cluster.ts with BENCH_CLUSTER = JSON seeds of a cluster it started:
//   node --import tsx bench/perf/cluster-contract.ts
import { Cluster } from 'ioredis'
import t from 'tap'
import { purgeHall } from '../../src/store/redis/purge.ts'
import { RedisQueueStore } from '../../src/store/redis/redis-store.ts'
import { runContractSuite } from '../../test/store/contract.ts'

const seeds = JSON.parse(process.env.BENCH_CLUSTER ?? '[]') as { host: string; port: number }[]
if (seeds.length === 0) throw new Error('BENCH_CLUSTER (JSON seeds) is required')
const admin = new Cluster(seeds)
t.teardown(() => admin.quit())

runContractSuite(t, async () => {
  const halls = new Set<string>()
  const store = new RedisQueueStore(new Cluster(seeds))
  const configure = store.configureHall.bind(store)
  store.configureHall = (hall, ...rest) => {
    halls.add(hall)
    return configure(hall, ...rest)
  }
  return {
    store,
    cleanup: async () => {
      await store.close()
      for (const hall of halls) await purgeHall(admin, hall)
    },
  }
})
