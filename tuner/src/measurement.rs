//! Clocks: the wall clock for throughput samples (≥ 1 ms each, where its ~20 ns cost vanishes) and
//! the time-stamp counter for latency (one call per reading), both reported in nanoseconds.

use std::time::{Duration, Instant};

/// A clock the sampling loops read; everything after works on `f64` nanoseconds.
pub trait Clock {
    /// A reading.
    type Stamp: Copy;
    /// Reads the clock.
    fn now(&self) -> Self::Stamp;
    /// Nanoseconds from `start` to `end`, minus the cost of the two readings where known.
    fn elapsed_ns(&self, start: Self::Stamp, end: Self::Stamp) -> f64;
    /// The least step between two readings that differ, in nanoseconds: a single timed call is
    /// known to about this much, however many calls are timed.
    fn resolution_ns(&self) -> f64;
}

/// `std::time::Instant`.
#[derive(Clone, Copy, Debug, Default)]
pub struct WallClock;

impl Clock for WallClock {
    type Stamp = Instant;

    #[inline(always)]
    fn now(&self) -> Instant {
        Instant::now()
    }

    #[inline(always)]
    fn elapsed_ns(&self, start: Instant, end: Instant) -> f64 {
        end.duration_since(start).as_nanos() as f64
    }

    fn resolution_ns(&self) -> f64 {
        static STEP: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
        *STEP.get_or_init(|| least_step(Instant::now, |a, b| b.duration_since(a).as_nanos() as f64))
    }
}

/// The least positive difference between two back-to-back readings of `read`, over a few
/// thousand pairs: the clock's step, or the cost of a reading where that is larger (either way,
/// what one reading can tell apart). 1.0 (a nanosecond or a tick) if the clock never moved.
fn least_step<S: Copy + PartialEq>(read: impl Fn() -> S, diff: impl Fn(S, S) -> f64) -> f64 {
    let mut least = f64::INFINITY;
    for _ in 0..4096 {
        let a = read();
        let mut b = read();
        // A bounded wait for the next step: a clock can read the same value many times.
        for _ in 0..1 << 16 {
            if b != a {
                break;
            }
            b = read();
        }
        let d = diff(a, b);
        if d > 0.0 {
            least = least.min(d);
        }
    }
    if least.is_finite() {
        least
    } else {
        1.0
    }
}

/// The time-stamp counter, fenced (`lfence; rdtsc` … `rdtscp; lfence`) so the timed call can
/// neither start before the first reading nor finish after the second. Calibrated against the
/// wall clock; the median cost of an empty pair of readings is subtracted from every interval.
#[derive(Clone, Copy, Debug)]
pub struct CycleClock {
    ns_per_tick: f64,
    overhead_ticks: f64,
    step_ticks: f64,
}

impl CycleClock {
    /// Calibrates the counter over ~20 ms; `None` where there is no usable invariant counter
    /// (another architecture, or two calibrations disagreeing by more than 1 %).
    pub fn calibrate() -> Option<CycleClock> {
        #[cfg(target_arch = "x86_64")]
        {
            let a = ticks_per_ns(Duration::from_millis(10));
            let b = ticks_per_ns(Duration::from_millis(10));
            if !(a > 0.0 && ((a - b) / a).abs() < 0.01) {
                return None;
            }
            // The counter's step: ~24 ticks (10 ns) on some virtual machines, where a call's p99
            // of 60 ns reads as 60 or 70 whatever its true value.
            let step_ticks = least_step(
                || {
                    // SAFETY: `rdtsc` exists on every x86_64 CPU.
                    unsafe { std::arch::x86_64::_rdtsc() }
                },
                |a, b| b.wrapping_sub(a) as f64,
            );
            let mut clock = CycleClock {
                ns_per_tick: 2.0 / (a + b),
                overhead_ticks: 0.0,
                step_ticks,
            };
            let mut empty: Vec<u64> = (0..2001)
                .map(|_| {
                    let s = clock.now();
                    let e = clock.now();
                    e.wrapping_sub(s)
                })
                .collect();
            empty.sort_unstable();
            clock.overhead_ticks = empty[empty.len() / 2] as f64;
            Some(clock)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            None
        }
    }

    /// Nanoseconds per counter tick.
    pub fn ns_per_tick(&self) -> f64 {
        self.ns_per_tick
    }

    /// The subtracted cost of a pair of readings, in nanoseconds.
    pub fn overhead_ns(&self) -> f64 {
        self.overhead_ticks * self.ns_per_tick
    }
}

#[cfg(target_arch = "x86_64")]
fn ticks_per_ns(span: Duration) -> f64 {
    let clock = CycleClock {
        ns_per_tick: 1.0,
        overhead_ticks: 0.0,
        step_ticks: 1.0,
    };
    let (t0, c0) = (Instant::now(), clock.now());
    while t0.elapsed() < span {
        std::hint::spin_loop();
    }
    let (t1, c1) = (Instant::now(), clock.now());
    c1.wrapping_sub(c0) as f64 / t1.duration_since(t0).as_nanos() as f64
}

#[cfg(target_arch = "x86_64")]
impl Clock for CycleClock {
    type Stamp = u64;

    #[inline(always)]
    fn now(&self) -> u64 {
        use std::arch::x86_64::{__rdtscp, _mm_lfence};
        let mut aux = 0u32;
        // SAFETY: `rdtscp` and `lfence` exist on every x86_64 CPU this clock was calibrated on
        // (calibration reads the counter the same way).
        unsafe {
            _mm_lfence();
            let t = __rdtscp(&mut aux);
            _mm_lfence();
            t
        }
    }

    #[inline(always)]
    fn elapsed_ns(&self, start: u64, end: u64) -> f64 {
        ((end.wrapping_sub(start) as f64 - self.overhead_ticks) * self.ns_per_tick).max(0.0)
    }

    fn resolution_ns(&self) -> f64 {
        self.step_ticks * self.ns_per_tick
    }
}

#[cfg(not(target_arch = "x86_64"))]
impl Clock for CycleClock {
    type Stamp = Instant;

    fn now(&self) -> Instant {
        Instant::now()
    }

    fn elapsed_ns(&self, start: Instant, end: Instant) -> f64 {
        end.duration_since(start).as_nanos() as f64
    }

    fn resolution_ns(&self) -> f64 {
        WallClock.resolution_ns()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_step_is_the_clock_step() {
        // A counter that moves 24 ticks every third reading.
        let reads = std::cell::Cell::new(0u64);
        let read = || {
            reads.set(reads.get() + 1);
            reads.get() / 3 * 24
        };
        assert_eq!(least_step(read, |a, b| (b - a) as f64), 24.0);
        // A clock that never moves reports one unit rather than nothing.
        assert_eq!(least_step(|| 5u64, |a, b| (b - a) as f64), 1.0);
        let wall = WallClock.resolution_ns();
        assert!(wall > 0.0 && wall < 1e6, "{wall}");
    }

    #[test]
    fn wall_clock_measures_a_sleep() {
        let c = WallClock;
        let s = c.now();
        std::thread::sleep(Duration::from_millis(2));
        let ns = c.elapsed_ns(s, c.now());
        assert!(ns >= 2e6, "{ns}");
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn cycle_clock_agrees_with_wall_clock() {
        let Some(c) = CycleClock::calibrate() else {
            eprintln!("no invariant TSC here; the wall clock is used instead");
            return;
        };
        let (w, s) = (Instant::now(), c.now());
        while w.elapsed() < Duration::from_millis(5) {}
        let cyc = c.elapsed_ns(s, c.now());
        let wall = w.elapsed().as_nanos() as f64;
        assert!((cyc / wall - 1.0).abs() < 0.05, "{cyc} vs {wall}");
        assert!(c.overhead_ns() < 1000.0);
        let step = c.resolution_ns();
        assert!(step > 0.0 && step < 1000.0, "{step}");
    }
}
