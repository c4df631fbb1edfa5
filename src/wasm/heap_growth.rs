//! A global allocator wrapper that grows the WebAssembly memory geometrically.
//!
//! Each `memory.grow` in V8 (measured in Node 20.20) takes time in proportion to the memory's
//! size, and the inner allocator grows the memory by only the pages one allocation needs. A
//! result of hundreds of thousands of issues then took thousands of grows and quadratic time:
//! `validateTask` with 100 000 invalid volumes (400 000 issues) took 17 to 29 s on the first call
//! and 2 to 3 s on the next, and about 2 s on both with this wrapper (Node 20.20, a busy 2-core
//! machine). When the inner allocator has grown the memory, this wrapper allocates and frees one
//! block half as large as the whole memory, so the memory grows by at least half per grow and
//! later allocations reuse the freed block.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32::memory_size;

/// Size of a WebAssembly memory page in bytes.
const PAGE_SIZE: usize = 65_536;

/// Wraps allocator `A` and grows the memory by half again whenever `A` grows it.
pub struct GeometricGrowth<A>(pub A);

impl<A: GlobalAlloc> GeometricGrowth<A> {
    /// Reserves a free block half as large as the current memory, when `pages_before` shows
    /// that the last call to the inner allocator grew the memory.
    ///
    /// # Safety
    /// Same contract as [`GlobalAlloc::alloc`] on the inner allocator.
    unsafe fn grow_ahead(&self, pages_before: usize) {
        let pages = memory_size::<0>();
        if pages <= pages_before {
            return;
        }
        let Ok(block) = Layout::from_size_align(pages.saturating_mul(PAGE_SIZE / 2), 1) else {
            return;
        };
        let pointer = self.0.alloc(block);
        if !pointer.is_null() {
            self.0.dealloc(pointer, block);
        }
    }
}

// SAFETY: every method forwards to the inner allocator with the caller's arguments; the extra
// block is allocated and freed through the same allocator with one layout.
unsafe impl<A: GlobalAlloc> GlobalAlloc for GeometricGrowth<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pages_before = memory_size::<0>();
        let pointer = self.0.alloc(layout);
        self.grow_ahead(pages_before);
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pages_before = memory_size::<0>();
        let pointer = self.0.alloc_zeroed(layout);
        self.grow_ahead(pages_before);
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        self.0.dealloc(pointer, layout);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let pages_before = memory_size::<0>();
        let moved = self.0.realloc(pointer, layout, new_size);
        self.grow_ahead(pages_before);
        moved
    }
}
