//! Who wrote a variant, as a kind, defined once: the `arsenal` registry's `Origin` (which also
//! names a crate and its version) reports its kind as this type, and the oracle ranks by it.

use core::fmt;

/// Who wrote a variant: decides the `--only own` and `--no-crates` policies and two tie rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(
    feature = "std",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "lowercase")
)]
pub enum OriginKind {
    /// Written in Arsenal itself.
    Own,
    /// A wrapper around another crate.
    Crate,
    /// The Rust standard library.
    Std,
    /// The C library.
    Libc,
}

impl OriginKind {
    /// Every kind.
    pub const ALL: [OriginKind; 4] = [
        OriginKind::Own,
        OriginKind::Crate,
        OriginKind::Std,
        OriginKind::Libc,
    ];

    /// `own`, `crate`, `std` or `libc`: the store's spelling.
    pub const fn name(self) -> &'static str {
        match self {
            OriginKind::Own => "own",
            OriginKind::Crate => "crate",
            OriginKind::Std => "std",
            OriginKind::Libc => "libc",
        }
    }

    /// The kind the store spells `name`, if any.
    pub fn from_name(name: &str) -> Option<OriginKind> {
        OriginKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl fmt::Display for OriginKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::OriginKind;

    #[test]
    fn names_round_trip() {
        for kind in OriginKind::ALL {
            assert_eq!(OriginKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(OriginKind::from_name("Own"), None);
    }
}
