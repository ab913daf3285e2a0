//! What an op's size counts, defined once for every crate: the `arsenal` crate's registry (no
//! std) and the reports read the same type.

use core::fmt;

/// What an op's size counts, and what its throughput figure is per second of; the store spells it
/// `bytes`, `elements` or `flops`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Bytes of input.
    Bytes,
    /// Elements of input (sort keys).
    Elements,
    /// Floating-point operations (the size is a matrix dimension).
    Flops,
}

impl Unit {
    /// `bytes`, `elements` or `flops`.
    pub const fn name(self) -> &'static str {
        match self {
            Unit::Bytes => "bytes",
            Unit::Elements => "elements",
            Unit::Flops => "flops",
        }
    }

    /// The unit the store names `name`; anything unknown counts as elements (a plain count).
    pub fn from_name(name: &str) -> Unit {
        match name {
            "bytes" => Unit::Bytes,
            "flops" => Unit::Flops,
            _ => Unit::Elements,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Unit;

    #[test]
    fn names_round_trip_and_unknown_names_count_elements() {
        for unit in [Unit::Bytes, Unit::Elements, Unit::Flops] {
            assert_eq!(Unit::from_name(unit.name()), unit);
        }
        assert_eq!(Unit::from_name("widgets"), Unit::Elements);
    }
}
