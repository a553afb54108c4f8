//! Benchmarks of the driver's paths, reported side by side in one run.
//!
//! `cargo run --release -p cdfilter-bench` prints:
//! - instructions per request for each IOCTL family, counted by callgrind
//!   with collection toggled on only inside the driver's entry point and off
//!   again inside the port, so the simulated device's own work is excluded;
//! - heap allocations per request on every path (a counting allocator
//!   around the core's entry point);
//! - raw-read throughput for 64 KiB, 1 MiB and 8 MiB requests as a ratio to
//!   a bare memcpy of the same bytes, and the bytes the stack copied itself;
//! - the exclusive-lock check's cost per request;
//! - requests per second from 1, 2 and 4 threads on separate handles.
//!
//! Timing numbers are ratios within the same run; nothing here asserts on
//! time.

mod ram;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use cdfilter_core::device::{Device, FileContext, FileId};
use cdfilter_core::dispatch::IoctlRequest;
use cdfilter_core::ioctl::Ioctl;
use cdfilter_host::platform::HostPlatform;

use crate::ram::RamPort;

/// Counts every allocation the process makes.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

type Dev = Device<HostPlatform<RamPort>>;

/// One benchmarked request: the IOCTL, its input, its output length.
struct Case {
    family: &'static str,
    ioctl: Ioctl,
    input: Vec<u8>,
    out_len: usize,
}

fn raw_read_info(lba: u64, sectors: u32, mode: u32) -> Vec<u8> {
    let mut v = Vec::with_capacity(16);
    v.extend_from_slice(&(lba * 2048).to_le_bytes());
    v.extend_from_slice(&sectors.to_le_bytes());
    v.extend_from_slice(&mode.to_le_bytes());
    v
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            family: "TOC (READ_TOC)",
            ioctl: Ioctl::CdromReadToc,
            input: vec![],
            out_len: 804,
        },
        Case {
            family: "raw read, 1 sector CDDA",
            ioctl: Ioctl::CdromRawRead,
            input: raw_read_info(16, 1, 2),
            out_len: 2352,
        },
        Case {
            family: "inquiry (cached)",
            ioctl: Ioctl::CdromGetInquiryData,
            input: vec![],
            out_len: 96,
        },
        Case {
            family: "check verify",
            ioctl: Ioctl::StorageCheckVerify,
            input: vec![],
            out_len: 4,
        },
        Case {
            family: "geometry",
            ioctl: Ioctl::CdromGetDriveGeometry,
            input: vec![],
            out_len: 24,
        },
        Case {
            family: "configuration",
            ioctl: Ioctl::CdromGetConfiguration,
            input: {
                let mut v = vec![0u8; 24];
                v[4] = 1;
                v
            },
            out_len: 64,
        },
        Case {
            family: "Q channel position",
            ioctl: Ioctl::CdromReadQChannel,
            input: vec![1, 0],
            out_len: 16,
        },
        Case {
            family: "volume",
            ioctl: Ioctl::CdromGetVolume,
            input: vec![],
            out_len: 4,
        },
        Case {
            family: "exclusive query",
            ioctl: Ioctl::CdromExclusiveAccess,
            input: vec![0; 8],
            out_len: 65,
        },
        Case {
            family: "set speed",
            ioctl: Ioctl::CdromSetSpeed,
            input: {
                let mut v = vec![0u8; 12];
                v[4..6].copy_from_slice(&0xFFFFu16.to_le_bytes());
                v
            },
            out_len: 0,
        },
        Case {
            family: "pass-down (SCSI address)",
            ioctl: Ioctl::ScsiGetAddress,
            input: vec![],
            out_len: 8,
        },
    ]
}

fn device(max_transfer: u32) -> Dev {
    let mut dev = Device::new(HostPlatform::new(RamPort::new(4096, max_transfer)));
    let _ = dev.start();
    dev
}

#[inline(never)]
fn measured_request(dev: &Dev, file: &FileContext, code: u32, input: &[u8], out: &mut [u8]) {
    black_box(dev.device_control(IoctlRequest {
        code,
        input,
        output: out,
        file: Some(file),
    }));
}

fn file(n: u64) -> FileContext {
    FileContext::new(FileId::new(n).unwrap_or(FileId(std::num::NonZeroU64::MIN)))
}

/// `cdfilter-bench run-family INDEX N`: the process callgrind measures.
fn run_family(index: usize, n: u64) {
    let cases = cases();
    let case = &cases[index];
    let dev = device(64 * 1024);
    let f = file(1);
    let mut out = vec![0u8; case.out_len];
    for _ in 0..n {
        measured_request(&dev, &f, case.ioctl.code(), &case.input, &mut out);
    }
}

/// Instructions per request of one family under callgrind, or None without
/// valgrind.
fn instructions(index: usize) -> Option<f64> {
    let exe = std::env::current_exe().ok()?;
    let out_file =
        std::env::temp_dir().join(format!("cdfilter-callgrind-{}-{index}", std::process::id()));
    let count = |n: u64| -> Option<u64> {
        let status = Command::new("valgrind")
            .args([
                "--tool=callgrind",
                "--collect-atstart=no",
                "--toggle-collect=*measured_request*",
                "--toggle-collect=*RamPort*execute*",
            ])
            .arg(format!("--callgrind-out-file={}", out_file.display()))
            .arg(&exe)
            .args(["run-family", &index.to_string(), &n.to_string()])
            .stderr(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .status()
            .ok()?;
        if !status.success() {
            return None;
        }
        let text = std::fs::read_to_string(&out_file).ok()?;
        let _ = std::fs::remove_file(&out_file);
        text.lines()
            .find_map(|l| {
                l.strip_prefix("totals:")
                    .or_else(|| l.strip_prefix("summary:"))
            })
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
    };
    // Two runs, so one-time costs (first-call lazy initialisation) cancel.
    let (a, b) = (count(100)?, count(1100)?);
    Some(b.saturating_sub(a) as f64 / 1000.0)
}

fn allocations_per_request(case: &Case) -> f64 {
    let dev = device(64 * 1024);
    let f = file(1);
    let mut out = vec![0u8; case.out_len];
    measured_request(&dev, &f, case.ioctl.code(), &case.input, &mut out);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..1000 {
        measured_request(&dev, &f, case.ioctl.code(), &case.input, &mut out);
    }
    (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / 1000.0
}

/// Best-of time of `f` in seconds.
fn best_of(rounds: usize, mut f: impl FnMut()) -> f64 {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

struct Throughput {
    size: usize,
    ratio: f64,
    driver_mb_s: f64,
    memcpy_mb_s: f64,
    copied: u64,
    commands: u64,
}

fn raw_read_throughput(size: usize) -> Throughput {
    let sectors = (size / 2352).max(1) as u32;
    let bytes = sectors as usize * 2352;
    let dev = device(64 * 1024);
    let f = file(1);
    let input = raw_read_info(0, sectors, 2);
    let mut out = vec![0u8; bytes];
    let source: Vec<u8> = (0..bytes).map(|i| (i % 251) as u8).collect();
    let mut copy = vec![0u8; bytes];
    let reps = (64 * 1024 * 1024 / bytes).max(4);
    let commands_before = dev.platform.with_unit(|u| u.port.commands);
    let mut t_driver = f64::INFINITY;
    let mut t_copy = f64::INFINITY;
    // Alternate the two so drift on a noisy machine hits both.
    for _ in 0..7 {
        t_driver = t_driver.min(best_of(1, || {
            for _ in 0..reps {
                measured_request(&dev, &f, Ioctl::CdromRawRead.code(), &input, &mut out);
            }
        }));
        t_copy = t_copy.min(best_of(1, || {
            for _ in 0..reps {
                copy.copy_from_slice(black_box(&source));
                black_box(&mut copy);
            }
        }));
    }
    let commands = dev.platform.with_unit(|u| u.port.commands) - commands_before;
    let copied = dev.platform.with_unit(|u| u.state.bytes_copied);
    let mb = (bytes * reps) as f64 / 1e6;
    Throughput {
        size: bytes,
        ratio: t_copy / t_driver,
        driver_mb_s: mb / t_driver,
        memcpy_mb_s: mb / t_copy,
        copied,
        commands: commands / (7 * reps as u64),
    }
}

fn scaling(ioctl: Ioctl, input: &[u8], out_len: usize, threads: usize) -> f64 {
    let dev = Arc::new(device(64 * 1024));
    let per_thread = 20_000;
    let t = Instant::now();
    std::thread::scope(|s| {
        for i in 0..threads {
            let dev = Arc::clone(&dev);
            let input = input.to_vec();
            s.spawn(move || {
                let f = file(i as u64 + 1);
                let mut out = vec![0u8; out_len];
                for _ in 0..per_thread {
                    measured_request(&dev, &f, ioctl.code(), &input, &mut out);
                }
            });
        }
    });
    (threads * per_thread) as f64 / t.elapsed().as_secs_f64()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("run-family") {
        let index = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0);
        let n = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1000);
        run_family(index, n);
        return;
    }
    let have_valgrind = Command::new("valgrind").arg("--version").output().is_ok();
    println!(
        "## Instructions and allocations per request (driver only; the device's work excluded)\n"
    );
    println!("| IOCTL family | instructions/request | heap allocations/request |");
    println!("|---|---:|---:|");
    for (i, case) in cases().iter().enumerate() {
        let ins = if have_valgrind {
            instructions(i).map_or_else(|| "n/a".to_owned(), |v| format!("{v:.0}"))
        } else {
            "valgrind not installed".to_owned()
        };
        println!(
            "| {} | {ins} | {:.2} |",
            case.family,
            allocations_per_request(case)
        );
    }

    println!("\n## Raw read (CDDA) throughput vs a bare memcpy of the same bytes\n");
    println!("| request | driver MB/s | memcpy MB/s | ratio | READ CDs per request | bytes copied by the stack |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for size in [64 * 1024, 1024 * 1024, 8 * 1024 * 1024] {
        let t = raw_read_throughput(size);
        println!(
            "| {} KiB ({} B) | {:.0} | {:.0} | {:.3} | {} | {} |",
            size / 1024,
            t.size,
            t.driver_mb_s,
            t.memcpy_mb_s,
            t.ratio,
            t.commands,
            t.copied
        );
    }

    println!("\n## Scaling: requests per second on separate handles of one device\n");
    println!("| request | 1 thread | 2 threads | 4 threads |");
    println!("|---|---:|---:|---:|");
    for (name, ioctl, input, out_len) in [
        (
            "inquiry (no device I/O)",
            Ioctl::CdromGetInquiryData,
            vec![],
            96usize,
        ),
        (
            "READ_TOC (device serialised)",
            Ioctl::CdromReadToc,
            vec![],
            804,
        ),
    ] {
        let r: Vec<String> = [1, 2, 4]
            .iter()
            .map(|&n| format!("{:.0}", scaling(ioctl, &input, out_len, n)))
            .collect();
        println!("| {name} | {} |", r.join(" | "));
    }
}
