//! This host, as the store and the manifest describe it.

use arsenal::cpu::HostInfo;
use arsenal_db::{CacheRecord, HostRecord};
use arsenal_oracle::ManifestHost;

/// The store's description of this host (CPU, caches, cores, kernel, compiler, Arsenal).
pub fn record() -> HostRecord {
    let info = HostInfo::detect();
    HostRecord {
        vendor: info.vendor,
        brand: info.brand,
        family: info.family,
        model: info.model,
        stepping: info.stepping,
        microcode: info.microcode,
        features: info.usable.iter().map(|f| f.name().to_string()).collect(),
        caches: info
            .caches
            .iter()
            .map(|c| CacheRecord {
                level: c.level,
                kind: c.kind.to_string(),
                bytes: c.bytes as u64,
            })
            .collect(),
        logical_cores: info.logical_cores as u32,
        kernel: kernel_release(),
        rustc: env!("ARSENAL_RUSTC_VERSION").to_string(),
        arsenal: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// The manifest's description of a host record.
pub fn manifest_host(host: &HostRecord) -> ManifestHost {
    ManifestHost {
        fingerprint: host.fingerprint(),
        vendor: host.vendor.clone(),
        brand: host.brand.clone(),
        family: host.family,
        model: host.model,
        stepping: host.stepping,
        microcode: host.microcode.clone().unwrap_or_default(),
        features: host.features.clone(),
    }
}

fn kernel_release() -> String {
    std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| std::env::consts::OS.to_string())
}
