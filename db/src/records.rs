//! The rows the store keeps and gives back: plain data, independent of the tuner and kernel types
//! (the CLI converts between them).
//!
//! All unsigned 64-bit values (`seed`, `size`, `bytes`, `iters_per_sample`) are stored in SQLite as
//! the `i64` with the same bits, so every `u64` round-trips. Floating-point values must be finite:
//! SQLite turns NaN into NULL and JSON has no infinity, so the store refuses them with
//! [`DbError::Invalid`](crate::DbError::Invalid) rather than lose them.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{invalid, Result};

/// One level of the host's cache hierarchy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheRecord {
    /// 1, 2, 3, …
    pub level: u8,
    /// "data", "instruction" or "unified".
    pub kind: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// The machine a run measured: everything that can change a kernel's speed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostRecord {
    /// CPU vendor string, e.g. "AuthenticAMD".
    pub vendor: String,
    /// CPU brand string.
    pub brand: String,
    /// CPU family.
    pub family: u32,
    /// CPU model.
    pub model: u32,
    /// CPU stepping.
    pub stepping: u32,
    /// Microcode revision, where readable.
    pub microcode: Option<String>,
    /// CPU features as Arsenal names them.
    pub features: Vec<String>,
    /// The cache hierarchy.
    pub caches: Vec<CacheRecord>,
    /// Logical cores available.
    pub logical_cores: u32,
    /// Operating-system kernel release.
    pub kernel: String,
    /// `rustc` version the kernels were built with.
    pub rustc: String,
    /// Arsenal's version.
    pub arsenal: String,
}

/// Tag that starts the canonical form; bumping it changes every fingerprint.
const CANONICAL_TAG: &[u8] = b"arsenal-host/1\n";

impl HostRecord {
    /// The host's fingerprint: 16 lowercase hex digits of XXH3-64 (seed 0) over
    /// [`canonical_bytes`](Self::canonical_bytes). Hosts are matched by it, across stores and
    /// exports, so it must never change for the same record.
    pub fn fingerprint(&self) -> String {
        format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64(&self.canonical_bytes())
        )
    }

    /// The canonical serialisation the fingerprint hashes. Stable by contract:
    ///
    /// - the line `arsenal-host/1`, then one line per field in declaration order, each
    ///   `name=value` and a `\n`;
    /// - a string is written `<byte length>:<bytes>`, so no content can be mistaken for a separator;
    ///   integers in decimal; a missing microcode as `-`;
    /// - `features` is sorted and deduplicated (order of detection does not matter), written
    ///   `features=<count>` followed by one `feature=<string>` line each;
    /// - `caches` is sorted by (level, kind, bytes), written `caches=<count>` followed by one
    ///   `cache=<level>,<kind string>,<bytes>` line each.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = CANONICAL_TAG.to_vec();
        put_str(&mut out, "vendor", &self.vendor);
        put_str(&mut out, "brand", &self.brand);
        put_num(&mut out, "family", self.family.into());
        put_num(&mut out, "model", self.model.into());
        put_num(&mut out, "stepping", self.stepping.into());
        match &self.microcode {
            Some(microcode) => put_str(&mut out, "microcode", microcode),
            None => out.extend_from_slice(b"microcode=-\n"),
        }
        self.put_features(&mut out);
        self.put_caches(&mut out);
        put_num(&mut out, "logical_cores", self.logical_cores.into());
        put_str(&mut out, "kernel", &self.kernel);
        put_str(&mut out, "rustc", &self.rustc);
        put_str(&mut out, "arsenal", &self.arsenal);
        out
    }

    fn put_features(&self, out: &mut Vec<u8>) {
        let mut features: Vec<&str> = self.features.iter().map(String::as_str).collect();
        features.sort_unstable();
        features.dedup();
        put_num(out, "features", features.len() as u64);
        for feature in features {
            put_str(out, "feature", feature);
        }
    }

    fn put_caches(&self, out: &mut Vec<u8>) {
        let mut caches: Vec<&CacheRecord> = self.caches.iter().collect();
        caches.sort_by(|a, b| (a.level, &a.kind, a.bytes).cmp(&(b.level, &b.kind, b.bytes)));
        put_num(out, "caches", caches.len() as u64);
        for cache in caches {
            let line = format!(
                "cache={},{}:{},{}\n",
                cache.level,
                cache.kind.len(),
                cache.kind,
                cache.bytes
            );
            out.extend_from_slice(line.as_bytes());
        }
    }
}

fn put_str(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(format!("{name}={}:", value.len()).as_bytes());
    out.extend_from_slice(value.as_bytes());
    out.push(b'\n');
}

fn put_num(out: &mut Vec<u8>, name: &str, value: u64) {
    out.extend_from_slice(format!("{name}={value}\n").as_bytes());
}

/// What the caller knows about a run when it starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunMeta {
    /// Caller-generated unique id; import matches runs by it.
    pub uuid: String,
    /// Start time, RFC 3339 UTC (the caller supplies it).
    pub started_at: String,
    /// Time budget in seconds.
    pub budget_secs: f64,
    /// Strategies measured ("throughput", "latency").
    pub strategies: Vec<String>,
    /// The ops filter given, if any.
    pub ops_pattern: Option<String>,
    /// Seed of the input generators and shuffles.
    pub seed: u64,
    /// Arsenal's version.
    pub arsenal: String,
    /// The command line.
    pub command: String,
    /// How many times each cell is measured (at least 1). Runs stored before replicas existed,
    /// and exports without the field, read as 1.
    #[serde(default = "one_replica")]
    pub replicas: u32,
    /// The user's files the run measured on (`tune --input`); empty when every input was
    /// generated, as for every run stored before there were any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputRecord>,
}

/// One of the user's files a run measured on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputRecord {
    /// The path, as given or found under a folder given.
    pub path: String,
    /// Its length in bytes.
    pub bytes: u64,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
    /// Bytes of it measured on: all, a sample of long files, or none past the cap.
    pub kept: u64,
}

/// A run stored or exported before replicas existed measured each cell once.
fn one_replica() -> u32 {
    1
}

/// One variant of an op as it was in a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantRecord {
    /// The op, e.g. "search.memchr".
    pub op: String,
    /// The variant's name, e.g. "avx2" or "crate:memchr".
    pub name: String,
    /// "own", "crate", "std" or "libc".
    pub origin: String,
    /// E.g. "crate memchr 2.8.3".
    pub origin_detail: String,
    /// Required CPU features.
    pub requires: Vec<String>,
    /// Whether one call spreads over several threads.
    pub parallel: bool,
}

/// The verification gate's verdict on one variant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VerificationRecord {
    /// The op.
    pub op: String,
    /// The variant's name.
    pub variant: String,
    /// "passed", "failed" or "skipped".
    pub status: String,
    /// The first mismatch, or why it was skipped.
    pub detail: String,
    /// Time the verification took.
    pub seconds: f64,
}

/// Hardware counters per call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counters {
    /// CPU cycles.
    pub cycles: f64,
    /// Instructions retired.
    pub instructions: f64,
    /// Cache misses.
    pub cache_misses: f64,
    /// Branch misses.
    pub branch_misses: f64,
}

/// One measured cell: op × variant × strategy × size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeasurementRecord {
    /// The op.
    pub op: String,
    /// The variant's name.
    pub variant: String,
    /// "throughput" or "latency".
    pub strategy: String,
    /// Input size in `unit`s.
    pub size: u64,
    /// "bytes", "elements" or "flops".
    pub unit: String,
    /// Units processed per call.
    pub units_per_call: f64,
    /// The figure the oracle compares: median ns per call (throughput) or p99 (latency).
    pub objective_ns: f64,
    /// Low end of the objective's 95 % interval.
    pub objective_ci_low_ns: f64,
    /// High end of the objective's 95 % interval.
    pub objective_ci_high_ns: f64,
    /// Median ns per call.
    pub median_ns: f64,
    /// The median's 95 % interval as the tuner drew it: widened by the clock's resolution and to
    /// hold every replica's own median. `None` for cells stored before it was kept (schema 7,
    /// exports made before): read those from `samples_ns`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub median_ci_ns: Option<(f64, f64)>,
    /// Median absolute deviation, ns.
    pub mad_ns: f64,
    /// 50th percentile, ns.
    pub p50_ns: f64,
    /// 99th percentile, ns.
    pub p99_ns: f64,
    /// Samples classified as outliers.
    pub outliers: u32,
    /// Calls per sample.
    pub iters_per_sample: u64,
    /// Per-call ns of every sample (stored as a little-endian `f32` BLOB).
    pub samples_ns: Vec<f32>,
    /// Hardware counters per call, when perf events were available.
    pub counters: Option<Counters>,
    /// Why counters are missing, e.g. "perf events unavailable: …".
    pub counters_note: Option<String>,
}

/// Everything one op produced in a run; the store writes it in one transaction.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OpRecord {
    /// The op.
    pub op: String,
    /// Its variants (every verification and measurement must name one of them).
    pub variants: Vec<VariantRecord>,
    /// The gate's verdicts.
    pub verifications: Vec<VerificationRecord>,
    /// The measured cells.
    pub measurements: Vec<MeasurementRecord>,
    /// The cells planned but not measured (absent from exports made before there were any).
    #[serde(default)]
    pub skipped: Vec<SkippedRecord>,
    /// Whether its cells were measured on the user's files (the run's `inputs`) rather than
    /// generated inputs (absent from exports made before there were any: generated).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub user_data: bool,
    /// Its role: `kernel`, or the kind of host bound a ceiling op measures (`read`, `fma_f32`).
    /// Exports made before there were roles read as `kernel`, but for the two ceiling ops.
    #[serde(default)]
    pub role: String,
    /// The bounds its throughput is read against, as its declaration states them: empty for a
    /// ceiling op or a kernel no ceiling bounds. `None` for a record stored before bounds (a
    /// store before schema 6, an export made before): those are read by unit (see
    /// `arsenal_report::ceiling::bounds`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Vec<BoundRecord>>,
}

/// A bound on a kernel's throughput: at most `per` of the op's units for each unit of the host's
/// ceiling `kind` (the kinds of [`CeilingRecord`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoundRecord {
    /// The ceiling it is derived from: `read`, `fma_f32`, …
    pub kind: String,
    /// The op's units per unit of the ceiling.
    pub per: f64,
    /// Whether the ceiling depends on the working-set size (read at the nearest measured size)
    /// rather than being one peak.
    pub sized: bool,
    /// The derivation, for the reader.
    pub why: String,
}

impl OpRecord {
    /// Its role as stored: `role`, or for a record without one (an export made before roles)
    /// the role the two ceiling ops of that time had, else `kernel`.
    pub fn role(&self) -> &str {
        match (self.role.as_str(), self.op.as_str()) {
            ("", "ceiling.read") => "read",
            ("", "ceiling.fma_f32") => "fma_f32",
            ("", _) => "kernel",
            (role, _) => role,
        }
    }
}

/// A cell a run planned but did not measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkippedRecord {
    /// The op.
    pub op: String,
    /// "throughput" or "latency".
    pub strategy: String,
    /// The size, in the op's units.
    pub size: u64,
    /// Why it was not measured.
    pub reason: String,
}

/// A hardware ceiling measured on the host during a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CeilingRecord {
    /// "read" or "fma_f32".
    pub kind: String,
    /// Working-set size (0 when not size-dependent).
    pub size: u64,
    /// The ceiling.
    pub value: f64,
    /// "bytes/s" or "flops/s".
    pub unit: String,
    /// The variant that reached it.
    pub variant: String,
}

/// One size of a run's drift probe: the host's read bandwidth, measured at the start and at the
/// end of the run, so a machine that ran slow or changed speed during the run can be told.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProbeRecord {
    /// When it was measured: "start" (before the first cell) or "end" (after the last).
    pub phase: String,
    /// Bytes read per call.
    pub size: u64,
    /// The best variant's read bandwidth.
    pub bytes_per_second: f64,
}

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// `finish_run` was called.
    Complete,
    /// Not finished and its process is gone (killed, crashed, another boot, or imported unfinished).
    Incomplete,
    /// Not finished and its process is still alive on this boot.
    Running,
}

impl fmt::Display for RunStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RunStatus::Complete => "complete",
            RunStatus::Incomplete => "incomplete",
            RunStatus::Running => "running",
        })
    }
}

/// A stored run as read back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRow {
    /// The store's id of the run.
    pub id: i64,
    /// The caller's unique id.
    pub uuid: String,
    /// The store's id of the host.
    pub host_id: i64,
    /// The host's fingerprint.
    pub host_fingerprint: String,
    /// Start time, RFC 3339 UTC.
    pub started_at: String,
    /// Finish time (RFC 3339 UTC, set by the store), if finished.
    pub finished_at: Option<String>,
    /// Complete, incomplete or running.
    pub status: RunStatus,
    /// Time budget in seconds.
    pub budget_secs: f64,
    /// Strategies measured.
    pub strategies: Vec<String>,
    /// The ops filter given, if any.
    pub ops_pattern: Option<String>,
    /// Seed.
    pub seed: u64,
    /// Arsenal's version.
    pub arsenal: String,
    /// The command line.
    pub command: String,
    /// Ops written so far.
    pub ops_done: u32,
    /// How many times each cell was measured (1 for runs stored before replicas existed).
    pub replicas: u32,
    /// What the run found wrong with the machine, one line each (the drift guard's findings);
    /// empty when nothing was found or nothing was checked.
    pub warnings: Vec<String>,
    /// The user's files the run measured on; empty when every input was generated.
    pub inputs: Vec<InputRecord>,
    /// The ops measured on those files, by name; the others were measured on generated inputs.
    pub user_data_ops: Vec<String>,
    /// The ops of the run that measure one of the host's bounds (role other than `kernel`), by
    /// name: their figures are read against no ceiling.
    pub ceiling_ops: Vec<String>,
    /// Each op's bounds as stored ([`OpRecord::bounds`]), by name; an op stored before bounds
    /// is absent.
    pub bounds: BTreeMap<String, Vec<BoundRecord>>,
}

impl RunRow {
    /// What the run measured on, in one line for people: `synthetic inputs`, or the user's
    /// files (how many, how much, the first few paths) and the ops that read them.
    pub fn measured_on(&self) -> String {
        if self.inputs.is_empty() {
            return "synthetic inputs".into();
        }
        let ops = match self.user_data_ops.is_empty() {
            true => "no op".to_string(),
            false => self.user_data_ops.join(", "),
        };
        format!(
            "{} for {ops}; synthetic inputs for the rest",
            self.files_text()
        )
    }

    /// What op `op` was measured on in this run, in one line for people.
    pub fn op_measured_on(&self, op: &str) -> String {
        match self.user_data_ops.iter().any(|o| o == op) {
            true => self.files_text(),
            false => "synthetic inputs".into(),
        }
    }

    /// `your files (659 files under docs/book, 21.8 MiB; SHA-256 stored)`, or with one file
    /// its path.
    fn files_text(&self) -> String {
        let bytes = human_bytes(self.inputs.iter().map(|f| f.bytes).sum());
        let which = match &self.inputs[..] {
            [one] => one.path.clone(),
            all => format!("{} files under {}", all.len(), common_folder(all)),
        };
        format!("your files ({which}, {bytes}; SHA-256 stored)")
    }

    /// The run's metadata as given to `begin_run`.
    pub fn meta(&self) -> RunMeta {
        RunMeta {
            uuid: self.uuid.clone(),
            started_at: self.started_at.clone(),
            budget_secs: self.budget_secs,
            strategies: self.strategies.clone(),
            ops_pattern: self.ops_pattern.clone(),
            seed: self.seed,
            arsenal: self.arsenal.clone(),
            command: self.command.clone(),
            replicas: self.replicas,
            inputs: self.inputs.clone(),
        }
    }
}

/// The longest folder every input's path starts with (`/` components), or `.` when none.
fn common_folder(inputs: &[InputRecord]) -> String {
    let folders = inputs.iter().map(|f| {
        let mut parts: Vec<&str> = f.path.split('/').collect();
        parts.pop();
        parts
    });
    let common = folders
        .reduce(|a, b| {
            a.iter()
                .zip(&b)
                .take_while(|(x, y)| x == y)
                .map(|(x, _)| *x)
                .collect()
        })
        .unwrap_or_default();
    match common.join("/") {
        j if j.is_empty() && common.len() == 1 => "/".into(),
        j if j.is_empty() => ".".into(),
        j => j,
    }
}

/// `512 B`, `3.4 KiB`, `12.0 MiB`, `1.5 GiB`.
fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 3] = ["KiB", "MiB", "GiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.1} {}", UNITS[unit])
}

/// Fails unless `value` is finite; `what` names the field and its record.
pub(crate) fn finite(value: f64, what: impl FnOnce() -> String) -> Result<()> {
    if value.is_finite() {
        return Ok(());
    }
    Err(invalid(format!(
        "{} is {value}; record only finite numbers (SQLite and JSON cannot keep NaN or infinity)",
        what()
    )))
}

impl ProbeRecord {
    /// Checks that the figure can be stored.
    pub(crate) fn check(&self) -> Result<()> {
        finite(self.bytes_per_second, || {
            format!(
                "{} probe at size {}: bytes_per_second",
                self.phase, self.size
            )
        })
    }
}

impl MeasurementRecord {
    /// Names the cell in error messages.
    pub(crate) fn label(&self) -> String {
        format!(
            "measurement of op `{}` variant `{}` ({} at size {})",
            self.op, self.variant, self.strategy, self.size
        )
    }

    /// Checks that every number can be stored.
    pub(crate) fn check(&self) -> Result<()> {
        let fields = [
            ("units_per_call", self.units_per_call),
            ("objective_ns", self.objective_ns),
            ("objective_ci_low_ns", self.objective_ci_low_ns),
            ("objective_ci_high_ns", self.objective_ci_high_ns),
            ("median_ns", self.median_ns),
            ("mad_ns", self.mad_ns),
            ("p50_ns", self.p50_ns),
            ("p99_ns", self.p99_ns),
        ];
        let median_ci = self
            .median_ci_ns
            .into_iter()
            .flat_map(|(low, high)| [("median_ci_ns.0", low), ("median_ci_ns.1", high)]);
        for (name, value) in fields.into_iter().chain(median_ci) {
            finite(value, || format!("{}: {name}", self.label()))?;
        }
        if let Some(index) = self.samples_ns.iter().position(|s| !s.is_finite()) {
            finite(self.samples_ns[index].into(), || {
                format!("{}: samples_ns[{index}]", self.label())
            })?;
        }
        self.check_counters()
    }

    fn check_counters(&self) -> Result<()> {
        let Some(c) = &self.counters else {
            return Ok(());
        };
        let fields = [
            ("cycles", c.cycles),
            ("instructions", c.instructions),
            ("cache_misses", c.cache_misses),
            ("branch_misses", c.branch_misses),
        ];
        for (name, value) in fields {
            finite(value, || format!("{}: counters.{name}", self.label()))?;
        }
        Ok(())
    }
}

/// Encodes samples as the BLOB the store keeps: each `f32` little-endian, back to back.
pub(crate) fn encode_samples(samples: &[f32]) -> Vec<u8> {
    samples.iter().flat_map(|s| s.to_le_bytes()).collect()
}

/// Decodes [`encode_samples`]; `None` when the length is not a multiple of 4.
pub(crate) fn decode_samples(bytes: &[u8]) -> Option<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    let samples = bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]));
    Some(samples.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, bytes: u64) -> InputRecord {
        InputRecord {
            path: path.into(),
            bytes,
            sha256: String::new(),
            kept: bytes,
        }
    }

    #[test]
    fn files_are_named_by_their_common_folder() {
        let files = [
            input("docs/book/a.html", 1000),
            input("docs/book/ch/b.html", 2000),
        ];
        assert_eq!(common_folder(&files), "docs/book");
        assert_eq!(common_folder(&[input("/a/x", 1), input("/b/y", 1)]), "/");
        assert_eq!(common_folder(&[input("x", 1), input("y", 1)]), ".");
        assert_eq!(human_bytes(3000), "2.9 KiB");
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(3 << 30), "3.0 GiB");
    }

    pub(crate) fn host() -> HostRecord {
        HostRecord {
            vendor: "AuthenticAMD".into(),
            brand: "AMD Ryzen 9 7950X".into(),
            family: 25,
            model: 97,
            stepping: 2,
            microcode: Some("0xa601203".into()),
            features: vec!["sse2".into(), "avx2".into(), "avx512f".into()],
            caches: vec![
                CacheRecord {
                    level: 2,
                    kind: "unified".into(),
                    bytes: 1 << 20,
                },
                CacheRecord {
                    level: 1,
                    kind: "data".into(),
                    bytes: 32 << 10,
                },
            ],
            logical_cores: 32,
            kernel: "6.8.0".into(),
            rustc: "rustc 1.95.0".into(),
            arsenal: "0.1.0".into(),
        }
    }

    #[test]
    fn fingerprint_is_16_hex_digits_and_pinned() {
        let fingerprint = host().fingerprint();
        assert_eq!(fingerprint.len(), 16);
        assert!(fingerprint
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        // Pinned: a change here changes every stored host's identity.
        assert_eq!(fingerprint, "6de6b63478ff1b47");
    }

    #[test]
    fn canonical_form_is_as_documented() {
        let expected = "arsenal-host/1\n\
            vendor=12:AuthenticAMD\n\
            brand=17:AMD Ryzen 9 7950X\n\
            family=25\nmodel=97\nstepping=2\n\
            microcode=9:0xa601203\n\
            features=3\nfeature=4:avx2\nfeature=7:avx512f\nfeature=4:sse2\n\
            caches=2\ncache=1,4:data,32768\ncache=2,7:unified,1048576\n\
            logical_cores=32\nkernel=5:6.8.0\nrustc=12:rustc 1.95.0\narsenal=5:0.1.0\n";
        assert_eq!(
            String::from_utf8(host().canonical_bytes()).unwrap(),
            expected
        );
        let mut no_microcode = host();
        no_microcode.microcode = None;
        let text = String::from_utf8(no_microcode.canonical_bytes()).unwrap();
        assert!(text.contains("\nmicrocode=-\n"), "{text}");
    }

    #[test]
    fn fingerprint_ignores_feature_and_cache_order() {
        let mut other = host();
        other.features.reverse();
        other.features.push("sse2".into());
        other.caches.reverse();
        assert_eq!(other.fingerprint(), host().fingerprint());
    }

    #[test]
    fn fingerprint_sees_every_field() {
        let base = host().fingerprint();
        let edits: [fn(&mut HostRecord); 12] = [
            |h| h.vendor.push('x'),
            |h| h.brand.push('x'),
            |h| h.family += 1,
            |h| h.model += 1,
            |h| h.stepping += 1,
            |h| h.microcode = None,
            |h| {
                h.features.pop();
            },
            |h| h.caches[0].bytes += 1,
            |h| h.logical_cores += 1,
            |h| h.kernel.push('x'),
            |h| h.rustc.push('x'),
            |h| h.arsenal.push('x'),
        ];
        for edit in edits {
            let mut changed = host();
            edit(&mut changed);
            assert_ne!(changed.fingerprint(), base, "{changed:?}");
        }
    }

    #[test]
    fn canonical_strings_cannot_run_into_each_other() {
        let mut a = host();
        a.vendor = "ab".into();
        a.brand = "c".into();
        let mut b = host();
        b.vendor = "a".into();
        b.brand = "bc".into();
        assert_ne!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn samples_round_trip_through_the_blob() {
        let samples = vec![1.5f32, 0.0, 1e-30, 3.25e12];
        let blob = encode_samples(&samples);
        assert_eq!(blob.len(), 16);
        assert_eq!(&blob[..4], &1.5f32.to_le_bytes());
        assert_eq!(decode_samples(&blob), Some(samples));
        assert_eq!(decode_samples(&[0, 1, 2]), None);
    }

    #[test]
    fn non_finite_numbers_are_refused_naming_the_field() {
        let err = finite(f64::NAN, || "budget_secs".into())
            .unwrap_err()
            .to_string();
        assert!(err.contains("budget_secs is NaN"), "{err}");
    }
}
