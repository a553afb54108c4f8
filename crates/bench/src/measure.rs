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

/// What a calibration child measures.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Calibration {
    /// [`crate::rig::entry_empty`]: the harness's call.
    Empty,
    /// [`crate::rig::entry_serialize`]: the platform's serialisation.
    Serialize,
}

impl Calibration {
    fn arg(self) -> &'static str {
        match self {
            Self::Empty => "--callgrind-empty",
            Self::Serialize => "--callgrind-serialize",
        }
    }
}

/// A calibration child: `calls` calls of the calibration entry after a
/// warm-up call.
///
/// # Errors
/// Device start failure.
pub fn calibration_child(kind: Calibration, calls: u64) -> Result<(), String> {
    let f = file(0);
    let dev = crate::rig::core_device(ram()).map_err(|s| format!("start: {s}"))?;
    let _ = dev.run(Some(&f), true, |_| ());
    let mut out = [0u8; 8];
    for _ in 0..calls {
        match kind {
            Calibration::Empty => black_box(crate::rig::entry_empty(&f, 0x2_4000, &[], &mut out)),
            Calibration::Serialize => black_box(crate::rig::entry_serialize(&dev, &f)),
        };
    }
    Ok(())
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

/// Instructions of one call of a calibration entry.
///
/// # Errors
/// As [`instructions`].
pub fn calibration_instructions(exe: &Path, kind: Calibration) -> Result<f64, String> {
    let total = callgrind_total(exe, &[kind.arg(), &CALLGRIND_CYCLES.to_string()])?;
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
    /// The port's largest transfer per command.
    pub max_transfer: u32,
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
    /// Driver MB/s (best sample).
    pub driver_mb_s: f64,
    /// One memcpy of all bytes, MB/s (best sample).
    pub memcpy_mb_s: f64,
    /// memcpy in the port's pieces, MB/s (best sample).
    pub pieces_mb_s: f64,
    /// Best memcpy time ÷ best driver time. (A median of back-to-back
    /// pairs moved by ±10 % between runs even when the device did exactly
    /// the baseline's one memcpy; the best of many interleaved samples held
    /// within ±2 %.)
    pub ratio: f64,
    /// The same against the memcpy in the port's pieces.
    pub ratio_pieces: f64,
    /// Samples taken.
    pub samples: usize,
}

impl Throughput {
    /// Bytes the device moved per request.
    pub fn device_bytes(&self) -> f64 {
        self.device_bytes_total as f64 / self.requests as f64
    }
}

/// RAW_READ of `sectors` CDDA sectors at LBA 0, timed against a memcpy of
/// the same image bytes into the same buffer, and against the same memcpy
/// in the port's transfer size (`max_transfer` bytes per command). `samples` samples of each, interleaved (the
/// order rotates), each sample moving at least `sample_bytes`.
///
/// # Errors
/// Start failure or a request that did not complete as planned.
pub fn raw_read_throughput(
    sectors: u32,
    max_transfer: u32,
    samples: usize,
    sample_bytes: usize,
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
    let port = RamPort::new(DISC_SECTORS, max_transfer);
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
    let reps = (sample_bytes / bytes).max(1);
    let piece = (max_transfer as usize / RAW_SECTOR).max(1) * RAW_SECTOR;
    // Seconds per sample: [driver, memcpy, memcpy in pieces].
    let mut times: Vec<[f64; 3]> = Vec::with_capacity(samples);
    let mut complete = 0usize;
    let mut requests = 0usize;
    for sample in 0..samples {
        let mut t = [0f64; 3];
        for k in 0..3 {
            let method = (sample + k) % 3;
            let start = Instant::now();
            match method {
                0 => {
                    for _ in 0..reps {
                        rig.cycle_into(true, |a| {
                            complete += usize::from(matches(Expect::Success(bytes), a));
                        });
                    }
                    requests += reps;
                }
                1 => {
                    let dst = rig.buffer_mut(0);
                    for _ in 0..reps {
                        dst.copy_from_slice(black_box(source));
                        black_box(&mut *dst);
                    }
                }
                _ => {
                    let dst = rig.buffer_mut(0);
                    for _ in 0..reps {
                        for (d, s) in dst.chunks_mut(piece).zip(black_box(source).chunks(piece)) {
                            d.copy_from_slice(s);
                        }
                        black_box(&mut *dst);
                    }
                }
            }
            t[method] = start.elapsed().as_secs_f64();
        }
        times.push(t);
    }
    let best = |m: usize| times.iter().map(|t| t[m]).fold(f64::INFINITY, f64::min);
    let mb = (bytes * reps) as f64 / 1e6;
    let n = requests as f64;
    let moved = rig.dev.platform.with_unit(|u| u.port.bytes_moved) - moved0;
    Ok(Throughput {
        sectors,
        max_transfer,
        bytes,
        answer: describe(first[0]),
        all_complete: complete == requests,
        data_verified,
        commands: (rig.commands() - commands0) as f64 / n,
        device_bytes_total: moved,
        requests: requests as u64,
        device_moved_all: moved == (bytes * requests) as u64,
        bytes_copied: rig.bytes_copied() - copied0,
        driver_mb_s: mb / best(0),
        memcpy_mb_s: mb / best(1),
        pieces_mb_s: mb / best(2),
        ratio: best(1) / best(0),
        ratio_pieces: best(2) / best(0),
        samples,
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

/// One scaling run.
#[derive(Clone, Copy, Debug)]
pub struct Scaling {
    /// Threads, each on its own handle.
    pub threads: usize,
    /// Requests per second (wall clock).
    pub requests_per_s: f64,
    /// Time the device spent executing commands ÷ wall time (`None` for a
    /// path without device I/O).
    pub device_busy: Option<f64>,
    /// The threads' CPU time per request, µs (`/proc/thread-self/schedstat`).
    pub cpu_us_per_request: Option<f64>,
    /// Share of the threads' time spent runnable but waiting for a CPU
    /// (taken by other processes, or by each other beyond the core count).
    pub cpu_wait_share: Option<f64>,
    /// Unexpected answers.
    pub bad: u64,
}

/// (CPU time, run-queue wait) of the calling thread, ns.
fn thread_schedstat() -> Option<(u64, u64)> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut fields = text.split_whitespace().map(str::parse::<u64>);
    Some((fields.next()?.ok()?, fields.next()?.ok()?))
}

/// `threads` threads, each on its own handle of one device, issue `step`
/// for `duration`; each command keeps the device busy for `work`.
///
/// # Errors
/// Start failure, or a step that is not an IOCTL.
pub fn scaling(
    step: &Step,
    work: Duration,
    threads: usize,
    duration: Duration,
) -> Result<Scaling, String> {
    let dev = crate::rig::core_device(ram().with_work(work)).map_err(|s| format!("start: {s}"))?;
    let Op::Ioctl {
        code,
        input,
        out_len,
    } = &step.op
    else {
        return Err("scaling runs IOCTL steps".to_owned());
    };
    let busy0 = dev.platform.with_unit(|u| u.port.busy);
    let total = AtomicU64::new(0);
    let bad = AtomicU64::new(0);
    let cpu_ns = AtomicU64::new(0);
    let wait_ns = AtomicU64::new(0);
    let schedstat_ok = AtomicBool::new(true);
    let stop = AtomicBool::new(false);
    let start = Instant::now();
    std::thread::scope(|s| {
        for t in 0..threads {
            let (dev, total, bad, stop) = (&dev, &total, &bad, &stop);
            let (cpu_ns, wait_ns, schedstat_ok) = (&cpu_ns, &wait_ns, &schedstat_ok);
            s.spawn(move || {
                // Handle ids 1..=threads: separate file objects.
                let f = file(t);
                let mut out = vec![0u8; *out_len];
                let (mut n, mut wrong) = (0u64, 0u64);
                let before = thread_schedstat();
                while !stop.load(Ordering::Relaxed) {
                    for _ in 0..16 {
                        let a = crate::rig::entry_ioctl(dev, &f, *code, input, &mut out);
                        wrong += u64::from(!matches(step.expect, a));
                        n += 1;
                    }
                }
                match (before, thread_schedstat()) {
                    (Some((c0, w0)), Some((c1, w1))) => {
                        cpu_ns.fetch_add(c1 - c0, Ordering::Relaxed);
                        wait_ns.fetch_add(w1 - w0, Ordering::Relaxed);
                    }
                    _ => schedstat_ok.store(false, Ordering::Relaxed),
                }
                total.fetch_add(n, Ordering::Relaxed);
                bad.fetch_add(wrong, Ordering::Relaxed);
            });
        }
        std::thread::sleep(duration);
        stop.store(true, Ordering::Relaxed);
    });
    let wall = start.elapsed().as_secs_f64();
    let n = total.load(Ordering::Relaxed) as f64;
    let busy = dev
        .platform
        .with_unit(|u| u.port.busy)
        .saturating_sub(busy0)
        .as_secs_f64();
    let sched = schedstat_ok.load(Ordering::Relaxed) && n > 0.0;
    let cpu = cpu_ns.load(Ordering::Relaxed) as f64;
    let wait = wait_ns.load(Ordering::Relaxed) as f64;
    Ok(Scaling {
        threads,
        requests_per_s: n / wall,
        device_busy: (!work.is_zero()).then_some(busy / wall),
        cpu_us_per_request: sched.then_some(cpu / 1e3 / n),
        cpu_wait_share: sched.then_some(wait / 1e9 / (wall * threads as f64)),
        bad: bad.load(Ordering::Relaxed),
    })
}

/// The generated code of the lock check, from `exe`'s disassembly (objdump,
/// Intel syntax): the head of the core's `device_control` as the bench's
/// entry point calls it (the inlined check of a free lock and the table
/// look-up) up to its first return, then `may_access`, the check that runs
/// only while a handle holds the lock.
///
/// # Errors
/// objdump is missing or a function is not found.
pub fn disassembly(exe: &Path) -> Result<String, String> {
    let l = lock_listings(exe)?;
    let mut s = format!("{} (up to its first return):\n", l.entry_name);
    for line in &l.entry {
        s.push_str(line);
        s.push('\n');
        if line.ends_with("\tret") {
            break;
        }
    }
    s.push('\n');
    s.push_str(&l.slow_name);
    s.push_str(":\n");
    for line in &l.slow {
        s.push_str(line);
        s.push('\n');
    }
    Ok(s)
}

/// The two functions of the lock check, as objdump lists them.
struct LockListings {
    entry_name: String,
    entry: Vec<String>,
    slow_name: String,
    slow: Vec<String>,
}

/// Checks the release build's entry point: with the lock free, the
/// exclusive-lock check must be one load, a test and a conditional branch,
/// before any call (the "single atomic read"). Returns the three
/// instructions.
///
/// # Errors
/// objdump is missing, a function is not found, or the pattern is absent.
pub fn check_free_lock_path(exe: &Path) -> Result<String, String> {
    one_load_then_branch(&lock_listings(exe)?.entry).map(|ins| ins.join(" / "))
}

/// The first `mov REG,QWORD PTR [..]`, `test REG,REG`, `je`/`jne` run of a
/// listing, if it comes before any call, return or locked instruction.
///
/// # Errors
/// Says what came first instead.
pub fn one_load_then_branch(listing: &[String]) -> Result<[String; 3], String> {
    let ins: Vec<&str> = listing
        .iter()
        .map(|l| l.split_once('\t').map_or(l.as_str(), |(_, i)| i).trim())
        .collect();
    for (i, w) in ins.windows(3).enumerate() {
        let (load, test, branch) = (w[0], w[1], w[2]);
        if let Some(reg) = load
            .strip_prefix("mov")
            .map(str::trim_start)
            .and_then(|rest| rest.split_once(",QWORD PTR ["))
            .map(|(reg, _)| reg)
        {
            let op: Vec<&str> = test.split_whitespace().collect();
            if op.first() == Some(&"test")
                && op.get(1) == Some(&format!("{reg},{reg}").as_str())
                && (branch.starts_with("je ") || branch.starts_with("jne "))
            {
                return Ok([load.to_owned(), test.to_owned(), branch.to_owned()]);
            }
        }
        if ["call", "ret", "lock ", "xchg"]
            .iter()
            .any(|p| load.starts_with(p))
        {
            return Err(format!(
                "instruction {i} ({load}) comes before any load-test-branch of the lock word"
            ));
        }
    }
    Err("no load-test-branch in the listing".to_owned())
}

fn lock_listings(exe: &Path) -> Result<LockListings, String> {
    let out = Command::new("objdump")
        .args(["-d", "-C", "--no-show-raw-insn", "-M", "intel"])
        .arg(exe)
        .output()
        .map_err(|e| format!("objdump: {e}"))?;
    if !out.status.success() {
        return Err(format!("objdump: {}", out.status));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    // (address, name, instructions) per function.
    let mut functions: Vec<(String, String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if let Some((addr, rest)) = line.split_once(" <") {
            if let Some(name) = rest.strip_suffix(">:") {
                functions.push((
                    addr.trim_start_matches('0').to_owned(),
                    name.to_owned(),
                    Vec::new(),
                ));
                continue;
            }
        }
        if let Some((_, name, body)) = functions.last_mut() {
            let ins = line.trim();
            // Padding between functions is not code; jumps inside the
            // function show as `<+offset>`.
            if !ins.is_empty() && !ins.ends_with("int3") {
                body.push(ins.replace(&format!("<{name}+"), "<+"));
            }
        }
    }
    let find = |pred: &dyn Fn(&str, &str) -> bool, what: &str| {
        functions
            .iter()
            .find(|(a, n, _)| pred(a, n))
            .ok_or_else(|| format!("{what} not found in the disassembly"))
    };
    let (_, _, entry) = find(
        &|_, n| n == "cdfilter_bench::rig::entry_ioctl",
        "entry_ioctl",
    )?;
    // The entry point's call target: "call 50320 <...device_control>".
    let target = entry
        .iter()
        .filter_map(|l| l.split_once("call"))
        .filter(|(_, t)| t.contains("device_control"))
        .find_map(|(_, t)| t.split_whitespace().next())
        .ok_or("entry_ioctl calls no device_control")?
        .to_owned();
    let (_, dc_name, dc) = find(&|a, _| a == target, "device_control")?;
    // The slow path: `may_access`, or `may_issue` where the compiler
    // inlined `may_access` into its only caller.
    let (_, ma_name, ma) = find(&|_, n| n.ends_with("exclusive::may_access"), "may_access")
        .or_else(|_| find(&|_, n| n.ends_with("exclusive::may_issue"), "may_issue"))?;
    Ok(LockListings {
        entry_name: dc_name.clone(),
        entry: dc.clone(),
        slow_name: ma_name.clone(),
        slow: ma.clone(),
    })
}
