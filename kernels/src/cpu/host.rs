//! A description of the host CPU (raw-cpuid, `/proc/cpuinfo`), for profiles and fingerprints.

use std::string::{String, ToString};
use std::vec::Vec;

use super::FeatureSet;

/// One cache level, as CPUID reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cache {
    /// 1, 2, 3…
    pub level: u8,
    /// `data`, `instruction` or `unified`.
    pub kind: &'static str,
    /// Capacity in bytes of one instance.
    pub bytes: usize,
}

/// What the tuner records about the machine it measured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostInfo {
    /// CPUID vendor string (`AuthenticAMD`, `GenuineIntel`), or `unknown`.
    pub vendor: String,
    /// Processor brand string, trimmed.
    pub brand: String,
    /// Display family (base plus extended).
    pub family: u32,
    /// Display model (base plus extended).
    pub model: u32,
    /// Stepping.
    pub stepping: u32,
    /// Microcode revision from `/proc/cpuinfo`, where readable.
    pub microcode: Option<String>,
    /// Features detected, before `ARSENAL_DISABLE`.
    pub detected: FeatureSet,
    /// Features variants may use (after `ARSENAL_DISABLE`).
    pub usable: FeatureSet,
    /// Data and unified caches, smallest level first.
    pub caches: Vec<Cache>,
    /// Logical CPUs this process may run on.
    pub logical_cores: usize,
}

impl HostInfo {
    /// Reads the description of this host.
    pub fn detect() -> HostInfo {
        let (vendor, brand, family, model, stepping, caches) = cpuid_description();
        HostInfo {
            vendor,
            brand,
            family,
            model,
            stepping,
            microcode: microcode(),
            detected: super::detected(),
            usable: super::host(),
            caches,
            logical_cores: std::thread::available_parallelism().map_or(1, usize::from),
        }
    }

    /// Size in bytes of the data or unified cache at `level`, if known.
    pub fn cache_bytes(&self, level: u8) -> Option<usize> {
        self.caches
            .iter()
            .find(|c| c.level == level && c.kind != "instruction")
            .map(|c| c.bytes)
    }
}

type Description = (String, String, u32, u32, u32, Vec<Cache>);

#[cfg(target_arch = "x86_64")]
fn cpuid_description() -> Description {
    use raw_cpuid::{CacheType, CpuId};
    let cpuid = CpuId::new();
    let id = super::model();
    let vendor = id.map_or_else(|| "unknown".to_string(), |m| m.vendor().to_string());
    let (family, model, stepping) = id.map_or((0, 0, 0), |m| (m.family, m.model, m.stepping));
    let brand = cpuid
        .get_processor_brand_string()
        .map_or_else(String::new, |b| b.as_str().trim().to_string());
    let mut caches: Vec<Cache> = cpuid
        .get_cache_parameters()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let kind = match c.cache_type() {
                CacheType::Data => "data",
                CacheType::Instruction => "instruction",
                CacheType::Unified => "unified",
                _ => return None,
            };
            let bytes = c.associativity()
                * c.physical_line_partitions()
                * c.coherency_line_size()
                * c.sets();
            Some(Cache {
                level: c.level(),
                kind,
                bytes,
            })
        })
        .collect();
    caches.sort_by_key(|c| (c.level, c.kind));
    (vendor, brand, family, model, stepping, caches)
}

#[cfg(not(target_arch = "x86_64"))]
fn cpuid_description() -> Description {
    ("unknown".into(), String::new(), 0, 0, 0, Vec::new())
}

/// The `microcode` line of `/proc/cpuinfo` (Linux); `None` elsewhere or when unreadable.
fn microcode() -> Option<String> {
    let text = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    text.lines()
        .find(|l| l.starts_with("microcode"))
        .and_then(|l| l.split(':').nth(1))
        .map(|v| v.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detect_describes_this_host() {
        let host = HostInfo::detect();
        assert!(host.logical_cores >= 1);
        assert!(host.detected.contains_all(host.usable));
        #[cfg(target_arch = "x86_64")]
        {
            assert!(!host.vendor.is_empty());
            assert!(host.family > 0, "{host:?}");
        }
    }
}
