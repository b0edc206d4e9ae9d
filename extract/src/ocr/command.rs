//! Running Tesseract and pdftoppm: bytes in on stdin, bytes out on stdout,
//! within a time limit and an output cap. The programs inherit the worker's
//! address-space limit; a run that overstays is killed here, so no orphan
//! outlives the page it was started for.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use wait_timeout::ChildExt;

/// What a finished run printed.
pub struct Output {
    /// Standard output, whole.
    pub stdout: Vec<u8>,
    /// The end of standard error, for a failure's reason.
    pub stderr: String,
}

/// Standard error kept for reasons: the last lines say what went wrong.
const STDERR_KEPT: usize = 2048;

/// Runs `program` with `args`, writing `input` to its standard input, and
/// returns its output; an error (short, lowercase) when it cannot start,
/// overruns `timeout`, prints more than `max_output` bytes or fails.
pub fn run(
    program: &Path,
    args: &[String],
    input: Option<&[u8]>,
    timeout: Duration,
    max_output: usize,
) -> Result<Output, String> {
    let name = program.file_name().map_or_else(
        || program.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let mut child = Command::new(program)
        .args(args)
        // Tesseract's OpenMP threads fight over the cores the other
        // workers use: one thread per run is faster in total.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot run {name}: {err}"))?;
    let stdin = child.stdin.take();
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let result = std::thread::scope(|scope| {
        if let (Some(mut stdin), Some(input)) = (stdin, input) {
            // A program that stops reading (a bad image) closes the pipe:
            // its exit status says why, not this write.
            scope.spawn(move || {
                let _ = stdin.write_all(input);
            });
        }
        let out = scope.spawn(move || {
            let mut bytes = Vec::new();
            let read = (&mut stdout)
                .take(max_output as u64 + 1)
                .read_to_end(&mut bytes);
            read.map(|_| bytes)
        });
        let err = scope.spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            let start = bytes.len().saturating_sub(STDERR_KEPT);
            String::from_utf8_lossy(&bytes[start..]).into_owned()
        });
        let status = match child.wait_timeout(timeout) {
            Ok(Some(status)) => Ok(status),
            Ok(None) => Err(format!("{name} took longer than {} s", timeout.as_secs())),
            Err(err) => Err(format!("{name} could not be waited for: {err}")),
        };
        if status.is_err() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let stdout = out.join().ok().and_then(Result::ok).unwrap_or_default();
        let stderr = err.join().unwrap_or_default();
        (status, stdout, stderr)
    });
    let (status, stdout, stderr) = result;
    let status = status?;
    if stdout.len() > max_output {
        return Err(format!("{name} printed more than {max_output} bytes"));
    }
    if !status.success() {
        let last = stderr
            .lines()
            .map(str::trim)
            .rfind(|line| !line.is_empty())
            .unwrap_or("no message");
        return Err(match status.code() {
            Some(code) => format!("{name} failed (exit {code}): {last}"),
            None => format!("{name} was killed: {last}"),
        });
    }
    Ok(Output { stdout, stderr })
}
