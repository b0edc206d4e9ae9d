//! `fouille`: index a mail dump into a searchable archive, search it, serve it.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    limit_malloc_arenas();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // html5ever reports every parse error of hostile HTML as a warning:
    // 400,000 lines for one crafted mail.
    let filter = ["html5ever=off", "markup5ever=off", "ammonia=off"]
        .into_iter()
        .filter_map(|directive| directive.parse().ok())
        .fold(filter, |filter, directive| filter.add_directive(directive));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let args = fouille_server::cli::Args::parse();
    match fouille_server::cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("fouille: {}", error_chain(&err));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes, each once: the engine's errors already end
/// with the text of their cause.
fn error_chain(err: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in err.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// Runs this same command again with `MALLOC_ARENA_MAX` set, unless it is.
///
/// glibc gives threads that allocate at once arenas of their own (up to
/// eight per core) and seldom returns what is freed in them. With the
/// indexer's parsing, indexing and merging threads that was 180 MiB of its
/// private memory at a million messages (961 against 782 MiB); glibc reads
/// the limit only from the environment at start-up, hence the new `exec`
/// (same process id, same arguments). On failure the command just runs on.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    use std::os::unix::process::CommandExt;
    const ARENAS: &str = "MALLOC_ARENA_MAX";
    if std::env::var_os(ARENAS).is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let arg0 = args.next().unwrap_or_else(|| exe.clone().into_os_string());
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let error = std::process::Command::new(&exe)
        .arg0(arg0)
        .args(args)
        .env(ARENAS, cores.max(2).to_string())
        .exec();
    eprintln!("fouille: could not limit malloc arenas: {error}");
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
