//! Pinning the measuring thread to one CPU for single-threaded variants, and releasing it for
//! parallel ones. Where the OS refuses (or is not Linux), both are no-ops and the run notes it.

/// The measuring thread's CPU affinity: the mask it started with, and the CPU to pin to.
pub struct Affinity {
    #[cfg(target_os = "linux")]
    original: libc::cpu_set_t,
    #[cfg(target_os = "linux")]
    pinned: libc::cpu_set_t,
    usable: bool,
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
        };
        let usable = usable && affinity.set(&affinity.pinned) && affinity.set(&affinity.original);
        Affinity { usable, ..affinity }
    }

    fn set(&self, set: &libc::cpu_set_t) -> bool {
        // SAFETY: pid 0 is this thread; the size matches the set passed.
        unsafe { libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), set) == 0 }
    }

    /// Runs the thread on the one chosen CPU.
    pub fn pin(&self) {
        if self.usable {
            self.set(&self.pinned);
        }
    }

    /// Lets the thread run on every CPU it was allowed at the start.
    pub fn unpin(&self) {
        if self.usable {
            self.set(&self.original);
        }
    }
}

#[cfg(not(target_os = "linux"))]
impl Affinity {
    /// Pinning is not implemented here.
    pub fn new() -> Affinity {
        Affinity { usable: false }
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
