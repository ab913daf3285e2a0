//! `ARSENAL_FORCE="search.memchr=avx2,hash.xxh3_64=scalar"`: the variant runtime dispatch takes
//! for an op, in place of its preference ([`Op::choose`](crate::registry::Op::choose)). It
//! reaches every runtime-dispatch entry (`runtime_memchr`, the plain entries of a build without a
//! manifest, and a wired band's fallback), [`runtime_variant`](crate::runtime_variant) and
//! [`selected`](crate::selected); a band a manifest wires keeps its variant.
//!
//! The value is comma-separated `op=variant` pairs (spaces around the names are ignored). It is
//! read once, on the first choice. Nothing in it can make a program execute an instruction its
//! CPU lacks, nor stop it:
//!
//! - a forced variant this host cannot run (the CPU lacks a feature, or `ARSENAL_DISABLE` masks
//!   it) is refused: one line on stderr, and the op keeps its normal choice;
//! - a malformed value (a pair without `=`, an empty name, an op named twice) is ignored whole,
//!   and a pair naming an unknown op or variant is ignored: one line on stderr each, and the
//!   normal choices stand.
//!
//! The `arsenal` command refuses a malformed value or an unknown name instead (exit 2, one line:
//! [`Force::errors`]).
//!
//! Without `std` there is no environment and nothing is forced.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// `ARSENAL_FORCE` as read: what it forces, and what it could not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Force {
    /// The `(op, variant)` pairs in force: known, and runnable on this host.
    pub choices: Vec<(String, String)>,
    /// Pairs refused because this host cannot run the variant: one line each.
    pub refused: Vec<String>,
    /// A malformed value, or pairs naming an unknown op or variant: one line each.
    pub errors: Vec<String>,
}

impl Force {
    /// Reads `spec`, a value of `ARSENAL_FORCE`, against this crate's ops and this host.
    pub fn parse(spec: &str) -> Force {
        let mut force = Force::default();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for item in spec.split(',').filter(|item| !item.trim().is_empty()) {
            let parsed = item
                .split_once('=')
                .map(|(op, variant)| (op.trim(), variant.trim()));
            let problem = match parsed {
                None => Some(format!("`{}` is not `op=variant`", item.trim())),
                Some(("", _)) | Some((_, "")) => {
                    Some(format!("`{}` names no op or no variant", item.trim()))
                }
                Some((op, _)) if pairs.iter().any(|p| p.0 == op) => {
                    Some(format!("`{op}` is named twice"))
                }
                Some(pair) => {
                    pairs.push(pair);
                    None
                }
            };
            if let Some(problem) = problem {
                force.errors = alloc::vec![format!(
                    "ARSENAL_FORCE={spec}: {problem}; nothing is forced"
                )];
                return force;
            }
        }
        for (op, variant) in pairs {
            let Some(workload) = crate::workload(op) else {
                force.errors.push(format!(
                    "ARSENAL_FORCE: unknown op `{op}`; its normal choice stands"
                ));
                continue;
            };
            let variants = workload.variants();
            let Some(info) = variants.iter().find(|v| v.name == variant) else {
                let names: Vec<&str> = variants.iter().map(|v| v.name).collect();
                force.errors.push(format!(
                    "ARSENAL_FORCE: {op} has no variant `{variant}` (it has {}); its normal \
                     choice stands",
                    names.join(", ")
                ));
                continue;
            };
            match info.availability() {
                crate::registry::Availability::Available => {
                    force.choices.push((op.to_string(), variant.to_string()))
                }
                why => force.refused.push(format!(
                    "ARSENAL_FORCE: {op}={variant} refused: {why}; its normal choice stands"
                )),
            }
        }
        force
    }

    /// The variant forced for `op`, if any.
    pub fn variant(&self, op: &str) -> Option<&str> {
        self.choices
            .iter()
            .find(|(o, _)| o == op)
            .map(|(_, v)| v.as_str())
    }
}

/// `ARSENAL_FORCE` of this process, read once (empty without `std` or when unset).
pub fn force() -> &'static Force {
    #[cfg(feature = "std")]
    {
        static FORCE: std::sync::OnceLock<Force> = std::sync::OnceLock::new();
        FORCE.get_or_init(|| match std::env::var("ARSENAL_FORCE") {
            Ok(spec) => Force::parse(&spec),
            Err(_) => Force::default(),
        })
    }
    #[cfg(not(feature = "std"))]
    {
        static NONE: Force = Force {
            choices: Vec::new(),
            refused: Vec::new(),
            errors: Vec::new(),
        };
        &NONE
    }
}

/// Says on stderr, once per process, what `ARSENAL_FORCE` could not force (one line each); the
/// first runtime-dispatch choice does it, or a program that wants it said at start-up.
pub fn report() {
    #[cfg(feature = "std")]
    {
        static REPORTED: std::sync::Once = std::sync::Once::new();
        REPORTED.call_once(|| {
            let force = force();
            for line in force.errors.iter().chain(&force.refused) {
                std::eprintln!("warning: {line}");
            }
        });
    }
}

/// The variant forced for `op`, after [`report`].
pub(crate) fn forced(op: &str) -> Option<&'static str> {
    report();
    force().variant(op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_force_runnable_variants_of_known_ops() {
        let force = Force::parse(" search.memchr = scalar ,hash.xxh3_64=scalar,");
        assert_eq!(force.errors, Vec::<String>::new());
        assert_eq!(force.variant("search.memchr"), Some("scalar"));
        assert_eq!(force.variant("hash.xxh3_64"), Some("scalar"));
        assert_eq!(force.variant("search.memrchr"), None);
        assert_eq!(Force::parse(""), Force::default());
    }

    #[test]
    fn a_malformed_value_forces_nothing_and_says_why_in_one_line() {
        for (spec, why) in [
            ("search.memchr", "is not `op=variant`"),
            ("search.memchr=scalar,hash.xxh3_64", "is not `op=variant`"),
            ("search.memchr=", "names no op or no variant"),
            ("=scalar", "names no op or no variant"),
            ("search.memchr=scalar,search.memchr=swar", "is named twice"),
        ] {
            let force = Force::parse(spec);
            assert_eq!(force.choices, Vec::new(), "{spec}");
            assert_eq!(force.errors.len(), 1, "{spec}");
            assert!(force.errors[0].contains(why), "{spec}: {}", force.errors[0]);
            assert!(!force.errors[0].contains('\n'));
        }
    }

    #[test]
    fn unknown_names_are_errors_and_the_rest_stands() {
        let force = Force::parse("nope.op=scalar,search.memchr=nope,hash.xxh3_64=scalar");
        assert_eq!(force.variant("hash.xxh3_64"), Some("scalar"));
        assert_eq!(force.errors.len(), 2, "{:?}", force.errors);
        assert!(force.errors[0].contains("unknown op `nope.op`"));
        assert!(force.errors[1].contains("search.memchr has no variant `nope`"));
    }

    #[test]
    fn a_variant_this_host_cannot_run_is_refused() {
        // Whatever this host is, one of these needs a feature it lacks, or none does.
        let unavailable = crate::workloads().iter().find_map(|w| {
            let v = w.variants().into_iter().find(|v| !v.is_available())?;
            Some((w.info().name, v.name))
        });
        let Some((op, variant)) = unavailable else {
            return;
        };
        let force = Force::parse(&format!("{op}={variant}"));
        assert_eq!(force.variant(op), None);
        assert_eq!(force.refused.len(), 1);
        assert!(
            force.refused[0].contains(" refused: "),
            "{}",
            force.refused[0]
        );
    }
}
