//! Pinning the measuring thread to one CPU for single-threaded variants, and releasing it for
//! parallel ones. Where the OS refuses (or is not Linux), both are no-ops and the run notes it.
//! A call that would not change the mask makes no system call: the latency loop places the
//! thread before every chunk of timed calls, and a system call there would be timed into the
//! chunk's first call through the caches and predictors it disturbs.

use std::sync::atomic::{AtomicU8, Ordering};

/// What the thread's mask is now, as far as this `Affinity` set it.
const UNKNOWN: u8 = 0;
const PINNED: u8 = 1;
const ORIGINAL: u8 = 2;

/// The measuring thread's CPU affinity: the mask it started with, and the CPU to pin to.
pub struct Affinity {
    #[cfg(target_os = "linux")]
    original: libc::cpu_set_t,
    #[cfg(target_os = "linux")]
    pinned: libc::cpu_set_t,
    usable: bool,
    now: AtomicU8,
}

impl std::fmt::Debug for Affinity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Affinity {{ usable: {} }}", self.usable)
    }
}

#[cfg(target_os = "linux")]
impl Affinity {
    /// Records the current mask and picks the CPU the thread runs on now.
    pub fn new() -> Affinity {
        // SAFETY: `cpu_set_t` is plain data; all-zero is the empty set.
        let mut original: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        // SAFETY: pid 0 is this thread; the size matches the set passed.
        let got = unsafe {
            libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut original)
        };
        // SAFETY: no preconditions.
        let cpu = unsafe { libc::sched_getcpu() };
        // SAFETY: as above.
        let mut pinned: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        let usable = got == 0 && cpu >= 0;
        if usable {
            // SAFETY: `cpu` is a valid CPU index reported by the kernel.
            unsafe { libc::CPU_SET(cpu as usize, &mut pinned) };
        }
        let affinity = Affinity {
            original,
            pinned,
            usable,
            now: AtomicU8::new(UNKNOWN),
        };
        let usable = usable && affinity.set(&affinity.pinned) && affinity.set(&affinity.original);
        Affinity {
            usable,
            now: AtomicU8::new(ORIGINAL),
            ..affinity
        }
    }

    /// Sets the mask `to` names, unless this `Affinity` already did.
    fn switch(&self, to: u8) {
        if self.usable && self.now.swap(to, Ordering::Relaxed) != to {
            let set = if to == PINNED {
                &self.pinned
            } else {
                &self.original
            };
            self.set(set);
        }
    }

    fn set(&self, set: &libc::cpu_set_t) -> bool {
        // SAFETY: pid 0 is this thread; the size matches the set passed.
        unsafe { libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), set) == 0 }
    }

    /// Runs the thread on the one chosen CPU.
    pub fn pin(&self) {
        self.switch(PINNED);
    }

    /// Lets the thread run on every CPU it was allowed at the start.
    pub fn unpin(&self) {
        self.switch(ORIGINAL);
    }
}

#[cfg(not(target_os = "linux"))]
impl Affinity {
    /// Pinning is not implemented here.
    pub fn new() -> Affinity {
        Affinity {
            usable: false,
            now: AtomicU8::new(UNKNOWN),
        }
    }

    /// No-op.
    pub fn pin(&self) {}

    /// No-op.
    pub fn unpin(&self) {}
}

impl Affinity {
    /// Whether pinning works here.
    pub fn usable(&self) -> bool {
        self.usable
    }
}

impl Default for Affinity {
    fn default() -> Self {
        Affinity::new()
    }
}

impl Drop for Affinity {
    fn drop(&mut self) {
        self.unpin();
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The CPUs the calling thread may run on.
    fn allowed() -> usize {
        // SAFETY: `cpu_set_t` is plain data; all-zero is the empty set.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        // SAFETY: pid 0 is this thread; the size matches the set passed.
        let got =
            unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
        assert_eq!(got, 0);
        // SAFETY: `set` was filled by the kernel.
        unsafe { libc::CPU_COUNT(&set) as usize }
    }

    #[test]
    fn pinning_twice_or_unpinning_twice_keeps_the_mask_it_set() {
        let start = allowed();
        let affinity = Affinity::new();
        if !affinity.usable() {
            eprintln!("pinning refused here; nothing to check");
            return;
        }
        affinity.pin();
        affinity.pin();
        assert_eq!(allowed(), 1);
        affinity.unpin();
        affinity.unpin();
        assert_eq!(allowed(), start);
        affinity.pin();
        drop(affinity);
        assert_eq!(allowed(), start, "dropping unpins");
    }
}
