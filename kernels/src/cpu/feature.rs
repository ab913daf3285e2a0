//! The [`Feature`] enumeration and the [`FeatureSet`] bit set.

use core::fmt;

macro_rules! features {
    ($($(#[$doc:meta])* $feat:ident = $name:literal, requires [$($req:ident),*];)*) => {
        /// One CPU feature a variant may require. Names are Rust's `target_feature` names.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Feature {
            $($(#[$doc])* $feat,)*
        }

        impl Feature {
            /// Every feature, in bit order.
            pub const ALL: &'static [Feature] = &[$(Feature::$feat),*];

            /// The `target_feature` name (`"avx512bw"`, `"sse4.2"`).
            pub const fn name(self) -> &'static str {
                match self { $(Feature::$feat => $name,)* }
            }

            /// The features this one builds on: masking any of them masks this one too.
            pub const fn prerequisites(self) -> FeatureSet {
                match self { $(Feature::$feat => FeatureSet::of(&[$(Feature::$req),*]),)* }
            }
        }
    };
}

features! {
    /// SSE2, baseline on x86_64.
    Sse2 = "sse2", requires [];
    /// Supplemental SSE3 (`pshufb`).
    Ssse3 = "ssse3", requires [Sse2];
    /// SSE4.1.
    Sse41 = "sse4.1", requires [Ssse3];
    /// SSE4.2 (`crc32`, `pcmpestri`).
    Sse42 = "sse4.2", requires [Sse41];
    /// `popcnt`.
    Popcnt = "popcnt", requires [];
    /// 128-bit carry-less multiplication.
    Pclmulqdq = "pclmulqdq", requires [Sse2];
    /// AVX (256-bit float, VEX encoding).
    Avx = "avx", requires [Sse42];
    /// AVX2 (256-bit integer).
    Avx2 = "avx2", requires [Avx];
    /// Fused multiply-add.
    Fma = "fma", requires [Avx];
    /// BMI1 (`tzcnt`, `andn`).
    Bmi1 = "bmi1", requires [];
    /// BMI2 (`pdep`, `pext`, `shlx`).
    Bmi2 = "bmi2", requires [];
    /// AVX-512 Foundation.
    Avx512f = "avx512f", requires [Avx2, Fma];
    /// AVX-512 byte and word instructions.
    Avx512bw = "avx512bw", requires [Avx512f];
    /// AVX-512 on 128- and 256-bit registers.
    Avx512vl = "avx512vl", requires [Avx512f];
    /// AVX-512 doubleword and quadword instructions.
    Avx512dq = "avx512dq", requires [Avx512f];
    /// AVX-512 byte permutes (`vpermb`, `vpermi2b`, `vpmultishiftqb`).
    Avx512vbmi = "avx512vbmi", requires [Avx512bw];
    /// AVX-512 byte compress/expand and concatenating shifts.
    Avx512vbmi2 = "avx512vbmi2", requires [Avx512bw];
    /// AVX-512 population count of 32- and 64-bit lanes (`vpopcntq`).
    Avx512vpopcntdq = "avx512vpopcntdq", requires [Avx512f];
    /// Carry-less multiplication on 256- and 512-bit registers.
    Vpclmulqdq = "vpclmulqdq", requires [Pclmulqdq, Avx];
    /// Galois-field instructions.
    Gfni = "gfni", requires [Sse2];
    /// AES on 256- and 512-bit registers.
    Vaes = "vaes", requires [Avx];
    /// SHA extensions.
    Sha = "sha", requires [Sse2];
    /// Enhanced `rep movsb`/`rep stosb`.
    Erms = "ermsb", requires [];
    /// Fast short `rep movsb`.
    Fsrm = "fsrm", requires [];
}

impl Feature {
    /// Looks a feature up by its `target_feature` name; `sse41`/`sse42` are accepted too.
    pub fn from_name(name: &str) -> Option<Feature> {
        let name = name.trim();
        let alias = match name {
            "sse41" => "sse4.1",
            "sse42" => "sse4.2",
            "erms" => "ermsb",
            other => other,
        };
        Feature::ALL
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(alias))
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a [`Feature`], met while parsing a list such as `ARSENAL_DISABLE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownFeature(pub alloc::string::String);

impl fmt::Display for UnknownFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown CPU feature `{}` (known:", self.0)?;
        for feat in Feature::ALL {
            write!(f, " {feat}")?;
        }
        f.write_str(")")
    }
}

/// A set of [`Feature`]s, one bit each.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FeatureSet(u64);

impl FeatureSet {
    /// No features: what portable code requires.
    pub const EMPTY: FeatureSet = FeatureSet(0);

    /// The set holding exactly `features` (usable in constants).
    pub const fn of(features: &[Feature]) -> FeatureSet {
        let mut bits = 0;
        let mut i = 0;
        while i < features.len() {
            bits |= 1 << features[i] as u8;
            i += 1;
        }
        FeatureSet(bits)
    }

    /// The set from its raw bits, as [`bits`](Self::bits) gave them; unknown bits are dropped.
    pub const fn from_bits(bits: u64) -> FeatureSet {
        FeatureSet(bits & ((1u64 << Feature::ALL.len()) - 1))
    }

    /// The raw bits, one per feature in [`Feature::ALL`] order.
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// This set plus `feature`.
    pub const fn with(self, feature: Feature) -> FeatureSet {
        FeatureSet(self.0 | 1 << feature as u8)
    }

    /// Whether `feature` is in the set.
    pub const fn contains(self, feature: Feature) -> bool {
        self.0 & (1 << feature as u8) != 0
    }

    /// Whether every feature of `other` is in this set.
    pub const fn contains_all(self, other: FeatureSet) -> bool {
        self.0 & other.0 == other.0
    }

    /// Features in either set.
    pub const fn union(self, other: FeatureSet) -> FeatureSet {
        FeatureSet(self.0 | other.0)
    }

    /// Features in both sets.
    pub const fn intersection(self, other: FeatureSet) -> FeatureSet {
        FeatureSet(self.0 & other.0)
    }

    /// Features in this set but not in `other`.
    pub const fn difference(self, other: FeatureSet) -> FeatureSet {
        FeatureSet(self.0 & !other.0)
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Number of features in the set.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The features, in [`Feature::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Feature> {
        Feature::ALL
            .iter()
            .copied()
            .filter(move |f| self.contains(*f))
    }

    /// The largest subset whose members all have their prerequisites in the subset.
    pub fn closed(self) -> FeatureSet {
        let mut set = self;
        loop {
            let kept = set
                .iter()
                .filter(|f| set.contains_all(f.prerequisites()))
                .fold(FeatureSet::EMPTY, FeatureSet::with);
            if kept == set {
                return set;
            }
            set = kept;
        }
    }

    /// This set plus everything it builds on, transitively.
    pub fn with_prerequisites(self) -> FeatureSet {
        let mut set = self;
        loop {
            let grown = set.iter().fold(set, |acc, f| acc.union(f.prerequisites()));
            if grown == set {
                return set;
            }
            set = grown;
        }
    }

    /// Parses a comma-separated list of feature names. Known names are collected even when an
    /// unknown one is met; the first unknown name is returned beside them.
    pub fn parse_list(spec: &str) -> (FeatureSet, Option<UnknownFeature>) {
        let mut set = FeatureSet::EMPTY;
        let mut unknown = None;
        for name in spec.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match Feature::from_name(name) {
                Some(f) => set = set.with(f),
                None => {
                    unknown.get_or_insert_with(|| UnknownFeature(name.into()));
                }
            }
        }
        (set, unknown)
    }
}

impl FromIterator<Feature> for FeatureSet {
    fn from_iter<I: IntoIterator<Item = Feature>>(iter: I) -> Self {
        iter.into_iter().fold(FeatureSet::EMPTY, FeatureSet::with)
    }
}

/// `avx512f+avx512bw`, or `-` for the empty set.
impl fmt::Display for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("-");
        }
        for (i, feat) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("+")?;
            }
            f.write_str(feat.name())?;
        }
        Ok(())
    }
}

impl fmt::Debug for FeatureSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FeatureSet({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Feature::*;

    #[test]
    fn names_round_trip() {
        for &f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(f));
        }
        assert_eq!(Feature::from_name("sse42"), Some(Sse42));
        assert_eq!(Feature::from_name("AVX2"), Some(Avx2));
        assert_eq!(Feature::from_name("avx3"), None);
    }

    #[test]
    fn masking_avx2_masks_avx512() {
        let all: FeatureSet = Feature::ALL.iter().copied().collect();
        let masked = all.difference(FeatureSet::of(&[Avx2])).closed();
        assert!(!masked.contains(Avx512f));
        assert!(!masked.contains(Avx512bw));
        assert!(!masked.contains(Avx512vbmi));
        assert!(masked.contains(Avx));
        assert!(masked.contains(Vpclmulqdq));
        assert!(masked.contains(Sse42));
    }

    #[test]
    fn closure_is_idempotent_and_prerequisites_grow() {
        let set = FeatureSet::of(&[Avx512bw]);
        assert_eq!(set.closed(), FeatureSet::EMPTY);
        let full = set.with_prerequisites();
        assert_eq!(full.closed(), full);
        assert!(full.contains(Sse2) && full.contains(Fma) && full.contains(Avx512f));
    }

    #[test]
    fn parse_list_keeps_known_and_reports_unknown() {
        let (set, unknown) = FeatureSet::parse_list("avx512f, avx3 ,avx2,,");
        assert_eq!(set, FeatureSet::of(&[Avx512f, Avx2]));
        assert_eq!(unknown, Some(UnknownFeature("avx3".into())));
        assert_eq!(FeatureSet::parse_list("").0, FeatureSet::EMPTY);
    }

    #[test]
    fn display() {
        assert_eq!(alloc::format!("{}", FeatureSet::EMPTY), "-");
        assert_eq!(
            alloc::format!("{}", FeatureSet::of(&[Avx512bw, Avx512f])),
            "avx512f+avx512bw"
        );
    }
}
