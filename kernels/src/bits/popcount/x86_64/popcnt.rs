//! The reference's code with the `popcnt` instruction enabled: one `popcnt` per 8-byte word,
//! which the compiler schedules over several accumulators.

use crate::bits::popcount::scalar;

/// The number of set bits in `data`.
///
/// # Safety
///
/// The CPU supports POPCNT.
#[target_feature(enable = "popcnt")]
pub unsafe fn popcount(data: &[u8]) -> u64 {
    scalar::count(data)
}
