//! The wasm module's allocator grows the memory in few large steps. V8 takes time in proportion
//! to the memory's size for each `memory.grow`, so growing page by page made large validation
//! results quadratic. Run with `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

// Links the library, whose `#[global_allocator]` then serves this test.
extern crate digitalhub_tasks;

use core::arch::wasm32::memory_size;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn memory_grows_in_few_steps() {
    let mut pages = memory_size::<0>();
    let start_pages = pages;
    let mut grows = 0;
    let mut messages = Vec::new();
    for index in 0..300_000 {
        messages.push(format!(
            "issue {index}: a message about as long as the validator's, naming a value and a fix"
        ));
        let now = memory_size::<0>();
        if now != pages {
            grows += 1;
            pages = now;
        }
    }
    assert_eq!(messages.len(), 300_000);
    // About 30 MB were allocated, so the memory grew by hundreds of pages.
    assert!(
        pages - start_pages > 400,
        "grew {} pages",
        pages - start_pages
    );
    assert!(grows <= 40, "{grows} memory.grow steps");
}
