//! One input file through detection, splitting, parsing, language detection
//! and extraction dispatch, as `fouille index` reads it (in-process).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: fouille_fuzz_hook::install(),
    |data: &[u8]| fouille_indexer::fuzzing::ingest_one(data)
);

mod fouille_fuzz_hook {
    /// Fouille runs third-party extractors under `catch_unwind` (and in a
    /// separate worker process in real runs): their panics are contained by
    /// design and recorded as failures. A panic in Fouille's own code is a
    /// finding: abort so that libFuzzer saves the input. A panic nobody
    /// catches aborts anyway (libfuzzer-sys's own `catch_unwind`).
    pub fn install() {
        let default_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let ours = info.location().is_some_and(|location| {
                let file = location.file();
                !file.contains(".cargo/registry")
                    && ["schema/src/", "extract/src/", "indexer/src/", "search/src/"]
                        .iter()
                        .any(|ours| file.contains(ours))
            });
            if ours {
                default_hook(info);
                std::process::abort();
            }
        }));
    }
}
