//! Exports run apart from everything else, bounded in number, in memory and
//! in how long they wait for a client that does not read.
//!
//! An export streams every match of a search, possibly the whole archive.
//! Each runs on a thread of its own, started only with a slot: at most
//! `--max-exports` at once and `--max-exports-per-client` per client address
//! (`503 unavailable` past either), so exports can neither fill the pool
//! that searches and sign-ins use nor multiply. What an export has written
//! waits in a queue of a few small chunks; a record larger than a chunk is
//! split. When the client has taken nothing for `--export-stall-timeout`,
//! or reads so slowly that the export waits on it more than that in all
//! at less than [`MIN_BYTES_PER_SECOND`], the export stops and gives its
//! slot back.

use std::collections::HashMap;
use std::io::Write;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use tokio::sync::mpsc;
use tokio::sync::mpsc::error::TrySendError;

/// Bytes in one chunk of the response.
pub const CHUNK: usize = 16 * 1024;
/// Chunks waiting for the client, at most.
pub const QUEUED_CHUNKS: usize = 4;
/// Once an export has waited for its client longer than the stall period in
/// all, a client that took less than this per second of that waiting is
/// stopped: reading a chunk now and then must not hold a slot for ever.
pub const MIN_BYTES_PER_SECOND: u64 = 4 * 1024;

/// How many exports may run, and how long one waits for its client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportLimits {
    /// Exports running at once, in all.
    pub global: usize,
    /// Exports running at once for one client address.
    pub per_client: usize,
    /// An export whose client takes nothing for this long is stopped.
    pub stall: Duration,
}

impl Default for ExportLimits {
    fn default() -> ExportLimits {
        ExportLimits {
            global: 4,
            per_client: 2,
            stall: Duration::from_secs(30),
        }
    }
}

/// The export slots of a server.
#[derive(Debug)]
pub struct ExportSlots {
    limits: ExportLimits,
    /// Running exports: in all, and by client.
    running: Mutex<(usize, HashMap<Option<IpAddr>, usize>)>,
}

/// A running export's slot, given back when dropped.
#[derive(Debug)]
pub struct ExportSlot {
    slots: Arc<ExportSlots>,
    client: Option<IpAddr>,
}

impl ExportSlots {
    /// Slots under `limits`.
    pub fn new(limits: ExportLimits) -> Arc<ExportSlots> {
        Arc::new(ExportSlots {
            limits,
            running: Mutex::new((0, HashMap::new())),
        })
    }

    /// The limits.
    pub fn limits(&self) -> ExportLimits {
        self.limits
    }

    /// A slot for `client`, or why there is none.
    pub fn acquire(self: &Arc<Self>, client: Option<IpAddr>) -> Result<ExportSlot, &'static str> {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let (total, by_client) = &mut *running;
        if *total >= self.limits.global {
            return Err("too many exports are running; retry in a moment");
        }
        let mine = by_client.entry(client).or_insert(0);
        if *mine >= self.limits.per_client {
            return Err("this address already runs as many exports as it may; retry when one ends");
        }
        *mine += 1;
        *total += 1;
        Ok(ExportSlot {
            slots: Arc::clone(self),
            client,
        })
    }

    /// Exports running now.
    pub fn running(&self) -> usize {
        self.running.lock().unwrap_or_else(|e| e.into_inner()).0
    }
}

impl Drop for ExportSlot {
    fn drop(&mut self) {
        let mut running = self.slots.running.lock().unwrap_or_else(|e| e.into_inner());
        let (total, by_client) = &mut *running;
        *total = total.saturating_sub(1);
        if let Some(mine) = by_client.get_mut(&self.client) {
            *mine = mine.saturating_sub(1);
            if *mine == 0 {
                by_client.remove(&self.client);
            }
        }
    }
}

/// One item of the response stream.
pub type StreamItem = Result<Bytes, std::io::Error>;

/// A `Write` that hands chunks of at most [`CHUNK`] bytes to the response
/// stream; fails once the client is gone or has taken nothing for `stall`.
pub struct ChunkWriter {
    sender: mpsc::Sender<StreamItem>,
    buffer: Vec<u8>,
    stall: Duration,
    /// The client is gone or stalled: nothing more will reach it.
    lost: bool,
    /// How long the export waited for the client, and the bytes it took.
    waited: Duration,
    taken: u64,
    /// [`MIN_BYTES_PER_SECOND`], but in tests.
    min_rate: u64,
}

impl ChunkWriter {
    /// A writer and the receiving end of its stream.
    pub fn new(stall: Duration) -> (ChunkWriter, mpsc::Receiver<StreamItem>) {
        let (sender, receiver) = mpsc::channel(QUEUED_CHUNKS);
        let writer = ChunkWriter {
            sender,
            buffer: Vec::with_capacity(CHUNK),
            stall,
            lost: false,
            waited: Duration::ZERO,
            taken: 0,
            min_rate: MIN_BYTES_PER_SECOND,
        };
        (writer, receiver)
    }

    /// Ends the stream with an error, so the client sees a cut export
    /// rather than a complete one (unless it is gone or stalled).
    pub fn fail(mut self) {
        if !self.lost {
            let _ = self.send(Err(std::io::Error::other("export stopped")));
        }
    }

    /// Queues `item`, waiting at most `stall` for room.
    fn send(&mut self, mut item: StreamItem) -> std::io::Result<()> {
        let since = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match self.sender.try_send(item) {
                Ok(()) => return Ok(()),
                Err(TrySendError::Closed(_)) => {
                    self.lost = true;
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::BrokenPipe,
                        "client gone",
                    ));
                }
                Err(TrySendError::Full(back)) => {
                    if since.elapsed() >= self.stall {
                        self.lost = true;
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            "the client read nothing for too long",
                        ));
                    }
                    item = back;
                    // A blocking wait on the queue could not be timed out;
                    // a short sleep costs nothing while the client reads.
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
            }
        }
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let room = CHUNK - self.buffer.len();
        let taken = bytes.len().min(room);
        self.buffer.extend_from_slice(&bytes[..taken]);
        if self.buffer.len() >= CHUNK {
            self.flush()?;
        }
        Ok(taken)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        let size = chunk.len() as u64;
        let since = Instant::now();
        self.send(Ok(chunk))?;
        self.waited += since.elapsed();
        self.taken += size;
        if self.waited > self.stall
            && (self.taken as f64) < self.min_rate as f64 * self.waited.as_secs_f64()
        {
            self.lost = true;
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client reads too slowly",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_bounded_in_all_and_per_client() {
        let slots = ExportSlots::new(ExportLimits {
            global: 3,
            per_client: 2,
            stall: Duration::from_secs(1),
        });
        let a = Some("192.0.2.1".parse().unwrap());
        let b = Some("192.0.2.2".parse().unwrap());
        let first = slots.acquire(a).unwrap();
        let _second = slots.acquire(a).unwrap();
        assert!(slots.acquire(a).unwrap_err().contains("this address"));
        let _third = slots.acquire(b).unwrap();
        assert!(slots.acquire(b).unwrap_err().contains("too many exports"));
        assert_eq!(slots.running(), 3);
        drop(first);
        assert_eq!(slots.running(), 2);
        let _again = slots.acquire(a).unwrap();
    }

    #[test]
    fn large_records_are_split_and_a_stalled_client_stops_the_writer() {
        let (mut writer, mut receiver) = ChunkWriter::new(Duration::from_millis(200));
        let record = vec![b'x'; CHUNK * 5 + 10];
        let started = Instant::now();
        let err = writer.write_all(&record).and_then(|()| writer.flush());
        // Four chunks fit the queue; nobody reads the fifth.
        assert_eq!(err.unwrap_err().kind(), std::io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= Duration::from_millis(200));
        let mut sizes = Vec::new();
        while let Ok(Ok(chunk)) = receiver.try_recv() {
            sizes.push(chunk.len());
        }
        assert_eq!(sizes, [CHUNK; QUEUED_CHUNKS]);
    }

    #[test]
    fn a_failed_export_ends_its_stream_with_an_error() {
        let (mut writer, mut receiver) = ChunkWriter::new(Duration::from_secs(5));
        writer.write_all(&[b'x'; CHUNK]).unwrap();
        writer.fail();
        assert_eq!(receiver.try_recv().unwrap().unwrap().len(), CHUNK);
        assert!(receiver.try_recv().unwrap().is_err());
    }

    #[test]
    fn a_client_that_reads_a_chunk_now_and_then_is_stopped() {
        let (mut writer, mut receiver) = ChunkWriter::new(Duration::from_millis(300));
        // A chunk every 250 ms (64 KiB/s) never stalls, but is too slow
        // against this rate.
        writer.min_rate = 128 * 1024;
        let reader = std::thread::spawn(move || {
            let mut chunks = 0;
            loop {
                std::thread::sleep(Duration::from_millis(250));
                match receiver.try_recv() {
                    Ok(Ok(_)) => chunks += 1,
                    Ok(Err(_)) | Err(mpsc::error::TryRecvError::Disconnected) => return chunks,
                    Err(mpsc::error::TryRecvError::Empty) => {}
                }
            }
        });
        let err = (0..100)
            .try_for_each(|_| writer.write_all(&[b'x'; CHUNK]))
            .unwrap_err();
        assert_eq!(err.to_string(), "the client reads too slowly");
        drop(writer);
        assert!(reader.join().unwrap() < 20);
    }

    #[test]
    fn a_gone_client_stops_the_writer_at_once() {
        let (mut writer, receiver) = ChunkWriter::new(Duration::from_secs(60));
        drop(receiver);
        let err = writer.write_all(&[0; CHUNK]).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe);
    }
}
