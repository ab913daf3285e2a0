//! Pins: a variant the user chose for an op (`arsenal manifest --pin OP=VARIANT`), written into
//! a manifest as a band marked `pinned`, not measured.
//!
//! A pin covers sizes from 0 up to `below` (every size without it) under one strategy or both.
//! There it replaces what the plan had; the plan's bands above `below` stay as they were, and an
//! op the manifest had no plan for gets runtime dispatch above `below`. Pins apply in order: a
//! later one overrides an earlier one where they overlap.

use arsenal_manifest::{Band, Manifest, Strategy, RUNTIME};

/// The user's choice of `variant` for `op`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    /// The op (`search.memchr`).
    pub op: String,
    /// The variant (`avx2`).
    pub variant: String,
    /// The one strategy it is for; `None`: both.
    pub strategy: Option<Strategy>,
    /// Exclusive upper bound of the sizes it covers; `None`: every size.
    pub below: Option<u64>,
}

impl Pin {
    /// Parses `OP=VARIANT` (spaces around the names ignored), for `strategy` and `below`.
    ///
    /// # Errors
    /// When `spec` is not `OP=VARIANT` with both names non-empty, or `below` is 0.
    pub fn parse(
        spec: &str,
        strategy: Option<Strategy>,
        below: Option<u64>,
    ) -> Result<Pin, String> {
        let (op, variant) = spec
            .split_once('=')
            .map(|(op, variant)| (op.trim(), variant.trim()))
            .filter(|(op, variant)| !op.is_empty() && !variant.is_empty())
            .ok_or_else(|| format!("--pin {spec}: expected OP=VARIANT"))?;
        if below == Some(0) {
            return Err("--below 0 covers no size; give at least 1".to_string());
        }
        Ok(Pin {
            op: op.to_string(),
            variant: variant.to_string(),
            strategy,
            below,
        })
    }

    /// Writes the pin into `manifest` (see the module's documentation).
    pub fn apply(&self, manifest: &mut Manifest) {
        let strategies = match self.strategy {
            Some(s) => vec![s],
            None => Strategy::ALL.to_vec(),
        };
        let plan = manifest.ops.entry(self.op.clone()).or_default();
        for strategy in strategies {
            let bands = plan.bands_mut(strategy);
            let pinned = Band {
                below: self.below,
                variant: self.variant.clone(),
                decisive: false,
                pinned: true,
                runner_up: None,
            };
            let mut above: Vec<Band> = match self.below {
                None => Vec::new(),
                Some(n) => bands.iter().filter(|b| b.ends_above(n)).cloned().collect(),
            };
            if self.below.is_some() && above.is_empty() {
                above.push(Band {
                    below: None,
                    variant: RUNTIME.to_string(),
                    decisive: false,
                    pinned: false,
                    runner_up: None,
                });
            }
            *bands = std::iter::once(pinned).chain(above).collect();
        }
    }
}

/// Every pinned band of `op` in `manifest`: strategy, exclusive bound and variant.
pub fn pins_of<'m>(manifest: &'m Manifest, op: &str) -> Vec<(Strategy, Option<u64>, &'m str)> {
    let Some(plan) = manifest.ops.get(op) else {
        return Vec::new();
    };
    Strategy::ALL
        .into_iter()
        .flat_map(|s| {
            plan.bands(s)
                .iter()
                .filter(|b| b.pinned)
                .map(move |b| (s, b.below, b.variant.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arsenal_manifest::{OpPlan, Policy, SCHEMA_VERSION};

    fn band(below: Option<u64>, variant: &str) -> Band {
        Band {
            below,
            variant: variant.to_string(),
            decisive: true,
            pinned: false,
            runner_up: None,
        }
    }

    fn manifest() -> Manifest {
        let bands = vec![
            band(Some(16), RUNTIME),
            band(Some(100), "sse2"),
            band(Some(5000), "avx2"),
            band(None, RUNTIME),
        ];
        let mut ops = std::collections::BTreeMap::new();
        ops.insert(
            "search.memchr".to_string(),
            OpPlan {
                throughput: bands.clone(),
                latency: bands,
            },
        );
        Manifest {
            schema: SCHEMA_VERSION,
            arsenal: "0".into(),
            host: Default::default(),
            run: 1,
            policy: Policy::default(),
            default_strategy: Strategy::Throughput,
            ops,
            measured_on: None,
        }
    }

    #[test]
    fn a_pin_below_a_size_replaces_the_bands_under_it_and_keeps_the_rest() {
        let mut m = manifest();
        let pin = Pin::parse("search.memchr = swar", Some(Strategy::Latency), Some(200)).unwrap();
        pin.apply(&mut m);
        m.validate().unwrap();
        let latency = &m.ops["search.memchr"].latency;
        assert_eq!(
            latency
                .iter()
                .map(|b| (b.below, b.variant.as_str(), b.pinned))
                .collect::<Vec<_>>(),
            [
                (Some(200), "swar", true),
                (Some(5000), "avx2", false),
                (None, RUNTIME, false)
            ]
        );
        assert_eq!(
            m.variant_for("search.memchr", Strategy::Latency, 199),
            Some("swar")
        );
        assert_eq!(
            m.variant_for("search.memchr", Strategy::Latency, 200),
            Some("avx2")
        );
        // The other strategy is untouched.
        assert_eq!(
            m.ops["search.memchr"].throughput,
            manifest().ops["search.memchr"].throughput
        );
        assert_eq!(
            pins_of(&m, "search.memchr"),
            [(Strategy::Latency, Some(200), "swar")]
        );
    }

    #[test]
    fn a_pin_for_every_size_and_an_unplanned_op() {
        let mut m = manifest();
        Pin::parse("search.memchr=avx2", None, None)
            .unwrap()
            .apply(&mut m);
        Pin::parse("hash.xxh3_64=scalar", None, Some(64))
            .unwrap()
            .apply(&mut m);
        m.validate().unwrap();
        for s in Strategy::ALL {
            assert_eq!(m.ops["search.memchr"].bands(s).len(), 1);
            assert_eq!(m.variant_for("search.memchr", s, 1 << 40), Some("avx2"));
            assert_eq!(m.variant_for("hash.xxh3_64", s, 63), Some("scalar"));
            assert_eq!(m.variant_for("hash.xxh3_64", s, 64), Some(RUNTIME));
        }
        // Written, read back: the mark survives; unpinned bands carry no field.
        let json = m.to_json_pretty();
        assert_eq!(json.matches("\"pinned\": true").count(), 4);
        assert!(!json.contains("\"pinned\": false"));
        assert_eq!(Manifest::from_json(&json).unwrap(), m);
    }

    #[test]
    fn malformed_pins_are_refused() {
        for spec in ["search.memchr", "=avx2", "search.memchr=", " = "] {
            assert!(Pin::parse(spec, None, None).is_err(), "{spec}");
        }
        assert!(Pin::parse("search.memchr=avx2", None, Some(0)).is_err());
    }
}
