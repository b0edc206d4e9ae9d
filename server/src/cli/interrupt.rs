//! Ctrl-C for every long command: the first asks the run in hand to stop
//! and commit what it has (indexing, then the OCR pass), the second exits at
//! once. One handler for the process, installed on first use.

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);
static INSTALL: Once = Once::new();

/// The flag Ctrl-C sets, with the handler installed.
pub fn flag() -> &'static AtomicBool {
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if REQUESTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("\ninterrupted: committing what was done (Ctrl-C again to quit now)");
        });
    });
    &REQUESTED
}

/// True once Ctrl-C was pressed.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}
