//! Selecting ops by name pattern.

use anyhow::Result;
use arsenal::Workload;

use crate::UsageError;

/// The ops matching `pattern` (comma-separated globs; `None` = all), in registry order.
///
/// A pattern that is malformed or matches no op is a usage error naming the known ops.
pub fn select(pattern: Option<&str>) -> Result<Vec<&'static dyn Workload>> {
    let all = arsenal::workloads();
    let Some(pattern) = pattern else {
        return Ok(all.to_vec());
    };
    let globs = pattern
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            glob::Pattern::new(p).map_err(|e| UsageError(format!("--ops: bad pattern `{p}`: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let chosen: Vec<_> = all
        .iter()
        .copied()
        .filter(|w| globs.iter().any(|g| g.matches(w.info().name)))
        .collect();
    if chosen.is_empty() {
        let known: Vec<_> = all.iter().map(|w| w.info().name).collect();
        return Err(UsageError(format!(
            "--ops `{pattern}` matches no op (known: {})",
            known.join(", ")
        ))
        .into());
    }
    Ok(chosen)
}

/// The op named `name`, or a usage error listing the known ops.
pub fn named(name: &str) -> Result<&'static dyn Workload> {
    arsenal::workload(name).ok_or_else(|| {
        let known: Vec<_> = arsenal::workloads().iter().map(|w| w.info().name).collect();
        UsageError(format!("unknown op `{name}` (known: {})", known.join(", "))).into()
    })
}

/// The ops whose contract is quality (their variants' outputs differ): a manifest serves each
/// with one variant for every size and both strategies.
pub fn quality() -> Vec<&'static str> {
    arsenal::workloads()
        .iter()
        .map(|w| w.info())
        .filter(|info| info.contract.is_quality())
        .map(|info| info.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_select_and_unknown_is_an_error() {
        assert_eq!(select(None).unwrap().len(), arsenal::workloads().len());
        let search = select(Some("search.*")).unwrap();
        assert!(search.iter().all(|w| w.info().name.starts_with("search.")));
        assert!(!search.is_empty());
        let one = select(Some("search.memchr, search.memrchr")).unwrap();
        assert_eq!(one.len(), 2);
        assert!(select(Some("nope.*")).is_err());
        assert!(select(Some("[")).is_err());
        assert!(named("search.memchr").is_ok());
        let err = named("nope").err().unwrap().to_string();
        assert!(
            err.contains("unknown op `nope`") && err.contains("search.memchr"),
            "{err}"
        );
    }
}
