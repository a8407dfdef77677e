//! Byte tests 64 bytes at a time, as bit masks: the scans of the parser and
//! of the term matcher look at a bit per byte instead of branching on every
//! byte.

/// Bytes tested at once.
pub const BLOCK: usize = 64;

/// Bit `k` set where lane `k` is 1 (lanes are 0 or 1). The tests that fill
/// the lanes compile to vector compares; this gathers each 8 lanes into 8
/// bits with one multiplication.
#[inline]
pub fn lanes_to_bits(lanes: &[u8; BLOCK]) -> u64 {
    let mut bits = 0u64;
    for (n, eight) in lanes.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(eight);
        // Lane j (bit 8j) lands on bit 56 + j; every other product falls
        // below bit 56 or past bit 63, on distinct bits, so nothing carries.
        let gathered = u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        bits |= gathered << (8 * n);
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lane_lands_on_its_bit() {
        for k in 0..BLOCK {
            let mut lanes = [0u8; BLOCK];
            lanes[k] = 1;
            assert_eq!(lanes_to_bits(&lanes), 1 << k);
            let mut lanes = [1u8; BLOCK];
            lanes[k] = 0;
            assert_eq!(lanes_to_bits(&lanes), !(1 << k));
        }
        let alternate: [u8; BLOCK] = std::array::from_fn(|k| (k % 2) as u8);
        assert_eq!(lanes_to_bits(&alternate), 0xAAAA_AAAA_AAAA_AAAA);
    }
}
