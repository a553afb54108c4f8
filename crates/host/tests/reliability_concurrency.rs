//! Many handles on many threads against one device: mixed IOCTLs (valid
//! and malformed), reads, raw reads, exclusive lock and unlock, removal
//! locks, media polls, and handles closed (cleanup) and reopened mid-run,
//! for a fixed number of rounds per thread (not a time).
//!
//! Checked: every request completes (each thread finishes all its rounds;
//! a watchdog turns a deadlock into a failure instead of a hung run); at
//! most one handle holds the exclusive lock (after a successful lock the
//! owner is the locking handle until it unlocks or closes, whatever the
//! other threads do); the verifier records no violation; once every handle
//! is closed no lock, prevent count or MCN disable remains.

mod reliability_support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use cdfilter_core::handlers::media::poll_media;
use cdfilter_core::ioctl::Ioctl;
use cdfilter_core::port::Port;
use cdfilter_core::Platform;
use cdfilter_host::fault::{Fault, FaultInjector, Plan};
use cdfilter_host::model::Granted;
use cdfilter_host::sim::SimDrive;
use cdfilter_host::{Handle, Stack};
use reliability_support::{lock_input, owned_rows, raw_read_input, valid_request};

const THREADS: u64 = 6;
const ROUNDS: u64 = 400;
/// Generous bound for the whole run; it exists only so a deadlock fails
/// the test instead of hanging it (a normal run takes a few seconds).
const WATCHDOG: Duration = Duration::from_secs(600);

/// xorshift64: each thread's deterministic choice of operations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Worker<'a, P: Port> {
    stack: &'a Stack<P>,
    rng: Rng,
    handle: Handle,
    /// This handle holds the exclusive lock.
    locked: bool,
    name: Vec<u8>,
    requests: u64,
}

impl<P: Port> Worker<'_, P> {
    fn my_id(&self) -> Option<u64> {
        self.stack.file_context(self.handle).map(|f| f.id().get())
    }

    fn owner(&self) -> u64 {
        self.stack
            .device()
            .shared
            .exclusive_owner
            .load(Ordering::Acquire)
    }

    fn lock(&mut self) {
        let r = self.stack.ioctl(
            self.handle,
            Ioctl::CdromExclusiveAccess.code(),
            &lock_input(&self.name),
            0,
        );
        self.requests += 1;
        if r.status.is_success() {
            assert!(!self.locked, "a second lock by the holder succeeded");
            assert_eq!(
                Some(self.owner()),
                self.my_id(),
                "the lock succeeded but another handle owns the device"
            );
            self.locked = true;
        }
    }

    fn unlock(&mut self) {
        if self.locked {
            assert_eq!(
                Some(self.owner()),
                self.my_id(),
                "another handle took the lock this handle holds"
            );
        }
        let input: Vec<u8> = [2u32, 0].iter().flat_map(|v| v.to_le_bytes()).collect();
        let r = self
            .stack
            .ioctl(self.handle, Ioctl::CdromExclusiveAccess.code(), &input, 0);
        self.requests += 1;
        assert_eq!(r.status.is_success(), self.locked, "unlock: {}", r.status);
        self.locked = false;
    }

    fn reopen(&mut self) {
        self.stack.close_handle(self.handle);
        self.locked = false;
        self.handle = self.stack.open(Granted::READ_WRITE);
        self.requests += 1;
    }

    fn round(&mut self) {
        let rows = owned_rows();
        match self.rng.below(10) {
            0 | 1 => {
                let d = rows[self.rng.below(rows.len() as u64) as usize];
                // Eject and load stay out: a tray that moves mid-run turns
                // every other thread's request into NO_MEDIA.
                if matches!(
                    d.id,
                    Ioctl::CdromEjectMedia
                        | Ioctl::StorageEjectMedia
                        | Ioctl::CdromLoadMedia
                        | Ioctl::StorageLoadMedia
                        | Ioctl::StorageLoadMedia2
                ) {
                    return;
                }
                let (input, out_len) = valid_request(d.id);
                let _ = self.stack.ioctl(self.handle, d.code, &input, out_len);
            }
            2 => self.lock(),
            3 => self.unlock(),
            4 => {
                let lba = self.rng.below(290);
                let sectors = 1 + self.rng.below(8) as usize;
                let _ = self.stack.read(self.handle, lba * 2048, sectors * 2048);
            }
            5 => {
                let prevent = u8::from(self.rng.below(2) == 0);
                let code = Ioctl::StorageMediaRemoval.code();
                let _ = self.stack.ioctl(self.handle, code, &[prevent], 0);
            }
            6 => self.reopen(),
            7 => poll_media(self.stack.device()),
            8 => {
                let lba = 450 + self.rng.below(800) as i64;
                let count = 1 + self.rng.below(4) as u32;
                let input = raw_read_input(lba * 2048, count, 2);
                let code = Ioctl::CdromRawRead.code();
                let _ = self
                    .stack
                    .ioctl(self.handle, code, &input, count as usize * 2352);
            }
            _ => {
                let d = rows[self.rng.below(rows.len() as u64) as usize];
                let len = self.rng.below(80) as usize;
                let input: Vec<u8> = (0..len).map(|_| self.rng.next() as u8).collect();
                let out_len = self.rng.below(1024) as usize;
                if !matches!(
                    d.id,
                    Ioctl::CdromEjectMedia
                        | Ioctl::StorageEjectMedia
                        | Ioctl::CdromLoadMedia
                        | Ioctl::StorageLoadMedia
                        | Ioctl::StorageLoadMedia2
                ) {
                    let _ = self.stack.ioctl(self.handle, d.code, &input, out_len);
                }
            }
        }
        self.requests += 1;
    }
}

fn run<P: Port + Send>(stack: &Stack<P>, seed: u64) -> u64 {
    let done = AtomicU64::new(0);
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let done = &done;
            scope.spawn(move || {
                let mut w = Worker {
                    stack,
                    rng: Rng((seed + t).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
                    handle: stack.open(Granted::READ_WRITE),
                    locked: false,
                    name: format!("worker {t}").into_bytes(),
                    requests: 0,
                };
                for _ in 0..ROUNDS {
                    w.round();
                }
                stack.close_handle(w.handle);
                done.fetch_add(w.requests, Ordering::Relaxed);
            });
        }
    });
    done.load(Ordering::Relaxed)
}

fn check_released<P: Port>(stack: &Stack<P>) {
    let dev = stack.device();
    assert_eq!(dev.shared.exclusive_owner.load(Ordering::Relaxed), 0);
    let counts = dev.platform.serialize(|u| {
        (
            u.state.lock_count,
            u.state.protected_lock_count,
            u.state.media.mcn_disable_count,
        )
    });
    assert_eq!(counts, (0, 0, 0));
}

/// Runs the three seeds over stacks from `make` on a worker thread, with
/// the watchdog; returns the requests each run completed.
fn watched<P: Port + Send + 'static>(make: fn() -> P) -> Vec<u64> {
    let (tx, rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let mut totals = Vec::new();
        for seed in [1u64, 2, 3] {
            let stack = Stack::new(make());
            let requests = run(&stack, seed);
            check_released(&stack);
            stack.assert_no_violations();
            totals.push(requests);
        }
        let _ = tx.send(totals);
    });
    match rx.recv_timeout(WATCHDOG) {
        Ok(totals) => totals,
        // A worker's assertion failed: report it.
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends before it ends"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("the threads did not finish their rounds within {WATCHDOG:?} (deadlock?)")
        }
    }
}

fn assert_all_completed(totals: &[u64]) {
    for &requests in totals {
        assert!(
            requests >= THREADS * ROUNDS,
            "{requests} requests completed, at least {} issued",
            THREADS * ROUNDS
        );
    }
}

#[test]
fn many_threads_many_handles_one_device() {
    assert_all_completed(&watched(SimDrive::with_builtin_disc));
}

/// The same with 5 % of the drive's commands failing (every sense class
/// and transport failure, seeded).
#[test]
fn many_threads_many_handles_one_failing_device() {
    assert_all_completed(&watched(|| {
        let faults = Fault::SENSE_CLASSES
            .iter()
            .chain(Fault::TRANSPORT)
            .map(|&(_, f)| f)
            .collect();
        FaultInjector::new(
            SimDrive::with_builtin_disc(),
            Plan::Seeded {
                seed: 0x5EED,
                per_mille: 50,
                faults,
            },
        )
    }));
}
