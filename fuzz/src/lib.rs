//! What Arsenal's fuzz targets share: the variants of an op this CPU may run, inputs placed at a
//! chosen misalignment in an allocation of exactly their size, and control bytes read off the
//! front of the fuzzer's input.
//!
//! Over-reads and over-writes: a [`Placed`] buffer is one heap allocation of `offset + len` bytes
//! (64-byte aligned) holding the data in its last `len` bytes, so under AddressSanitizer (cargo
//! fuzz's default) a read or write one byte past the end hits the allocator's redzone; the
//! `offset` bytes before the data are poisoned by hand (to the 8-byte granularity ASan allows).
//! Targets also run, on request of a control bit, on [`Guarded`] buffers flush against an
//! inaccessible page, which catch the same faults without a sanitizer.

#![feature(cfg_sanitize)]

use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::ptr::NonNull;

pub use arsenal::harness::Guarded;
use arsenal::registry::{Checked, Variant};
use arsenal::Kernel;

/// The op's reference variant, and every other variant this host may run (in table order).
///
/// # Panics
///
/// If the reference is missing or unavailable: it is portable by the registry's own tests.
pub fn variants<K: Kernel>() -> (Checked<K>, Vec<Checked<K>>) {
    let info = K::info();
    let reference = checked::<K>(info.reference)
        .unwrap_or_else(|| panic!("{}: reference `{}` unavailable", info.name, info.reference));
    let others = K::table()
        .iter()
        .filter_map(Variant::checked)
        .filter(|v| v.name() != info.reference)
        .collect();
    (reference, others)
}

/// The variant `name` of `K`, if it exists and this host may run it.
pub fn checked<K: Kernel>(name: &str) -> Option<Checked<K>> {
    arsenal::registry::variant::<K>(name).ok()
}

/// Control bytes taken off the front of an input; missing bytes read as zero.
#[derive(Debug)]
pub struct Control<'a> {
    ctl: &'a [u8],
}

impl<'a> Control<'a> {
    /// Splits `input` into `n` control bytes (fewer if it is shorter) and the data.
    pub fn split(input: &'a [u8], n: usize) -> (Control<'a>, &'a [u8]) {
        let n = n.min(input.len());
        let (ctl, data) = input.split_at(n);
        (Control { ctl }, data)
    }

    /// Control byte `i` (0 past the end).
    pub fn byte(&self, i: usize) -> u8 {
        self.ctl.get(i).copied().unwrap_or(0)
    }

    /// A misalignment `0..64` from control byte `i`.
    pub fn offset(&self, i: usize) -> usize {
        usize::from(self.byte(i) & 63)
    }

    /// A position in `0..len` (0 for an empty input) scaled from control byte `i`.
    pub fn position(&self, i: usize, len: usize) -> usize {
        usize::from(self.byte(i)) * len / 256
    }
}

const ALIGN: usize = 64;

/// `len` bytes at `offset` (`0..64`) past a 64-byte boundary, at the very end of a heap
/// allocation of exactly `offset + len` bytes.
#[derive(Debug)]
pub struct Placed {
    base: NonNull<u8>,
    layout: Option<Layout>,
    offset: usize,
    len: usize,
}

impl Placed {
    /// `len` zero bytes at `offset`.
    ///
    /// # Panics
    ///
    /// If `offset >= 64`.
    pub fn zeroed(len: usize, offset: usize) -> Placed {
        assert!(offset < ALIGN, "offset {offset} is not below {ALIGN}");
        let size = offset + len;
        if size == 0 {
            return Placed {
                // A dangling, well-aligned pointer: an empty slice may start there.
                base: NonNull::<[u8; ALIGN]>::dangling().cast(),
                layout: None,
                offset: 0,
                len: 0,
            };
        }
        let layout = Layout::from_size_align(size, ALIGN).expect("a small layout");
        // SAFETY: `layout` has a non-zero size.
        let base = NonNull::new(unsafe { alloc_zeroed(layout) })
            .unwrap_or_else(|| std::alloc::handle_alloc_error(layout));
        poison(base.as_ptr(), offset);
        Placed {
            base,
            layout: Some(layout),
            offset,
            len,
        }
    }

    /// A copy of `data` at `offset`.
    pub fn new(data: &[u8], offset: usize) -> Placed {
        let mut placed = Placed::zeroed(data.len(), offset);
        placed.bytes_mut().copy_from_slice(data);
        placed
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `offset..offset + len` lies inside the live allocation (or is empty at a
        // dangling, aligned pointer), initialised by `alloc_zeroed`, owned by `self`.
        unsafe { std::slice::from_raw_parts(self.base.as_ptr().add(self.offset), self.len) }
    }

    /// The bytes, writable.
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `bytes`; `&mut self` makes the borrow unique.
        unsafe { std::slice::from_raw_parts_mut(self.base.as_ptr().add(self.offset), self.len) }
    }
}

impl Drop for Placed {
    fn drop(&mut self) {
        if let Some(layout) = self.layout {
            unpoison(self.base.as_ptr(), self.offset);
            // SAFETY: allocated in `zeroed` with this very layout; no borrow outlives `self`.
            unsafe { dealloc(self.base.as_ptr(), layout) }
        }
    }
}

#[cfg(sanitize = "address")]
extern "C" {
    fn __asan_poison_memory_region(addr: *const u8, size: usize);
    fn __asan_unpoison_memory_region(addr: *const u8, size: usize);
}

/// Marks `len` bytes at `ptr` (the padding before a placed input) as inaccessible to ASan.
fn poison(ptr: *const u8, len: usize) {
    #[cfg(sanitize = "address")]
    // SAFETY: the region lies inside an allocation this crate owns; ASan only marks shadow memory.
    unsafe {
        __asan_poison_memory_region(ptr, len)
    };
    let _ = (ptr, len);
}

/// Undoes [`poison`] before the allocation is freed.
fn unpoison(ptr: *const u8, len: usize) {
    #[cfg(sanitize = "address")]
    // SAFETY: as in `poison`.
    unsafe {
        __asan_unpoison_memory_region(ptr, len)
    };
    let _ = (ptr, len);
}

/// A copy of `data` whose last byte is the last before an inaccessible page.
pub fn guarded_at_end(data: &[u8]) -> Guarded {
    let mut g = Guarded::at_end(data.len());
    g.bytes_mut().copy_from_slice(data);
    g
}

/// A copy of `data` whose first byte is the first after an inaccessible page.
pub fn guarded_at_start(data: &[u8]) -> Guarded {
    let mut g = Guarded::at_start(data.len());
    g.bytes_mut().copy_from_slice(data);
    g
}

/// At most the first 64 bytes of `data` in hex, for failure messages.
pub fn hex_prefix(data: &[u8]) -> String {
    let mut s: String = data.iter().take(64).map(|b| format!("{b:02x}")).collect();
    if data.len() > 64 {
        s.push('…');
    }
    s
}
