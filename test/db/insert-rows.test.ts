import { describe, expect, it } from 'vitest'
import { rowsPerStatement, sliceSizes } from '../../src/repos/insert-rows.js'

describe('multi-row INSERT slices', () => {
  it('stay within each engine parameter limit, in powers of two', () => {
    expect(rowsPerStatement('sqlite', 15)).toBe(512)
    expect(rowsPerStatement('postgres', 6)).toBe(512)
    // D1 binds at most 100 parameters: 6 rows of 15 values would fit, 4 is the power of two.
    expect(rowsPerStatement('d1', 15)).toBe(4)
    expect(rowsPerStatement('d1', 200)).toBe(1)
  })

  it('cover every row with few distinct sizes', () => {
    expect(sliceSizes(1100, 512)).toEqual([512, 512, 64, 8, 4])
    expect(sliceSizes(3, 4)).toEqual([2, 1])
    expect(sliceSizes(0, 512)).toEqual([])
    for (let rows = 0; rows < 2100; rows++) {
      const sizes = sliceSizes(rows, 512)
      expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(rows)
      expect(new Set(sizes).size).toBeLessThanOrEqual(10)
    }
  })
})
