//! Hardware counters through perf-event: cycles, instructions, cache misses, branch misses.
//!
//! Many machines (containers, VMs, `perf_event_paranoid` ≥ 3) refuse `perf_event_open`; then
//! [`PerfCounters::open`] returns the reason, the tuner records the counters as unavailable and
//! carries on.

/// Counts per call of one variant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Counters {
    /// CPU cycles per call.
    pub cycles: f64,
    /// Instructions retired per call.
    pub instructions: f64,
    /// Last-level cache misses per call.
    pub cache_misses: f64,
    /// Mispredicted branches per call.
    pub branch_misses: f64,
}

/// An open group of the four counters on this thread.
#[cfg(target_os = "linux")]
pub struct PerfCounters {
    group: perf_event::Group,
    counters: [perf_event::Counter; 4],
}

#[cfg(target_os = "linux")]
impl PerfCounters {
    /// Opens the group, or says why the kernel refused.
    pub fn open() -> Result<PerfCounters, String> {
        use perf_event::events::Hardware;
        use perf_event::{Builder, Group};
        let why = |e: std::io::Error| format!("perf events unavailable: {e}");
        let mut group = Group::new().map_err(why)?;
        let mut counter = |kind: Hardware| Builder::new().group(&mut group).kind(kind).build();
        let counters = [
            counter(Hardware::CPU_CYCLES).map_err(why)?,
            counter(Hardware::INSTRUCTIONS).map_err(why)?,
            counter(Hardware::CACHE_MISSES).map_err(why)?,
            counter(Hardware::BRANCH_MISSES).map_err(why)?,
        ];
        Ok(PerfCounters { group, counters })
    }

    /// Counts while `work` runs; `work` returns how many calls it made.
    pub fn measure(
        &mut self,
        work: impl FnOnce(&mut dyn FnMut(bool)) -> u64,
    ) -> Result<Counters, String> {
        let io = |e: std::io::Error| format!("perf events failed: {e}");
        self.group.reset().map_err(io)?;
        let mut failure = None;
        let group = &mut self.group;
        let calls = work(&mut |on: bool| {
            let r = if on { group.enable() } else { group.disable() };
            if let Err(e) = r {
                failure.get_or_insert(e);
            }
        });
        self.group.disable().map_err(io)?;
        if let Some(e) = failure {
            return Err(io(e));
        }
        let counts = self.group.read().map_err(io)?;
        let per_call = |c: &perf_event::Counter| counts[c] as f64 / calls.max(1) as f64;
        Ok(Counters {
            cycles: per_call(&self.counters[0]),
            instructions: per_call(&self.counters[1]),
            cache_misses: per_call(&self.counters[2]),
            branch_misses: per_call(&self.counters[3]),
        })
    }
}

/// Counters exist only on Linux.
#[cfg(not(target_os = "linux"))]
pub struct PerfCounters;

#[cfg(not(target_os = "linux"))]
impl PerfCounters {
    /// Always refuses.
    pub fn open() -> Result<PerfCounters, String> {
        Err("perf events exist only on Linux".into())
    }

    /// Never called.
    pub fn measure(
        &mut self,
        _work: impl FnOnce(&mut dyn FnMut(bool)) -> u64,
    ) -> Result<Counters, String> {
        Err("perf events exist only on Linux".into())
    }
}

impl std::fmt::Debug for PerfCounters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PerfCounters")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_either_counts_or_explains() {
        match PerfCounters::open() {
            Ok(mut pc) => {
                let c = pc
                    .measure(|toggle| {
                        toggle(true);
                        let mut x = 0u64;
                        for i in 0..100_000u64 {
                            x = std::hint::black_box(x.wrapping_add(i));
                        }
                        toggle(false);
                        1
                    })
                    .unwrap();
                assert!(c.instructions > 100_000.0, "{c:?}");
            }
            Err(why) => assert!(why.starts_with("perf events"), "{why}"),
        }
    }
}
