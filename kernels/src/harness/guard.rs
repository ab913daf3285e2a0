//! Buffers that touch an inaccessible page, so a kernel reading past either end faults.

use core::ptr::NonNull;

/// `len` bytes placed flush against an inaccessible (`PROT_NONE`) page on one side.
#[derive(Debug)]
pub struct Guarded {
    map: NonNull<u8>,
    map_len: usize,
    data: NonNull<u8>,
    len: usize,
}

impl Guarded {
    /// `len` bytes whose last byte is the last byte before an inaccessible page.
    pub fn at_end(len: usize) -> Guarded {
        Guarded::map(len, true)
    }

    /// `len` bytes whose first byte is the first byte after an inaccessible page.
    pub fn at_start(len: usize) -> Guarded {
        Guarded::map(len, false)
    }

    fn map(len: usize, flush_end: bool) -> Guarded {
        let page = page_size();
        let body = len.div_ceil(page).max(1) * page;
        let map_len = body + 2 * page;
        // SAFETY: an anonymous private mapping with no address hint has no preconditions.
        let map = unsafe {
            libc::mmap(
                core::ptr::null_mut(),
                map_len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert!(map != libc::MAP_FAILED, "mmap of {map_len} bytes failed");
        let map = map.cast::<u8>();
        // SAFETY: both guard pages lie inside the mapping just created.
        unsafe {
            assert_eq!(libc::mprotect(map.cast(), page, libc::PROT_NONE), 0);
            assert_eq!(
                libc::mprotect(map.add(page + body).cast(), page, libc::PROT_NONE),
                0
            );
        }
        let start = if flush_end { page + body - len } else { page };
        // SAFETY: `start` is inside the accessible body, as is `start + len`.
        let data = unsafe { map.add(start) };
        Guarded {
            // SAFETY: mmap succeeded, so the pointer is not null.
            map: unsafe { NonNull::new_unchecked(map) },
            map_len,
            // SAFETY: an offset of a non-null mapping.
            data: unsafe { NonNull::new_unchecked(data) },
            len,
        }
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: `data..data+len` is readable, initialised (zeroed by mmap) and owned by `self`.
        unsafe { core::slice::from_raw_parts(self.data.as_ptr(), self.len) }
    }

    /// The bytes, writable.
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `bytes`, and `&mut self` makes the borrow unique.
        unsafe { core::slice::from_raw_parts_mut(self.data.as_ptr(), self.len) }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping `map` created; no borrow of it outlives `self`.
        unsafe {
            libc::munmap(self.map.as_ptr().cast(), self.map_len);
        }
    }
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).unwrap_or(4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_touches_the_guard() {
        let page = page_size();
        let g = Guarded::at_end(100);
        assert_eq!((g.bytes().as_ptr() as usize + 100) % page, 0);
        let g = Guarded::at_start(100);
        assert_eq!(g.bytes().as_ptr() as usize % page, 0);
        let mut g = Guarded::at_end(0);
        assert!(g.bytes_mut().is_empty());
    }
}
