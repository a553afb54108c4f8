//! The measurements. Each returns plain numbers; [`crate::report`] prints
//! them. Nothing here asserts on time.

use std::hint::black_box;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cdfilter_core::ioctl::Ioctl;

use crate::cases::{self, raw_read_info, Case, Expect, Op, Step, CDDA};
use crate::counting::allocations_in;
use crate::ram::{RamPort, RAW_SECTOR};
use crate::rig::{describe, file, matches, CoreRig, HostRig};

/// Per-command transfer limit of the RAM drive (a common ATAPI limit).
pub const MAX_TRANSFER: u32 = 64 * 1024;
/// Sectors on the RAM drive's disc (9.6 MB: room for an 8 MiB raw read).
pub const DISC_SECTORS: usize = 4096;

/// The RAM drive every measurement starts from.
pub fn ram() -> RamPort {
    RamPort::new(DISC_SECTORS, MAX_TRANSFER)
}

/// What one case did, measured in-process.
#[derive(Clone, Debug)]
pub struct Facts {
    /// The answers of the cycle, described (`SUCCESS (804)`, ...).
    pub answers: Vec<String>,
    /// Heap allocations per request in the core (bench platform).
    pub core_allocations: f64,
    /// Heap allocations per request through the host stack (KMDF model,
    /// verifier, recorder), `None` where the stack has no such path.
    pub host_allocations: Option<f64>,
    /// Verifier violations the host stack recorded.
    pub host_violations: usize,
    /// Bytes the driver copied into callers' buffers itself, per request.
    pub bytes_copied: f64,
    /// Commands the device executed, per request.
    pub commands: f64,
}

/// Runs `case` in-process: checks every answer (warm-up cycle), then counts
/// allocations, commands and copied bytes over `cycles` more cycles, and the
/// same on the host stack.
///
/// # Errors
/// Start or setup failure, or an answer the case does not expect.
pub fn facts(case: &Case, cycles: u64) -> Result<Facts, String> {
    let mut rig = CoreRig::new(case, ram())?;
    let answers = rig.cycle(false);
    rig.check(&answers).map_err(|m| m.to_string())?;
    let steps = case.cycle.len() as f64;
    let requests = cycles as f64 * steps;
    let (commands, copied) = (rig.commands(), rig.bytes_copied());
    let mut bad = 0u64;
    let steps_ref = rig.steps().to_vec();
    let core = allocations_in(|| {
        for _ in 0..cycles {
            let mut i = 0;
            rig.cycle_into(true, |a| {
                bad += u64::from(!matches(steps_ref[i].expect, a));
                i += 1;
            });
        }
    });
    if bad != 0 {
        return Err(format!(
            "{}: {bad} unexpected answers while counting",
            case.key
        ));
    }
    let commands = (rig.commands() - commands) as f64 / requests;
    let bytes_copied = (rig.bytes_copied() - copied) as f64 / requests;

    let (host_allocations, host_violations) = if HostRig::supports(case) {
        let host = HostRig::new(case, ram())?;
        let warm = host.cycle();
        if let Some((s, a)) = case
            .cycle
            .iter()
            .zip(&warm)
            .find(|(s, a)| !matches(s.expect, **a))
        {
            return Err(format!(
                "{} on the host stack: expected {:?}, got {}",
                case.key,
                s.expect,
                describe(*a)
            ));
        }
        let n = allocations_in(|| {
            for _ in 0..cycles {
                black_box(host.cycle());
            }
        });
        (Some(n as f64 / requests), host.violations())
    } else {
        (None, 0)
    };
    Ok(Facts {
        answers: answers.into_iter().map(describe).collect(),
        core_allocations: core as f64 / requests,
        host_allocations,
        host_violations,
        bytes_copied,
        commands,
    })
}

/// Whether valgrind can be run.
pub fn have_valgrind() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The process callgrind measures: `case`'s setup and two warm-up cycles
/// (not counted), then `cycles` measured cycles.
///
/// # Errors
/// As [`CoreRig::new`], or an unexpected answer.
pub fn callgrind_child(key: &str, cycles: u64) -> Result<(), String> {
    let case = cases::find(key).ok_or_else(|| format!("no case {key}"))?;
    // The device claims its bulk transfers without copying. Its copy would
    // be excluded anyway, except that glibc moves large blocks with
    // `rep movsb`, which callgrind keeps counting after the toggle in
    // `execute` switched collection off (a 64 KiB READ CD showed ~127
    // memcpy instructions per request that were the device's). The driver
    // never reads the transferred bytes, so its path is the same.
    let mut port = ram();
    port.set_move_data(false);
    let mut rig = CoreRig::new(&case, port)?;
    for _ in 0..2 {
        let answers = rig.cycle(false);
        rig.check(&answers).map_err(|m| m.to_string())?;
    }
    for _ in 0..cycles {
        rig.cycle_into(true, |a| {
            black_box(a);
        });
    }
    Ok(())
}

/// The empty-entry child: the harness's own cost per call.
pub fn callgrind_empty_child(calls: u64) {
    let f = file(0);
    let mut out = [0u8; 8];
    for _ in 0..calls {
        black_box(crate::rig::entry_empty(&f, 0x2_4000, &[], &mut out));
    }
}

/// Cycles per callgrind run.
pub const CALLGRIND_CYCLES: u64 = 1000;

/// Instructions per request of case `key` (`steps` requests per cycle)
/// under callgrind: collection on inside the `entry_*` functions, off
/// inside the RAM drive's `execute`.
///
/// # Errors
/// valgrind failed or its output could not be read.
pub fn instructions(exe: &Path, key: &str, steps: usize) -> Result<f64, String> {
    let total = callgrind_total(
        exe,
        &["--callgrind-case", key, &CALLGRIND_CYCLES.to_string()],
    )?;
    Ok(total as f64 / (CALLGRIND_CYCLES as f64 * steps as f64))
}

/// Instructions of one call of [`crate::rig::entry_empty`].
///
/// # Errors
/// As [`instructions`].
pub fn empty_entry_instructions(exe: &Path) -> Result<f64, String> {
    let total = callgrind_total(exe, &["--callgrind-empty", &CALLGRIND_CYCLES.to_string()])?;
    Ok(total as f64 / CALLGRIND_CYCLES as f64)
}

fn callgrind_total(exe: &Path, args: &[&str]) -> Result<u64, String> {
    let out_file = std::env::temp_dir().join(format!(
        "cdfilter-bench-callgrind-{}-{}",
        std::process::id(),
        args.join("-")
    ));
    let status = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=cdfilter_bench::rig::entry_*",
            "--toggle-collect=*RamPort as cdfilter_core::port::Port>::execute",
        ])
        .arg(format!("--callgrind-out-file={}", out_file.display()))
        .arg(exe)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("valgrind: {e}"))?;
    if !status.success() {
        return Err(format!("valgrind {args:?}: {status}"));
    }
    let text = std::fs::read_to_string(&out_file).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out_file);
    text.lines()
        .find_map(|l| {
            l.strip_prefix("totals:")
                .or_else(|| l.strip_prefix("summary:"))
        })
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| "no totals in callgrind output".to_owned())
}

/// Raw-read throughput against a bare memcpy of the same bytes.
#[derive(Clone, Debug)]
pub struct Throughput {
    /// Sectors per request.
    pub sectors: u32,
    /// Bytes per request.
    pub bytes: usize,
    /// The answer (must be `SUCCESS (bytes)`).
    pub answer: String,
    /// Information == bytes and status SUCCESS on every request.
    pub all_complete: bool,
    /// The caller's buffer held the image's bytes after a request.
    pub data_verified: bool,
    /// READ CDs per request.
    pub commands: f64,
    /// Bytes the device moved, in all timed requests.
    pub device_bytes_total: u64,
    /// Timed requests.
    pub requests: u64,
    /// The device moved exactly the requested bytes for every request.
    pub device_moved_all: bool,
    /// Bytes the driver copied itself, in all requests.
    pub bytes_copied: u64,
    /// Driver MB/s (best round).
    pub driver_mb_s: f64,
    /// One memcpy of all bytes, MB/s (best round).
    pub memcpy_mb_s: f64,
    /// memcpy in the port's pieces, MB/s (best round).
    pub pieces_mb_s: f64,
}

impl Throughput {
    /// Bytes the device moved per request.
    pub fn device_bytes(&self) -> f64 {
        self.device_bytes_total as f64 / self.requests as f64
    }

    /// Driver ÷ one memcpy.
    pub fn ratio(&self) -> f64 {
        self.driver_mb_s / self.memcpy_mb_s
    }

    /// Driver ÷ memcpy in the port's pieces.
    pub fn ratio_pieces(&self) -> f64 {
        self.driver_mb_s / self.pieces_mb_s
    }
}

/// RAW_READ of `sectors` CDDA sectors at LBA 0, timed against a memcpy of
/// the same image bytes into the same buffer (alternating rounds, best of
/// `rounds`), each round moving about `round_bytes`.
///
/// # Errors
/// Start failure or a request that did not complete as planned.
pub fn raw_read_throughput(
    sectors: u32,
    rounds: usize,
    round_bytes: usize,
) -> Result<Throughput, String> {
    let bytes = sectors as usize * RAW_SECTOR;
    let case = Case {
        family: "raw read",
        key: "throughput",
        what: "RAW_READ",
        setup: vec![],
        cycle: vec![Step {
            handle: 0,
            op: Op::Ioctl {
                code: Ioctl::CdromRawRead.code(),
                input: raw_read_info(0, sectors, CDDA),
                out_len: bytes,
            },
            expect: Expect::Success(bytes),
        }],
    };
    let port = ram();
    let image = port.image();
    let source = image.get(..bytes).ok_or("disc too small")?;
    let mut rig = CoreRig::new(&case, port)?;

    // One checked request into a zeroed buffer: the device's bytes arrive.
    rig.buffer_mut(0).fill(0);
    let first = rig.cycle(false);
    rig.check(&first).map_err(|m| m.to_string())?;
    let data_verified = rig.buffer(0) == source;

    let (commands0, moved0, copied0) = (
        rig.commands(),
        rig.dev.platform.with_unit(|u| u.port.bytes_moved),
        rig.bytes_copied(),
    );
    let reps = (round_bytes / bytes).max(1);
    let piece = (MAX_TRANSFER as usize / RAW_SECTOR) * RAW_SECTOR;
    let (mut t_driver, mut t_memcpy, mut t_pieces) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    let mut complete = 0usize;
    let mut requests = 0usize;
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..reps {
            rig.cycle_into(true, |a| {
                complete += usize::from(matches(Expect::Success(bytes), a));
            });
        }
        t_driver = t_driver.min(t.elapsed().as_secs_f64());
        requests += reps;

        let dst = rig.buffer_mut(0);
        let t = Instant::now();
        for _ in 0..reps {
            dst.copy_from_slice(black_box(source));
            black_box(&mut *dst);
        }
        t_memcpy = t_memcpy.min(t.elapsed().as_secs_f64());

        let t = Instant::now();
        for _ in 0..reps {
            for (d, s) in dst.chunks_mut(piece).zip(black_box(source).chunks(piece)) {
                d.copy_from_slice(s);
            }
            black_box(&mut *dst);
        }
        t_pieces = t_pieces.min(t.elapsed().as_secs_f64());
    }
    let n = requests as f64;
    let moved = rig.dev.platform.with_unit(|u| u.port.bytes_moved) - moved0;
    let mb = (bytes * reps) as f64 / 1e6;
    Ok(Throughput {
        sectors,
        bytes,
        answer: describe(first[0]),
        all_complete: complete == requests,
        data_verified,
        commands: (rig.commands() - commands0) as f64 / n,
        device_bytes_total: moved,
        requests: requests as u64,
        device_moved_all: moved == (bytes * requests) as u64,
        bytes_copied: rig.bytes_copied() - copied0,
        driver_mb_s: mb / t_driver,
        memcpy_mb_s: mb / t_memcpy,
        pieces_mb_s: mb / t_pieces,
    })
}

/// Wall time per request of `case` with a device that moves no data (the
/// driver's own time, plus the RAM drive's few instructions per command),
/// best of `rounds` rounds of `requests` requests.
///
/// # Errors
/// As [`CoreRig::new`], or an unexpected answer.
pub fn driver_ns_per_request(case: &Case, rounds: usize, requests: usize) -> Result<f64, String> {
    let mut port = ram();
    port.set_move_data(false);
    let mut rig = CoreRig::new(case, port)?;
    let warm = rig.cycle(false);
    rig.check(&warm).map_err(|m| m.to_string())?;
    let cycles = (requests / case.cycle.len()).max(1);
    let mut best = f64::INFINITY;
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..cycles {
            rig.cycle_into(true, |a| {
                black_box(a);
            });
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    Ok(best * 1e9 / (cycles * case.cycle.len()) as f64)
}

/// Requests per second from `threads` threads, each on its own handle of
/// one device, issuing `step` for `duration`; each command costs the device
/// `work`. Also returns how many answers were unexpected.
///
/// # Errors
/// Start failure.
pub fn scaling(
    step: &Step,
    work: Duration,
    threads: usize,
    duration: Duration,
) -> Result<(f64, u64), String> {
    let dev = crate::rig::core_device(ram().with_work(work)).map_err(|s| format!("start: {s}"))?;
    let Op::Ioctl {
        code,
        input,
        out_len,
    } = &step.op
    else {
        return Err("scaling runs IOCTL steps".to_owned());
    };
    let total = AtomicU64::new(0);
    let bad = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let (dev, total, bad, stop) = (&dev, &total, &bad, &stop);
            s.spawn(move || {
                // Handle ids 1..=threads: separate file objects.
                let f = file(t);
                let mut out = vec![0u8; *out_len];
                let (mut n, mut wrong) = (0u64, 0u64);
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..16 {
                        let a = crate::rig::entry_ioctl(dev, &f, *code, input, &mut out);
                        wrong += u64::from(!matches(step.expect, a));
                        n += 1;
                    }
                }
                total.fetch_add(n, Ordering::Relaxed);
                bad.fetch_add(wrong, Ordering::Relaxed);
            });
        }
        std::thread::sleep(duration);
        stop.store(true, Ordering::Relaxed);
    });
    let elapsed = start.elapsed().as_secs_f64();
    Ok((
        total.load(Ordering::Relaxed) as f64 / elapsed,
        bad.load(Ordering::Relaxed),
    ))
}

/// The `may_issue`/`may_access` functions of `exe`, disassembled by
/// objdump (Intel syntax, no raw bytes), or why not.
pub fn disassembly(exe: &Path, symbols: &[&str]) -> Result<String, String> {
    let out = Command::new("objdump")
        .args(["-d", "-C", "--no-show-raw-insn", "-M", "intel"])
        .arg(exe)
        .output()
        .map_err(|e| format!("objdump: {e}"))?;
    if !out.status.success() {
        return Err(format!("objdump: {}", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut result = String::new();
    let mut inside = false;
    for line in text.lines() {
        if line.ends_with(">:") {
            inside = symbols.iter().any(|s| line.contains(s));
        }
        // Padding between functions is not the function's code.
        if inside && !line.ends_with("int3") {
            result.push_str(line.trim());
            result.push('\n');
        }
    }
    if result.is_empty() {
        Err(format!(
            "no symbol matching {symbols:?} (inlined everywhere?)"
        ))
    } else {
        Ok(result)
    }
}
